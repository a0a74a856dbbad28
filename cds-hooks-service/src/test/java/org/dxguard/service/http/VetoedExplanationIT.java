package org.dxguard.service.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.dxguard.reasoner.Explainers;
import org.dxguard.reasoner.ReasonerConfig;
import org.dxguard.reasoner.ReplayModelServer;
import org.dxguard.reasoner.ReplayModelServer.Reply;
import org.dxguard.service.Fixtures;
import org.dxguard.service.ServiceConfig;
import org.dxguard.service.TestServer;
import org.dxguard.service.audit.DecisionLog;
import org.dxguard.service.audit.DecisionRecord;
import org.dxguard.service.auth.TestTokens;
import org.dxguard.service.observability.PrometheusText;
import org.junit.jupiter.api.Test;

/**
 * A model that recommends a dose above the label maximum, through the real langchain4j client against a local
 * OpenAI-compatible server: the clinician's card never shows the violation, and the decision record keeps the
 * raw output and the veto.
 */
class VetoedExplanationIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String VIEW = "/cds-services/dxguard-differential";

    @Test
    void should_never_show_a_vetoed_dose_when_the_model_recommends_one() throws Exception {
        assumeTrue(TestTokens.sandboxKeyAvailable(), "../shared/data/cds-hooks-sandbox is needed to sign");
        // given a model server that always answers with a violating explanation
        String answer = Fixtures.text("reasoner/violating-explanation.json");
        // the call waits for the answer (the service's --llm-budget governs, not the explainer's): the content is under test
        try (ReplayModelServer model = new ReplayModelServer().always(Reply.content(request -> answer, 0));
             TestServer server = TestServer.start(ServiceConfig.builder().graphEnabled(true)
                 .llmBudget(Duration.ofSeconds(20)), Explainers.openAiCompatible(ReasonerConfig.builder()
                 .baseUrl(model.baseUrl()).model("deepseek-test").budget(Duration.ofSeconds(20)).build()))) {
            long deadline = System.nanoTime() + 180_000_000_000L;
            while (server.server().graph().current().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(250);
            }
            byte[] body = Fixtures.withRecentDates("cdshooks/patient-view-fever-cough.json");

            // when
            HttpResponse<String> r = server.post(VIEW, server.sandboxToken(VIEW), body);

            // then the card is there, without the vetoed recommendation
            assertThat(r.statusCode()).isEqualTo(200);
            JsonNode cards = JSON.readTree(r.body()).get("cards");
            assertThat(cards).hasSize(1);
            String shown = cards.get(0).toString();
            assertThat(shown).doesNotContainIgnoringCase("3000").doesNotContainIgnoringCase("metformin");

            // and the decision record keeps the raw output and the veto that removed it
            List<DecisionRecord> records = DecisionLog.find(server.dataDir(), "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d");
            assertThat(records).hasSize(1);
            String record = com.fasterxml.jackson.databind.json.JsonMapper.builder().findAndAddModules().build()
                .writeValueAsString(records.get(0));
            assertThat(record).contains("3000").contains("ADA-MET-005").contains("deepseek-test");

            // and the metrics count the model call, the veto by its rule, and the graph/model/veto stages
            PrometheusText metrics = PrometheusText.parse(server.get("/metrics", null).body());
            assertThat(metrics.value("dxguard_model_calls_total", Map.of("outcome", "ok"))).isEqualTo(1);
            for (var veto : records.get(0).vetoes()) {
                assertThat(metrics.value("dxguard_vetoes_total", Map.of("rule", veto.ruleId())))
                    .isGreaterThanOrEqualTo(1);
            }
            assertThat(records.get(0).vetoes()).isNotEmpty();
            for (String stage : List.of("graph", "explanation", "veto")) {
                assertThat(metrics.value("dxguard_stage_seconds_count", Map.of("stage", stage))).as(stage)
                    .isEqualTo(1);
            }
        }
    }
}
