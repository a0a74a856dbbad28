package org.dxguard.service.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.dxguard.service.Fixtures;
import org.dxguard.service.TestServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Dialysis recorded only as Procedures (Synthea: "Renal dialysis" 2-3 times a week, no dialysis Condition) reaches
 * the rules through the {@code procedures} prefetch key: an SGLT2 inhibitor draft gets the critical dialysis card.
 */
class DialysisOrderSignIT {
    private static final String SIGN = "/cds-services/dxguard-medication-sign";
    private static final ObjectMapper JSON = new ObjectMapper();
    @RegisterExtension
    static final TestServerExtension server = new TestServerExtension();

    /** The fixture with its {@code __DAYS_AGO_n__} placeholders set to n days before now. */
    private static ObjectNode request() throws Exception {
        String text = Fixtures.text("cdshooks/order-sign-empagliflozin-dialysis.json");
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        for (int days : new int[] {3, 6, 10}) {
            text = text.replace("__DAYS_AGO_" + days + "__", now.minus(days, ChronoUnit.DAYS).toString());
        }
        return (ObjectNode) JSON.readTree(text);
    }

    private static JsonNode cards(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body()).get("cards");
    }

    private static List<String> ruleIds(JsonNode cards) {
        List<String> out = new ArrayList<>();
        for (JsonNode c : cards) {
            String detail = c.path("detail").asText();
            for (String id : List.of("ADA-SGLT2-001", "ADA-SGLT2-002", "ADA-SGLT2-003")) {
                if (detail.contains(id)) {
                    out.add(id);
                }
            }
        }
        return out;
    }

    @Test
    void should_return_critical_sglt2_dialysis_card_when_dialysis_procedures_are_recent() throws Exception {
        // given an empagliflozin draft for a type 2 diabetic with CKD 5, eGFR 9 and renal dialysis 3 and 6 days ago
        byte[] body = JSON.writeValueAsBytes(request());

        // when
        HttpResponse<String> r = server.post(SIGN, server.sandboxToken(SIGN), body);

        // then the dialysis contraindication fires, naming the procedure, and the eGFR-20 warning does not
        JsonNode cards = cards(r);
        SpecJson.assertNoNullOrEmpty(JSON.readTree(r.body()));
        assertThat(ruleIds(cards)).as("rules in %s", cards).containsExactly("ADA-SGLT2-001");
        JsonNode card = cards.get(0);
        assertThat(card.get("indicator").asText()).isEqualTo("critical");
        assertThat(card.get("summary").asText()).contains("empagliflozin").contains("dialysis");
        assertThat(card.get("detail").asText()).contains("Procedure/dialysis-2");
        assertThat(card.findValuesAsText("resourceId")).contains("MedicationRequest/draft-empagliflozin-1");
    }

    @Test
    void should_fall_back_to_the_egfr_warning_when_the_record_holds_no_dialysis_procedure() throws Exception {
        // given the same call with an empty procedures prefetch (as before dialysis procedures were read)
        ObjectNode request = request();
        ((ObjectNode) request.get("prefetch").get("procedures")).putArray("entry");

        // when
        JsonNode cards = cards(server.post(SIGN, server.sandboxToken(SIGN), JSON.writeValueAsBytes(request)));

        // then
        assertThat(ruleIds(cards)).as("rules in %s", cards).containsExactly("ADA-SGLT2-003");
    }

    @Test
    void should_answer_412_when_the_procedures_prefetch_is_missing_and_there_is_no_fhir_server() throws Exception {
        // given the call without the procedures key and without fhirServer
        ObjectNode request = request();
        ((ObjectNode) request.get("prefetch")).remove("procedures");

        // when
        HttpResponse<String> r = server.post(SIGN, server.sandboxToken(SIGN), JSON.writeValueAsBytes(request));

        // then
        assertThat(r.statusCode()).as(r.body()).isEqualTo(412);
    }
}
