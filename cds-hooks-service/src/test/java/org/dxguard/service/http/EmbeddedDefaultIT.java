package org.dxguard.service.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
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
import org.dxguard.bench.synthea.Prefetch;
import org.dxguard.bench.synthea.SyntheaRequests;
import org.dxguard.service.hooks.PrefetchTemplates;
import org.dxguard.bench.synthea.SyntheaCohort;
import org.slf4j.LoggerFactory;
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
        assertThat(details.get(0)).satisfiesAnyOf(
            d -> assertThat(d).contains("dxguard-tiny-local-v1").doesNotContain("dxguard-evidence-only"),
            d -> assertThat(d).contains("_No explanation yet: the model is still writing it"));
        assertThat(detail).satisfiesAnyOf(
            d -> assertThat(d).contains("**AI explanation from the small local model** (dxguard-tiny-local-v1"),
            d -> assertThat(d).containsPattern("_No explanation: the model's answer [^_]+\\._"),
            d -> assertThat(d).contains("_AI explanation withheld: "));
        assertThat(details).allSatisfy(EmbeddedDefaultIT::noInternals);
    }

    /**
     * Realistic records (Synthea patients with years of conditions, labs and medications, the full patient-view
     * prefetch): the embedded model gets a compact prompt (only the findings the candidates use) that fits its
     * 1,024-token context, or the evidence-only explainer writes the explanation at once; no card announces an
     * explanation that never comes (a pending card's link answers), and none shows an exception.
     */
    @Test
    void should_give_a_useful_result_for_realistic_records_when_the_default_embedded_model_explains() throws Exception {
        // given
        List<Path> cohort = SyntheaCohort.cohort(12, 42);
        int explained = 0;
        int fallback = 0;
        int cards = 0;
        for (Path file : cohort) {
            // one hook instance for the chart and its reopenings (they join the same explanation); Synthea's records
            // carry years of conditions, labs and medications but no symptoms: the clinician has recorded today's
            ObjectNode call = SyntheaRequests.from(file).patientViewCall(java.util.UUID.randomUUID().toString(),
                Prefetch.of(PrefetchTemplates.differential()));
            addSymptoms(call);
            byte[] body = JSON.writeValueAsBytes(call);
            // when: the chart is opened, and opened again while the explanation is being written
            List<String> details = new ArrayList<>();
            String link = null;
            long deadline = System.nanoTime() + 60_000_000_000L;
            String detail = null;
            while (System.nanoTime() < deadline) {
                HttpResponse<String> r = server.post(VIEW, server.sandboxToken(VIEW), body);
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                JsonNode card = JSON.readTree(r.body()).at("/cards/0");
                if (card.isMissingNode()) {
                    break; // no finding the graph knows: no differential card
                }
                detail = card.path("detail").asText();
                details.add(detail);
                if (card.has("links")) {
                    link = card.at("/links/0/url").asText();
                }
                if (!detail.contains("_No explanation yet:")) {
                    break;
                }
                Thread.sleep(500);
            }
            if (detail == null) {
                continue;
            }
            cards++;
            // then
            assertThat(details).allSatisfy(EmbeddedDefaultIT::noInternals);
            assertThat(detail).as(file.getFileName().toString()).doesNotContain("_No explanation yet:")
                .doesNotContain("too long for the small local model_");
            if (link != null) {
                HttpResponse<String> page = server.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(link))
                    .header("Accept", "application/json").GET().build());
                assertThat(page.statusCode()).as("the card's link answers").isEqualTo(200);
                assertThat(page.body()).doesNotContain("no explanation is kept");
            }
            if (detail.contains("This record is too long for the small local model, so this explanation was built "
                + "from the evidence without a language model.")) {
                assertThat(detail).contains("**Why these candidates** (built from the evidence above by "
                    + "dxguard-evidence-only");
                fallback++;
            } else {
                explained++;
            }
        }
        LoggerFactory.getLogger(EmbeddedDefaultIT.class).info("{} realistic patient-view cards: {} by the small "
            + "local model (its answer, or a fixed phrase why it was not shown), {} evidence-only (too long)", cards,
            explained, fallback);
        assertThat(cards).as("realistic records with a differential card").isGreaterThan(0);
        assertThat(explained).as("cards the compact prompt let the small model answer").isGreaterThan(0);
    }

    /** Today's symptoms as active Conditions (SNOMED), as the fever-and-cough fixture records them. */
    private static void addSymptoms(ObjectNode call) {
        String patient = call.at("/context/patientId").asText();
        JsonNode bundle = call.at("/prefetch/conditions");
        ArrayNode entries = bundle.isObject() ? ((ObjectNode) bundle).withArray("entry")
            : ((ObjectNode) call.with("prefetch")).putObject("conditions").put("resourceType", "Bundle")
                .put("type", "searchset").putArray("entry");
        String[][] symptoms = {{"386661006", "Fever"}, {"49727002", "Cough"}, {"267036007", "Dyspnea"},
            {"43724002", "Chills"}};
        for (String[] s : symptoms) {
            ObjectNode c = entries.addObject().putObject("resource").put("resourceType", "Condition")
                .put("id", "symptom-" + s[0]);
            c.putObject("clinicalStatus").putArray("coding").addObject()
                .put("system", "http://terminology.hl7.org/CodeSystem/condition-clinical").put("code", "active");
            c.putObject("code").putArray("coding").addObject().put("system", "http://snomed.info/sct")
                .put("code", s[0]).put("display", s[1]);
            c.putObject("subject").put("reference", "Patient/" + patient);
        }
    }

    /** No class name, exception or precise validation error on a card. */
    private static void noInternals(String detail) {
        assertThat(detail).doesNotContainIgnoringCase("exception").doesNotContain("DXG-")
            .doesNotContain("schema validation").doesNotContain("model call failed");
    }
}
