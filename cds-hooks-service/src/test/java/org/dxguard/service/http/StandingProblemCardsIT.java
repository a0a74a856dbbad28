package org.dxguard.service.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.dxguard.service.Fixtures;
import org.dxguard.service.ServiceConfig;
import org.dxguard.service.TestServer;
import org.dxguard.service.hooks.MedicationReviewService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 16, "done when": a patient takes metformin at eGFR 25 (a standing problem). Signing an unrelated drug
 * (atorvastatin) gives no interruptive card about metformin; opening the chart (patient-view medication review)
 * shows it once; not again within the repeat window, also after a restart; again on an order when a new eGFR
 * arrives. Real HTTP, real sandbox JWTs, the packaged Drools rules.
 */
class StandingProblemCardsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SIGN = "/cds-services/dxguard-medication-sign";
    private static final String REVIEW = "/cds-services/" + MedicationReviewService.ID;

    private Path dataDir;
    private TestServer server;

    @BeforeEach
    void start() throws Exception {
        dataDir = Files.createTempDirectory("dxguard-standing");
        server = TestServer.startOn(dataDir, ServiceConfig.builder().graphEnabled(false));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static ObjectNode orderSign() throws Exception {
        ObjectNode body = (ObjectNode) JSON.readTree(Fixtures.bytes("cdshooks/standing-metformin-egfr25.json"));
        body.put("hookInstance", UUID.randomUUID().toString());
        ((ObjectNode) body.at("/prefetch/observations/entry/0/resource")).put("effectiveDateTime",
            Instant.now().minus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString());
        return body;
    }

    private static ObjectNode patientView() throws Exception {
        ObjectNode body = orderSign();
        body.put("hook", "patient-view");
        ObjectNode context = (ObjectNode) body.get("context");
        context.remove("draftOrders");
        return body;
    }

    private JsonNode post(String path, ObjectNode body) throws Exception {
        HttpResponse<String> r = server.post(path, server.sandboxToken(path), JSON.writeValueAsBytes(body));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body()).path("cards");
    }

    private static List<JsonNode> metforminCards(JsonNode cards) {
        List<JsonNode> out = new ArrayList<>();
        cards.forEach(c -> {
            if (c.path("detail").asText().contains("Rule `ADA-MET-")) {
                out.add(c);
            }
        });
        return out;
    }

    /** The cards of one rule (issue 16: cardio-renal omission ADA-CR-*, hospital ADA-INPT-*). */
    private static List<JsonNode> cardsOf(JsonNode cards, String rulePrefix) {
        List<JsonNode> out = new ArrayList<>();
        cards.forEach(c -> {
            if (c.path("detail").asText().contains("Rule `" + rulePrefix)) {
                out.add(c);
            }
        });
        return out;
    }

    private static boolean interruptive(JsonNode card) {
        return !card.path("indicator").asText().equals("info");
    }

    @Test
    void should_not_interrupt_an_unrelated_order_and_show_the_problem_once_when_the_chart_opens() throws Exception {
        // given: the service is listed
        JsonNode discovery = JSON.readTree(server.get("/cds-services", server.sandboxToken("/cds-services")).body());
        assertThat(discovery.path("services").findValuesAsText("id")).contains(MedicationReviewService.ID);

        // when: an unrelated drug is signed, twice
        JsonNode first = post(SIGN, orderSign());
        JsonNode second = post(SIGN, orderSign());

        // then: no interruptive card about metformin; the first call tells it once as information, the second not
        assertThat(metforminCards(first)).isNotEmpty().noneMatch(StandingProblemCardsIT::interruptive)
            .allSatisfy(c -> assertThat(c.path("summary").asText()).startsWith("Medication review:"));
        assertThat(metforminCards(second)).isEmpty();

        // when: the chart is opened, twice
        JsonNode review = post(REVIEW, patientView());
        JsonNode again = post(REVIEW, patientView());

        // then: the standing problem is shown once, critical first, in clinicians' words, needing a reason to override
        List<JsonNode> shown = metforminCards(review);
        assertThat(shown).anySatisfy(c -> {
            assertThat(c.path("indicator").asText()).isEqualTo("critical");
            assertThat(c.path("extension").path("org.dxguard.override-reason-required").asBoolean()).isTrue();
            assertThat(c.path("overrideReasons").findValuesAsText("code")).contains("nephrology-advises-continuing");
        });
        assertThat(review.get(0).path("indicator").asText()).isEqualTo("critical");
        review.forEach(c -> {
            assertThat(c.path("summary").asText()).doesNotContain("{1.73_m2}").doesNotContain("Observation/");
            String detail = c.path("detail").asText();
            String firstLines = detail.contains("**Based on:**") ? detail.substring(0, detail.indexOf("**Based on:**"))
                : detail;
            assertThat(detail).doesNotContain("{1.73_m2}");
            assertThat(firstLines).doesNotContain("MedicationRequest/").doesNotContain("Observation/");
        });
        assertThat(metforminCards(again)).isEmpty();

        // and: on an unrelated order after the review, nothing about metformin either
        assertThat(metforminCards(post(SIGN, orderSign()))).isEmpty();

        // and (issue 16, cardio-renal omission): type 2 diabetes at eGFR 25 with no SGLT2 inhibitor or GLP-1 RA is
        // told once as information when the chart opens, never on the unrelated orders, not again unchanged
        assertThat(cardsOf(first, "ADA-CR-")).isEmpty();
        assertThat(cardsOf(second, "ADA-CR-")).isEmpty();
        assertThat(cardsOf(review, "ADA-CR-001")).singleElement().satisfies(c -> {
            assertThat(c.path("indicator").asText()).isEqualTo("info");
            assertThat(c.path("summary").asText()).contains("CKD").contains("eGFR 25");
        });
        // (fifth session) the patient is 72 with type 2 diabetes and no active statin (atorvastatin is only being
        // ordered): the statin omission is told in the same review, as information, and not on the orders either
        assertThat(cardsOf(review, "ADA-CR-005")).singleElement().satisfies(c ->
            assertThat(c.path("indicator").asText()).isEqualTo("info"));
        assertThat(cardsOf(review, "ADA-CR-")).hasSize(2);
        assertThat(cardsOf(again, "ADA-CR-")).isEmpty();
    }

    @Test
    void should_warn_about_sliding_scale_insulin_alone_when_the_prefetched_encounter_is_an_inpatient_stay()
        throws Exception {
        // given: the same patient, now in an inpatient stay (the optional key currentEncounter), and insulin lispro
        // drafted with no basal insulin
        ObjectNode sign = orderSign();
        ObjectNode lispro = (ObjectNode) sign.at("/context/draftOrders/entry/0/resource");
        lispro.put("id", "draft-lispro-1");
        lispro.set("medicationCodeableConcept", JSON.readTree("{\"coding\":[{\"system\":"
            + "\"http://www.nlm.nih.gov/research/umls/rxnorm\",\"code\":\"865098\",\"display\":"
            + "\"Insulin Lispro 100 UNT/ML Injectable Solution [Humalog]\"}]}"));
        lispro.set("dosageInstruction", JSON.readTree("[{\"text\":\"per sliding scale before meals\","
            + "\"asNeededBoolean\":true,\"route\":{\"coding\":[{\"system\":\"http://snomed.info/sct\","
            + "\"code\":\"34206005\",\"display\":\"Subcutaneous route\"}]}}]"));
        ((ObjectNode) sign.get("prefetch")).set("currentEncounter", JSON.readTree("{\"resourceType\":\"Bundle\","
            + "\"type\":\"searchset\",\"entry\":[{\"resource\":{\"resourceType\":\"Encounter\",\"id\":"
            + "\"enc-stay-1\",\"status\":\"in-progress\",\"class\":{\"system\":"
            + "\"http://terminology.hl7.org/CodeSystem/v3-ActCode\",\"code\":\"IMP\"},\"subject\":"
            + "{\"reference\":\"Patient/pat-standing-met-1\"},\"period\":{\"start\":\""
            + Instant.now().minus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS) + "\"}}}]}"));

        // when
        JsonNode cards = post(SIGN, sign);

        // then: an interruptive card about the order being signed, naming the encounter it relied on
        assertThat(cardsOf(cards, "ADA-INPT-001")).singleElement().satisfies(c -> {
            assertThat(c.path("indicator").asText()).isEqualTo("warning");
            assertThat(c.path("detail").asText()).contains("inpatient encounter");
        });
    }

    @Test
    void should_remember_across_a_restart_and_show_again_when_a_fact_is_new() throws Exception {
        // given: the chart was opened and the review shown
        assertThat(metforminCards(post(REVIEW, patientView()))).isNotEmpty();

        // when: the service restarts on the same data directory and the chart is opened again
        server.close();
        server = TestServer.startOn(dataDir, ServiceConfig.builder().graphEnabled(false));
        JsonNode afterRestart = post(REVIEW, patientView());

        // then: not repeated
        assertThat(metforminCards(afterRestart)).isEmpty();
        assertThat(Files.readString(dataDir.resolve("cards/shown.log"))).doesNotContain("pat-standing-met-1")
            .doesNotContain("metformin").doesNotContain("ADA-MET");

        // when: a new eGFR arrives and an unrelated order is signed
        ObjectNode sign = orderSign();
        ArrayNode labs = (ArrayNode) sign.at("/prefetch/observations/entry");
        ObjectNode newer = labs.get(0).deepCopy();
        ((ObjectNode) newer.get("resource")).put("id", "egfr-standing-2")
            .put("effectiveDateTime", Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString());
        ((ObjectNode) newer.at("/resource/valueQuantity")).put("value", 22);
        labs.insert(0, newer);
        JsonNode cards = post(SIGN, sign);

        // then: the card interrupts, because its facts changed since it was shown
        assertThat(metforminCards(cards)).anySatisfy(c -> {
            assertThat(c.path("indicator").asText()).isEqualTo("critical");
            assertThat(c.path("summary").asText()).contains("22");
        });
    }

    @Test
    void should_refuse_feedback_that_overrides_a_critical_card_without_a_reason() throws Exception {
        // given: a critical card from the review
        JsonNode critical = metforminCards(post(REVIEW, patientView())).stream()
            .filter(c -> c.path("indicator").asText().equals("critical")).findFirst().orElseThrow();
        String feedbackPath = REVIEW + "/feedback";
        String now = Instant.now().toString();
        String without = "{\"feedback\":[{\"card\":\"" + critical.path("uuid").asText()
            + "\",\"outcome\":\"overridden\",\"outcomeTimestamp\":\"" + now + "\"}]}";
        String with = "{\"feedback\":[{\"card\":\"" + critical.path("uuid").asText()
            + "\",\"outcome\":\"overridden\",\"overrideReason\":{\"reason\":{\"system\":\"urn:dxguard:override-reason\","
            + "\"code\":\"nephrology-advises-continuing\",\"display\":\"Nephrology advises continuing metformin\"}},"
            + "\"outcomeTimestamp\":\"" + now + "\"}]}";

        // when
        HttpResponse<String> refused = server.post(feedbackPath, server.sandboxToken(feedbackPath),
            without.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        HttpResponse<String> accepted = server.post(feedbackPath, server.sandboxToken(feedbackPath),
            with.getBytes(java.nio.charset.StandardCharsets.UTF_8));

        // then
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("DXG-0651");
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
    }
}
