package org.dxguard.service.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dxguard.reasoner.Explainers;
import org.dxguard.reasoner.ReasonerConfig;
import org.dxguard.service.Fixtures;
import org.dxguard.service.ServiceConfig;
import org.dxguard.service.TestServer;
import org.dxguard.service.auth.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * patient-view with the product defaults of a fresh machine: the embedded graph and, with no DXGUARD_LLM_BASE_URL,
 * the embedded small local model as explainer. The card goes out within the budget while the model writes
 * ("being written"); a repeated call of the same hook instance shows the finished explanation, labelled as the
 * small local model's, or why there is none.
 */
class EmbeddedDefaultIT {
    private static final String VIEW = "/cds-services/dxguard-differential";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(TestTokens.sandboxKeyAvailable(), "../shared/data/cds-hooks-sandbox is needed to sign");
        server = TestServer.start(ServiceConfig.builder().graphEnabled(true),
            Explainers.create(ReasonerConfig.fromEnvironment(Map.of())));
        long deadline = System.nanoTime() + 180_000_000_000L;
        while (server.server().graph().current().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(250);
        }
        assertThat(server.server().graph().current()).as(server.server().graph().status()).isPresent();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void should_show_the_small_local_models_explanation_when_no_model_server_is_configured() throws Exception {
        // given
        byte[] body = Fixtures.withRecentDates("cdshooks/patient-view-fever-cough.json");
        List<String> details = new ArrayList<>();

        // when: the same hook instance is called until the explanation is no longer being written
        long deadline = System.nanoTime() + 120_000_000_000L;
        String detail;
        do {
            HttpResponse<String> r = server.post(VIEW, server.sandboxToken(VIEW), body);
            assertThat(r.statusCode()).isEqualTo(200);
            detail = JSON.readTree(r.body()).at("/cards/0/detail").asText();
            details.add(detail);
            if (detail.contains("_No explanation yet:")) {
                Thread.sleep(500);
            }
        } while (detail.contains("_No explanation yet:") && System.nanoTime() < deadline);

        // then
        assertThat(details.get(0)).contains("dxguard-tiny-local-v1").doesNotContain("dxguard-evidence-only");
        assertThat(detail).satisfiesAnyOf(
            d -> assertThat(d).contains("**AI explanation from the small local model** (dxguard-tiny-local-v1"),
            d -> assertThat(d).contains("_No explanation: model output failed schema validation"),
            d -> assertThat(d).contains("withheld"));
    }
}
