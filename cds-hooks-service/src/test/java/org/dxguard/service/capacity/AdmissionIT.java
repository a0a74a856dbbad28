package org.dxguard.service.capacity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import org.dxguard.service.Fixtures;
import org.dxguard.service.ServiceConfig;
import org.dxguard.service.TestServer;
import org.dxguard.service.observability.PrometheusText;
import org.junit.jupiter.api.Test;

/**
 * Bounded admission over real HTTP with real tokens and the real medication services: one decision slot, taken by
 * the test as a blocked decision would hold it ({@code DxGuardServer.admission()}), so that the next hook call finds
 * the service at capacity.
 */
class AdmissionIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SIGN = "/cds-services/dxguard-medication-sign";

    private static PrometheusText metrics(TestServer server) {
        return PrometheusText.parse(server.get("/metrics", null).body());
    }

    private static HttpResponse<String> sign(TestServer server, byte[] body) {
        return server.post(SIGN, server.sandboxToken(SIGN), body);
    }

    private static long decisionRecords(TestServer server) throws Exception {
        var log = server.dataDir().resolve("audit").resolve("decisions.jsonl");
        return Files.exists(log) ? Files.readAllLines(log).size() : 0;
    }

    @Test
    void should_answer_503_with_retry_after_at_once_and_count_it_when_the_only_slot_is_busy() throws Exception {
        // given: one slot, no queue, and a decision holding the slot
        byte[] body = Fixtures.bytes("cdshooks/order-sign-request.json");
        try (TestServer server = TestServer.start(ServiceConfig.builder().graphEnabled(false)
                .capacity(new ServiceConfig.Capacity(1, 0, Duration.ZERO, Duration.ZERO)))) {
            Admission admission = server.server().admission().orElseThrow();
            HttpResponse<String> shed;
            HttpResponse<String> unauthenticated;
            String kept = server.sandboxToken(SIGN);
            try (Admission.Ticket blocked = admission.enter()) {
                assertThat(blocked.admitted()).isTrue();

                // when
                shed = sign(server, body);
                unauthenticated = server.post(SIGN, null, body);
                assertThat(server.post(SIGN, kept, body).statusCode()).isEqualTo(503);

                // then: refused while the slot is still held, i.e. at once, not after it
                assertThat(admission.inFlight()).isEqualTo(1);
                // what is never shed: discovery, readiness, liveness, metrics
                assertThat(server.get("/cds-services", server.sandboxToken("/cds-services")).statusCode())
                    .isEqualTo(200);
                assertThat(server.get("/health/ready", null).statusCode()).isEqualTo(200);
                assertThat(server.get("/health/live", null).statusCode()).isEqualTo(200);
            }
            assertThat(shed.statusCode()).isEqualTo(503);
            assertThat(shed.headers().firstValue("Retry-After")).contains("1");
            JsonNode error = JSON.readTree(shed.body()).path("error");
            assertThat(error.path("code").asText()).isEqualTo("DXG-0670");
            assertThat(error.path("message").asText()).contains("at capacity").contains("queue is full");
            // the admission comes before the token check: a call without a token is refused the same way, and
            // learns nothing else (no 401, same body)
            assertThat(unauthenticated.statusCode()).isEqualTo(503);
            assertThat(unauthenticated.headers().firstValue("Retry-After")).contains("1");
            assertThat(unauthenticated.body()).isEqualTo(shed.body());
            PrometheusText m = metrics(server);
            assertThat(m.value("dxguard_admission_rejected_total", Map.of("reason", "queue-full"))).isEqualTo(3.0);
            assertThat(m.value("dxguard_admission_rejected_total", Map.of("reason", "wait-timeout"))).isZero();
            assertThat(m.value("dxguard_http_server_requests_seconds_count",
                Map.of("service", "dxguard-medication-sign", "hook", "order-sign", "status", "503"))).isEqualTo(3.0);
            assertThat(m.value("dxguard_admission_limit", Map.of())).isEqualTo(1.0);
            // the shed call was not decided, so it left no decision record; once the slot is free, calls are decided
            assertThat(decisionRecords(server)).isZero();
            // the refused call's single-use token was never verified, so not spent: it is accepted once, then not
            HttpResponse<String> after = server.post(SIGN, kept, body);
            assertThat(after.statusCode()).isEqualTo(200);
            assertThat(decisionRecords(server)).isEqualTo(1);
            assertThat(admission.inFlight()).isZero();
            assertThat(metrics(server).value("dxguard_admission_wait_seconds_count", Map.of())).isEqualTo(2.0);
            assertThat(server.post(SIGN, kept, body).statusCode()).isEqualTo(401);
            // a call refused by its token gave its slot back
            assertThat(admission.inFlight()).isZero();
            assertThat(sign(server, body).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void should_answer_503_after_the_maximum_queue_wait_when_no_slot_frees_up() throws Exception {
        // given
        byte[] body = Fixtures.bytes("cdshooks/order-sign-request.json");
        Duration maxWait = Duration.ofMillis(300);
        try (TestServer server = TestServer.start(ServiceConfig.builder().graphEnabled(false)
                .capacity(new ServiceConfig.Capacity(1, 4, maxWait, Duration.ZERO)))) {
            Admission admission = server.server().admission().orElseThrow();
            HttpResponse<String> shed;
            long tookMillis;
            try (Admission.Ticket blocked = admission.enter()) {

                // when
                long start = System.nanoTime();
                shed = sign(server, body);
                tookMillis = (System.nanoTime() - start) / 1_000_000;
            }

            // then
            assertThat(shed.statusCode()).isEqualTo(503);
            assertThat(shed.headers().firstValue("Retry-After")).contains("1");
            assertThat(JSON.readTree(shed.body()).at("/error/message").asText()).contains("maximum queue wait");
            assertThat(tookMillis).as("it waited in the queue before it was refused").isGreaterThanOrEqualTo(280);
            PrometheusText m = metrics(server);
            assertThat(m.value("dxguard_admission_rejected_total", Map.of("reason", "wait-timeout"))).isEqualTo(1.0);
            assertThat(m.value("dxguard_admission_waiting", Map.of())).isZero();
            assertThat(sign(server, body).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void should_never_shed_when_admission_is_off() throws Exception {
        // given
        try (TestServer server = TestServer.start(ServiceConfig.builder().graphEnabled(false)
                .capacity(new ServiceConfig.Capacity(0, 0, Duration.ZERO, Duration.ZERO)))) {

            // when
            HttpResponse<String> answer = sign(server, Fixtures.bytes("cdshooks/order-sign-request.json"));

            // then
            assertThat(server.server().admission()).isEmpty();
            assertThat(answer.statusCode()).isEqualTo(200);
            assertThat(metrics(server).has("dxguard_admission_rejected_total")).isFalse();
        }
    }
}
