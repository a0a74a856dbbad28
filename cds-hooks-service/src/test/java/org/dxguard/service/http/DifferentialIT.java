package org.dxguard.service.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import org.dxguard.service.Fixtures;
import org.dxguard.service.ServiceConfig;
import org.dxguard.service.TestServer;
import org.dxguard.service.auth.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * patient-view over the embedded defaults: an in-process Neo4j under the data directory, loaded on first start with
 * the graph built from Synthea's disease modules, and the evidence-only explainer.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DifferentialIT {
    private static final String VIEW = "/cds-services/dxguard-differential";
    private static final String SIGN = "/cds-services/dxguard-medication-sign";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(TestTokens.sandboxKeyAvailable(), "../shared/data/cds-hooks-sandbox is needed to sign");
        server = TestServer.start(ServiceConfig.builder().graphEnabled(true));
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

    private static byte[] fixture(String name) {
        return Fixtures.withRecentDates("cdshooks/" + name);
    }

    @Test
    @Order(1)
    void should_show_ranked_differential_with_evidence_when_patient_has_fever_cough_and_dyspnea() throws Exception {
        // when
        HttpResponse<String> r = server.post(VIEW, server.sandboxToken(VIEW),
            fixture("patient-view-fever-cough.json"));

        // then
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(r.body());
        SpecJson.assertNoNullOrEmpty(body);
        assertThat(body.get("cards")).hasSize(1);
        JsonNode card = body.get("cards").get(0);
        assertThat(card.get("indicator").asText()).isEqualTo("info");
        assertThat(card.get("summary").asText()).startsWith("Differential:");
        assertThat(card.at("/source/label").asText()).startsWith("dxguard knowledge base");
        // (internal evidence ids stay in the decision record, never in a clinician's view: issue 18)
        assertThat(card.get("detail").asText()).contains("For:").doesNotContain("ev:")
            .contains("dxguard-evidence-only");
    }

    @Test
    @Order(2)
    void should_stay_quiet_when_patient_has_no_finding_the_graph_knows() throws Exception {
        HttpResponse<String> r = server.post(VIEW, server.sandboxToken(VIEW), fixture("sandbox-patient-view.json"));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(r.body()).get("cards")).isEmpty();
    }

    @Test
    @Order(99)
    void should_keep_medication_safety_cards_when_the_graph_is_down() throws Exception {
        // given the graph stopped under the running service
        server.server().graph().current().orElseThrow().close();

        // when
        HttpResponse<String> view = server.post(VIEW, server.sandboxToken(VIEW),
            fixture("patient-view-fever-cough.json"));
        HttpResponse<String> sign = server.post(SIGN, server.sandboxToken(SIGN),
            fixture("sandbox-order-sign-metformin-egfr25.json"));

        // then the differential disappears and medication safety still answers
        assertThat(view.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(view.body()).get("cards")).isEmpty();
        assertThat(sign.statusCode()).isEqualTo(200);
        assertThat(sign.body()).contains("ADA-MET-001");
    }
}
