package org.dxguard.service.observability;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.dxguard.guidelines.GuidelineCommands;
import org.dxguard.service.Fixtures;
import org.dxguard.service.ServiceConfig;
import org.dxguard.service.TestServer;
import org.dxguard.service.TestServerExtension;
import org.dxguard.service.audit.DecisionLog;
import org.dxguard.service.audit.DecisionRecord;
import org.dxguard.service.monitoring.Observability;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Trace ids, /metrics and /health/ready of a real running service. */
class ObservabilityIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SIGN = "/cds-services/dxguard-medication-sign";
    private static final String TRACE = "0af7651916cd43dd8448eb211c80319c";
    @RegisterExtension
    static final TestServerExtension server = new TestServerExtension();

    /** The metformin at eGFR 25 order-sign call under a fresh hook instance. */
    private static byte[] egfr25(String hookInstance) throws Exception {
        ObjectNode body = (ObjectNode) JSON.readTree(
            Fixtures.withRecentDates("cdshooks/sandbox-order-sign-metformin-egfr25.json"));
        body.put("hookInstance", hookInstance);
        return JSON.writeValueAsBytes(body);
    }

    private static HttpResponse<String> sign(TestServer s, byte[] body, String header, String value) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(s.url(SIGN)))
            .header("Content-Type", "application/json")
            .header("Authorization", "Bearer " + s.sandboxToken(SIGN))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (header != null) {
            b.header(header, value);
        }
        return s.send(b.build());
    }

    private static HttpResponse<String> getWith(TestServer s, String path, String authorization) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(s.url(path))).GET();
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return s.send(b.build());
    }

    @Test
    void should_carry_the_callers_trace_id_into_headers_logs_and_the_decision_record_when_traceparent_is_sent()
        throws Exception {
        // given
        String hookInstance = UUID.randomUUID().toString();
        Logger logger = (Logger) LoggerFactory.getLogger("org.dxguard.service.hooks.CdsHooksApi");
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        logger.addAppender(logs);
        HttpResponse<String> response;
        try {
            // when
            response = sign(server.get(), egfr25(hookInstance), "traceparent", "00-" + TRACE + "-b7ad6b7169203331-01");
        } finally {
            logger.detachAppender(logs);
        }

        // then: the response names the trace
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Request-Id")).hasValue(TRACE);
        assertThat(response.headers().firstValue("traceparent")).hasValueSatisfying(
            tp -> assertThat(tp).matches("00-" + TRACE + "-[0-9a-f]{16}-01"));
        // the call's log line carries it
        assertThat(logs.list).filteredOn(e -> e.getFormattedMessage().contains("hookInstance=" + hookInstance))
            .isNotEmpty().allSatisfy(e -> assertThat(e.getMDCPropertyMap()).containsEntry("traceId", TRACE));
        // and so does the decision record (app's AuditCommandTest: `audit show` prints it)
        List<DecisionRecord> records = DecisionLog.find(server.dataDir(), hookInstance);
        assertThat(records).singleElement().extracting(DecisionRecord::traceId).isEqualTo(TRACE);
        assertThat(DecisionLog.verify(server.dataDir().resolve("audit/decisions.jsonl"))).isPresent();
    }

    @Test
    void should_generate_a_trace_id_and_record_it_when_the_caller_sends_none() throws Exception {
        // given
        String hookInstance = UUID.randomUUID().toString();

        // when
        HttpResponse<String> response = sign(server.get(), egfr25(hookInstance), null, null);

        // then
        String id = response.headers().firstValue("X-Request-Id").orElseThrow();
        assertThat(id).matches("[0-9a-f]{32}");
        assertThat(response.headers().firstValue("traceparent")).hasValueSatisfying(
            tp -> assertThat(tp).startsWith("00-" + id + "-"));
        assertThat(DecisionLog.find(server.dataDir(), hookInstance)).singleElement()
            .extracting(DecisionRecord::traceId).isEqualTo(id);
    }

    @Test
    void should_echo_x_request_id_when_the_load_balancer_sends_one() throws Exception {
        // given
        String hookInstance = UUID.randomUUID().toString();

        // when
        HttpResponse<String> response = sign(server.get(), egfr25(hookInstance), "X-Request-Id", "nginx-4f2a9c");

        // then
        assertThat(response.headers().firstValue("X-Request-Id")).hasValue("nginx-4f2a9c");
        assertThat(DecisionLog.find(server.dataDir(), hookInstance)).singleElement()
            .extracting(DecisionRecord::traceId).isEqualTo("nginx-4f2a9c");
    }

    @Test
    void should_expose_latency_stages_cards_and_overrides_when_a_real_call_was_made() throws Exception {
        // given: a signed order that raises cards, one of them then overridden, and an unauthenticated call
        String hookInstance = UUID.randomUUID().toString();
        HttpResponse<String> call = sign(server.get(), egfr25(hookInstance), null, null);
        assertThat(call.statusCode()).isEqualTo(200);
        JsonNode cards = JSON.readTree(call.body()).get("cards");
        assertThat(cards).isNotEmpty();
        DecisionRecord record = DecisionLog.find(server.dataDir(), hookInstance).get(0);
        DecisionRecord.CardSummary ruleCard = record.cards().stream().filter(c -> c.ruleId() != null).findFirst()
            .orElseThrow();
        // (a critical card's override needs a reason, issue 16)
        String feedback = "{\"feedback\":[{\"card\":\"" + ruleCard.uuid() + "\",\"outcome\":\"overridden\","
            + "\"overrideReason\":{\"reason\":{\"system\":\"urn:dxguard:override-reason\","
            + "\"code\":\"specialist-advice\",\"display\":\"Following specialist advice\"}},"
            + "\"outcomeTimestamp\":\"" + Instant.now() + "\"}]}";
        String fbPath = SIGN + "/feedback";
        assertThat(server.post(fbPath, server.sandboxToken(fbPath), feedback.getBytes(StandardCharsets.UTF_8))
            .statusCode()).isEqualTo(200);
        assertThat(server.get("/cds-services", null).statusCode()).isEqualTo(401);

        // when
        HttpResponse<String> scrape = server.get("/metrics", null);

        // then: the text format parses, with the meters of that call
        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.headers().firstValue("Content-Type")).hasValueSatisfying(
            t -> assertThat(t).startsWith("text/plain; version=0.0.4"));
        PrometheusText m = PrometheusText.parse(scrape.body());
        assertThat(m.type("dxguard_http_server_requests_seconds")).isEqualTo("histogram");
        assertThat(m.value("dxguard_http_server_requests_seconds_count", Map.of("service",
            "dxguard-medication-sign", "hook", "order-sign", "status", "200"))).isGreaterThanOrEqualTo(1);
        assertThat(m.value("dxguard_http_server_requests_seconds_bucket", Map.of("service",
            "dxguard-medication-sign", "status", "200", "le", "+Inf"))).isGreaterThanOrEqualTo(1);
        assertThat(m.value("dxguard_http_server_requests_seconds_count", Map.of("service",
            "dxguard-medication-sign", "hook", "feedback", "status", "200"))).isGreaterThanOrEqualTo(1);
        assertThat(m.value("dxguard_http_server_requests_seconds_count", Map.of("service", "discovery",
            "status", "401"))).isGreaterThanOrEqualTo(1);
        for (String stage : List.of("inbound", "auth", "parse", "prefetch", "facts", "rules", "audit")) {
            assertThat(m.value("dxguard_stage_seconds_count", Map.of("stage", stage))).as("stage %s", stage)
                .isGreaterThanOrEqualTo(1);
        }
        assertThat(m.value("dxguard_stage_seconds_count", Map.of("stage", "inbound")))
            .as("one inbound per call that reached its facts").isEqualTo(
                m.value("dxguard_stage_seconds_count", Map.of("stage", "facts")));
        assertThat(m.value("dxguard_stage_seconds_sum", Map.of("stage", "inbound")))
            .as("inbound runs from arrival to facts mapped, so it holds the facts stage")
            .isGreaterThan(m.value("dxguard_stage_seconds_sum", Map.of("stage", "facts")));
        assertThat(m.value("dxguard_stage_seconds_count", Map.of("stage", "fhir_fetch"))).as("nothing fetched")
            .isZero();
        for (JsonNode card : cards) {
            assertThat(m.value("dxguard_cards_total", Map.of("service", "dxguard-medication-sign", "indicator",
                card.get("indicator").asText()))).isGreaterThanOrEqualTo(1);
        }
        assertThat(m.value("dxguard_feedback_overrides_total", Map.of("rule", ruleCard.ruleId())))
            .isGreaterThanOrEqualTo(1);
        assertThat(m.value("dxguard_ready", Map.of())).isEqualTo(1);
        assertThat(m.has("jvm_memory_used_bytes")).isTrue();
        assertThat(m.has("process_uptime_seconds")).isTrue();
        assertThat(m.value("dxguard_model_calls_total", Map.of("outcome", "circuit-open"))).isZero();
    }

    @Test
    void should_answer_ready_with_every_component_when_probed_without_credentials() throws Exception {
        // when
        HttpResponse<String> ready = server.get("/health/ready", null);

        // then
        assertThat(ready.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(ready.body());
        assertThat(body.path("status").asText()).isEqualTo("UP");
        assertThat(body.path("ready").asBoolean()).isTrue();
        assertThat(body.path("components").fieldNames()).toIterable()
            .containsExactly("rules", "graph", "model", "audit", "dataDir");
        assertThat(body.at("/components/graph/status").asText()).isEqualTo("disabled");
        assertThat(body.at("/components/rules/details/version").asText())
            .isEqualTo(server.server().guidelines().activeRuleSet().rulesetVersion());
        assertThat(server.get("/health/live", null).statusCode()).isEqualTo(200);
    }

    @Test
    void should_require_the_metrics_token_when_one_is_configured() {
        // given
        try (TestServer secured = TestServer.start(ServiceConfig.builder().graphEnabled(false)
            .metricsToken("scrape-me-7f3a"))) {

            // when / then
            assertThat(getWith(secured, "/metrics", null).statusCode()).isEqualTo(401);
            assertThat(getWith(secured, "/metrics", "Bearer wrong").statusCode()).isEqualTo(401);
            HttpResponse<String> ok = getWith(secured, "/metrics", "Bearer scrape-me-7f3a");
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.body()).contains("dxguard_stage_seconds");
        }
    }

    @Test
    void should_count_the_rejected_reload_and_report_degraded_when_a_watched_guideline_edit_breaks(
        @TempDir Path guidelines) throws Exception {
        // given the packaged guidelines in a directory the service watches
        Files.delete(guidelines);
        assertThat(GuidelineCommands.export(guidelines, new PrintStream(new ByteArrayOutputStream()))).isZero();
        try (TestServer watched = TestServer.start(ServiceConfig.builder().graphEnabled(false)
            .guidelinesDir(guidelines))) {

            // when an author saves a broken rule file
            Files.writeString(guidelines.resolve("ada-diabetes/rules/metformin.drl"),
                "\nrule \"broken\" when then this is not DRL\n", StandardOpenOption.APPEND);
            long deadline = System.nanoTime() + 60_000_000_000L;
            double failed = 0;
            while (failed < 1 && System.nanoTime() < deadline) {
                Thread.sleep(100);
                failed = PrometheusText.parse(watched.get("/metrics", null).body())
                    .value("dxguard_guideline_reloads_total", Map.of("outcome", "failed"));
            }

            // then the rejection is counted, and the instance stays ready on its previous rules
            assertThat(failed).isEqualTo(1);
            Thread.sleep(Observability.READINESS_CACHE.toMillis() + 100);
            HttpResponse<String> ready = watched.get("/health/ready", null);
            assertThat(ready.statusCode()).isEqualTo(200);
            JsonNode body = JSON.readTree(ready.body());
            assertThat(body.path("status").asText()).isEqualTo("DEGRADED");
            assertThat(body.at("/components/rules/details/lastReload").asText()).isEqualTo("failed");
            assertThat(body.at("/components/rules/details/lastReloadError").asText()).contains("metformin.drl");
        }
    }
}
