package org.dxguard.service.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.dxguard.service.Fixtures;
import org.dxguard.service.ServiceConfig;
import org.dxguard.service.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 16: iodinated contrast ordered as an imaging study (a draft ServiceRequest), not as a drug. A patient on
 * metformin at eGFR 45: signing a CT with contrast gives an interruptive ADA-MET-007 card that puts the metformin
 * MedicationRequest on hold (FHIR {@code on-hold}, with its restart condition); a CT without contrast gives none.
 * Real HTTP, sandbox JWTs, the packaged rules and terminology/imaging.csv.
 */
class ContrastImagingOrderIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SIGN = "/cds-services/dxguard-medication-sign";
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(ServiceConfig.builder().graphEnabled(false));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** The metformin patient of StandingProblemCardsIT at eGFR 45 (3 days old), signing one imaging order. */
    private static ObjectNode orderSignImaging(String id, String studyText) throws Exception {
        ObjectNode body = (ObjectNode) JSON.readTree(Fixtures.bytes("cdshooks/standing-metformin-egfr25.json"));
        body.put("hookInstance", UUID.randomUUID().toString());
        ObjectNode egfr = (ObjectNode) body.at("/prefetch/observations/entry/0/resource");
        egfr.put("effectiveDateTime", Instant.now().minus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS)
            .toString());
        ((ObjectNode) egfr.get("valueQuantity")).put("value", 45);
        ObjectNode study = JSON.createObjectNode().put("resourceType", "ServiceRequest").put("id", id)
            .put("status", "draft").put("intent", "order");
        study.putObject("code").put("text", studyText);
        study.putObject("subject").put("reference", "Patient/pat-standing-met-1");
        ArrayNode entries = (ArrayNode) body.at("/context/draftOrders/entry");
        entries.removeAll();
        entries.addObject().set("resource", study);
        return body;
    }

    private static List<JsonNode> cardsOf(String rule, JsonNode cards) {
        List<JsonNode> out = new ArrayList<>();
        cards.forEach(c -> {
            if (c.path("detail").asText().contains("Rule `" + rule + "`")) {
                out.add(c);
            }
        });
        return out;
    }

    private static JsonNode sign(ObjectNode body) throws Exception {
        HttpResponse<String> r = server.post(SIGN, server.sandboxToken(SIGN), JSON.writeValueAsBytes(body));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body()).path("cards");
    }

    @Test
    void should_put_metformin_on_hold_when_a_ct_with_contrast_is_signed_at_egfr_45() throws Exception {
        // when
        JsonNode cards = sign(orderSignImaging("ct-contrast-1", "CT abdomen and pelvis with contrast"));

        // then: one interruptive warning about the study being signed, suggesting a temporary hold of metformin
        List<JsonNode> hold = cardsOf("ADA-MET-007", cards);
        assertThat(hold).hasSize(1);
        JsonNode card = hold.get(0);
        assertThat(card.path("indicator").asText()).isEqualTo("warning");
        JsonNode resource = card.path("suggestions").get(0).path("actions").get(0).path("resource");
        assertThat(resource.path("resourceType").asText()).isEqualTo("MedicationRequest");
        assertThat(resource.path("id").asText()).isEqualTo("active-metformin-1");
        assertThat(resource.path("status").asText()).isEqualTo("on-hold");
    }

    @Test
    void should_not_hold_metformin_when_the_ct_is_without_contrast() throws Exception {
        // when
        JsonNode cards = sign(orderSignImaging("ct-plain-1", "CT head without contrast"));

        // then
        assertThat(cardsOf("ADA-MET-007", cards)).isEmpty();
        assertThat(cardsOf("ADA-MET-008", cards)).isEmpty();
    }
}
