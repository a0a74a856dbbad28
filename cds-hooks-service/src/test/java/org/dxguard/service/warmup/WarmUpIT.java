package org.dxguard.service.warmup;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.dxguard.service.Fixtures;
import org.dxguard.service.ServiceConfig;
import org.dxguard.service.TestServer;
import org.dxguard.service.observability.PrometheusText;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Warm before ready, on a real service: readiness is red while the packaged synthetic calls run (component
 * {@code warmUp}, gauge {@code dxguard_warmup_done} 0), green once they ended (with the call count in readiness,
 * metrics and the log), real calls are answered meanwhile, and nothing of the warm-up reaches the decision log.
 */
class WarmUpIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Long enough that the first probe after start finds it running even on a crowded build machine. */
    private static final Duration WARM_UP = Duration.ofSeconds(10);

    private static PrometheusText metrics(TestServer server) {
        return PrometheusText.parse(server.get("/metrics", null).body());
    }

    @Test
    void should_stay_unready_while_warming_up_and_turn_ready_when_the_warm_up_ends() throws Exception {
        // given
        Logger logger = (Logger) LoggerFactory.getLogger(WarmUp.class);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        logger.addAppender(logs);
        try (TestServer server = TestServer.start(ServiceConfig.builder().graphEnabled(false)
                .capacity(ServiceConfig.Capacity.defaults().withWarmUp(WARM_UP)))) {

            // when: probed at once
            HttpResponse<String> early = server.get("/health/ready", null);
            PrometheusText earlyMetrics = metrics(server);
            HttpResponse<String> realCall = server.post("/cds-services/dxguard-medication-sign",
                server.sandboxToken("/cds-services/dxguard-medication-sign"),
                Fixtures.bytes("cdshooks/order-sign-request.json"));

            // then: red, saying why, while real calls are still answered
            assertThat(early.statusCode()).isEqualTo(503);
            JsonNode earlyBody = JSON.readTree(early.body());
            assertThat(earlyBody.at("/components/warmUp/status").asText()).isEqualTo("down");
            assertThat(earlyBody.at("/components/warmUp/details/state").asText()).isEqualTo("running");
            assertThat(earlyBody.path("reasons").toString()).contains("warming up");
            assertThat(earlyMetrics.value("dxguard_warmup_done", Map.of())).isZero();
            assertThat(earlyMetrics.value("dxguard_ready", Map.of())).isZero();
            assertThat(realCall.statusCode()).isEqualTo(200);

            // and when it has ended: green
            HttpResponse<String> ready = early;
            for (int i = 0; i < 600 && ready.statusCode() != 200; i++) {
                Thread.sleep(200);
                ready = server.get("/health/ready", null);
            }
            assertThat(ready.statusCode()).isEqualTo(200);
            JsonNode body = JSON.readTree(ready.body());
            assertThat(body.at("/components/warmUp/status").asText()).isEqualTo("up");
            assertThat(body.at("/components/warmUp/details/state").asText()).isEqualTo("done");
            int calls = body.at("/components/warmUp/details/calls").asInt();
            assertThat(calls).isPositive();
            assertThat(body.at("/components/warmUp/details/millis").asLong())
                .isGreaterThanOrEqualTo(WARM_UP.toMillis() - 50);
            PrometheusText m = metrics(server);
            assertThat(m.value("dxguard_warmup_done", Map.of())).isEqualTo(1.0);
            assertThat(m.value("dxguard_warmup_calls", Map.of())).isEqualTo(calls);
            assertThat(m.value("dxguard_ready", Map.of())).isEqualTo(1.0);
            assertThat(m.value("dxguard_component_up", Map.of("component", "warmUp"))).isEqualTo(1.0);
            // the warm-up's calls are not real calls: not in the request metrics, not in the decision log
            assertThat(m.value("dxguard_http_server_requests_seconds_count",
                Map.of("service", "dxguard-medication-sign"))).isEqualTo(1.0);
            List<String> records = Files.readAllLines(server.dataDir().resolve("audit").resolve("decisions.jsonl"));
            assertThat(records).hasSize(1);
            assertThat(records.get(0)).doesNotContain("urn:dxguard:warm-up");
            assertThat(server.dataDir().resolve("warm-up")).doesNotExist();
            List<String> messages = logs.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
            assertThat(messages).anyMatch(s -> s.startsWith("warm-up started: 6 synthetic fixtures"));
            assertThat(messages).anyMatch(s -> s.startsWith("warm-up finished: " + calls + " calls in "));
        } finally {
            logger.detachAppender(logs);
        }
    }

    @Test
    void should_replay_every_packaged_fixture_without_an_error() throws Exception {
        // given: each packaged fixture alone, through the real services
        try (TestServer server = TestServer.start(ServiceConfig.builder().graphEnabled(false))) {
            for (WarmUp.Fixture f : WarmUp.packagedFixtures()) {

                // when
                var result = server.server().api().call(f.serviceId(), f.body(), "urn:dxguard:warm-up");

                // then
                assertThat(result.status()).as(f.name()).isEqualTo(200);
            }
            assertThat(WarmUp.packagedFixtures()).extracting(WarmUp.Fixture::serviceId)
                .contains("dxguard-medication-sign", "dxguard-medication-select", "dxguard-differential");
        }
    }
}
