package org.dxguard.service.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.dxguard.service.Fixtures;
import org.dxguard.service.TestServerExtension;
import org.dxguard.service.audit.DecisionLog;
import org.dxguard.service.audit.DecisionRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The HL7 CDS Hooks sandbox as a client of the default configuration: ES384 tokens signed with the sandbox's own key
 * (kid 44823f3d-…, jku of sandbox.cds-hooks.org, no sub), no fhirAuthorization, full prefetch, then feedback as
 * the sandbox posts it when a suggestion is accepted.
 */
class SandboxClientIT {
    private static final String SIGN = "/cds-services/dxguard-medication-sign";
    private static final ObjectMapper JSON = new ObjectMapper();
    @RegisterExtension
    static final TestServerExtension server = new TestServerExtension();

    private static byte[] fixture(String name) {
        return Fixtures.withRecentDates("cdshooks/" + name);
    }

    @Test
    void should_return_critical_metformin_card_with_cancel_suggestion_when_egfr_is_25() throws Exception {
        // when
        HttpResponse<String> r = server.post(SIGN, server.sandboxToken(SIGN),
            fixture("sandbox-order-sign-metformin-egfr25.json"));

        // then
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode cards = JSON.readTree(r.body()).get("cards");
        SpecJson.assertNoNullOrEmpty(JSON.readTree(r.body()));
        JsonNode metformin = null;
        for (JsonNode c : cards) {
            if (c.path("detail").asText().contains("ADA-MET-001")) {
                metformin = c;
            }
        }
        assertThat(metformin).as("a card from rule ADA-MET-001 in %s", r.body()).isNotNull();
        assertThat(metformin.get("indicator").asText()).isEqualTo("critical");
        assertThat(metformin.get("summary").asText()).containsIgnoringCase("metformin");
        assertThat(metformin.at("/source/url").asText()).startsWith("https://");
        assertThat(metformin.findValuesAsText("resourceId")).contains("MedicationRequest/draft-metformin-1");
        assertThat(metformin.get("overrideReasons")).isNotEmpty();

        // and the decision is on record with the rule that fired
        String uuid = metformin.get("uuid").asText();
        DecisionRecord record = DecisionLog.find(server.dataDir(), "3b8f4c6e-2f0d-4b8e-9c1a-7d5e6f4a3b21").stream()
            .filter(d -> d.cards().stream().anyMatch(c -> c.uuid().equals(uuid))).findFirst().orElseThrow();
        assertThat(record.rulesFired()).extracting(DecisionRecord.Fired::ruleId).contains("ADA-MET-001");
        assertThat(record.status()).isEqualTo(200);
        assertThat(record.hash()).hasSize(64);
    }

    @Test
    void should_stay_silent_about_metformin_when_egfr_is_75() throws Exception {
        HttpResponse<String> r = server.post(SIGN, server.sandboxToken(SIGN),
            fixture("sandbox-order-sign-metformin-egfr75.json"));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).doesNotContain("ADA-MET-001").doesNotContain("ADA-MET-002");
    }

    @Test
    void should_accept_feedback_as_the_sandbox_sends_it_for_an_accepted_suggestion() throws Exception {
        // given a card with a suggestion
        HttpResponse<String> call = server.post(SIGN, server.sandboxToken(SIGN),
            fixture("sandbox-order-sign-metformin-egfr25.json"));
        JsonNode card = JSON.readTree(call.body()).get("cards").get(0);
        String feedback = "{\"feedback\":[{\"card\":\"" + card.get("uuid").asText() + "\",\"outcome\":\"accepted\","
            + "\"acceptedSuggestions\":[{\"id\":\"" + card.at("/suggestions/0/uuid").asText() + "\"}],"
            + "\"outcomeTimestamp\":\"" + Instant.now() + "\"}]}";

        // when
        String path = SIGN + "/feedback";
        HttpResponse<String> r = server.post(path, server.sandboxToken(path),
            feedback.getBytes(StandardCharsets.UTF_8));

        // then
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(java.nio.file.Files.readString(server.dataDir().resolve("feedback/feedback.jsonl")))
            .contains(card.get("uuid").asText());
    }

    @Test
    void should_answer_patient_view_with_spec_shaped_response() throws Exception {
        String path = "/cds-services/dxguard-differential";
        HttpResponse<String> r = server.post(path, server.sandboxToken(path), fixture("sandbox-patient-view.json"));

        assertThat(r.statusCode()).isEqualTo(200);
        SpecJson.assertNoNullOrEmpty(JSON.readTree(r.body()));
    }
}
