package org.dxguard.service.cdshooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.dxguard.service.Fixtures;
import org.junit.jupiter.api.Test;

class CdsJsonTest {
    private final CdsJson json = CdsJson.create();

    private byte[] orderSignWith(java.util.function.Consumer<ObjectNode> edit) throws Exception {
        ObjectNode root = (ObjectNode) json.mapper().readTree(Fixtures.bytes("cdshooks/order-sign-request.json"));
        edit.accept(root);
        return json.mapper().writeValueAsBytes(root);
    }

    @Test
    void should_parse_spec_request_when_well_formed() {
        // given
        byte[] body = Fixtures.bytes("cdshooks/order-sign-request.json");

        // when
        CdsRequest request = json.parseRequest(body, List.of(Hook.ORDER_SIGN));

        // then
        assertThat(request.hook()).isEqualTo(Hook.ORDER_SIGN);
        assertThat(request.patientId()).isEqualTo("pat-dkd-1");
        assertThat(request.prefetch()).containsKeys("patient", "conditions", "observations", "medications",
            "allergies");
        assertThat(request.prefetch().get("allergies")).isNull();
        assertThat(request.draftOrders()).hasValueSatisfying(j -> assertThat(j.toString()).contains("draft-metformin-1"));
    }

    @Test
    void should_reject_malformed_json_with_position() {
        assertThatThrownBy(() -> json.parseRequest("{\"hook\": ".getBytes(StandardCharsets.UTF_8),
            List.of(Hook.ORDER_SIGN)))
            .isInstanceOf(BadRequestException.class)
            .hasMessageStartingWith("DXG-0101")
            .hasMessageContaining("line 1");
    }

    @Test
    void should_reject_duplicate_keys_when_parsing() {
        byte[] body = "{\"hook\":\"order-sign\",\"hook\":\"patient-view\"}".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> json.parseRequest(body, List.of(Hook.ORDER_SIGN)))
            .hasMessageStartingWith("DXG-0101").hasMessageContaining("Duplicate");
    }

    @Test
    void should_reject_hook_the_service_does_not_serve() throws Exception {
        byte[] body = orderSignWith(r -> r.put("hook", "patient-view"));
        assertThatThrownBy(() -> json.parseRequest(body, List.of(Hook.ORDER_SIGN)))
            .hasMessageContaining("hook 'patient-view' is not served");
    }

    @Test
    void should_reject_hook_instance_that_is_not_a_uuid() throws Exception {
        byte[] body = orderSignWith(r -> r.put("hookInstance", "42"));
        assertThatThrownBy(() -> json.parseRequest(body, List.of(Hook.ORDER_SIGN)))
            .hasMessageContaining("hookInstance must be a UUID");
    }

    @Test
    void should_reject_missing_required_context_field() throws Exception {
        byte[] body = orderSignWith(r -> ((ObjectNode) r.get("context")).remove("draftOrders"));
        assertThatThrownBy(() -> json.parseRequest(body, List.of(Hook.ORDER_SIGN)))
            .hasMessageContaining("context.draftOrders is required for hook order-sign");
    }

    @Test
    void should_reject_prefetch_value_that_is_not_a_resource() throws Exception {
        byte[] body = orderSignWith(r -> ((ObjectNode) r.get("prefetch")).put("patient", "Patient/1"));
        assertThatThrownBy(() -> json.parseRequest(body, List.of(Hook.ORDER_SIGN)))
            .hasMessageContaining("prefetch.patient must be a FHIR resource or null");
    }

    @Test
    void should_reject_fhir_authorization_without_fhir_server() throws Exception {
        byte[] body = orderSignWith(r -> {
            r.remove("fhirServer");
            r.putObject("fhirAuthorization").put("access_token", "t").put("token_type", "Bearer")
                .put("expires_in", 300).put("scope", "patient/*.read").put("subject", "cds");
        });
        assertThatThrownBy(() -> json.parseRequest(body, List.of(Hook.ORDER_SIGN)))
            .hasMessageContaining("fhirServer is missing");
    }

    @Test
    void should_not_print_access_token_when_fhir_authorization_is_shown() {
        FhirAuthorization auth = new FhirAuthorization("secret-token", "Bearer", 300, "s", "sub", null);
        assertThat(auth.toString()).doesNotContain("secret-token");
    }

    @Test
    void should_parse_spec_feedback_when_well_formed() {
        FeedbackRequest feedback = json.parseFeedback(Fixtures.bytes("cdshooks/feedback-request.json"));

        assertThat(feedback.feedback()).hasSize(2);
        FeedbackRequest.Entry overridden = feedback.feedback().get(0);
        assertThat(overridden.outcome()).isEqualTo(FeedbackRequest.Outcome.OVERRIDDEN);
        assertThat(overridden.overrideReason().code()).isEqualTo("reason-code-provided-by-service");
        assertThat(overridden.userComment()).isEqualTo("clinician's comment");
        assertThat(overridden.outcomeTimestamp()).isEqualTo(Instant.parse("2020-12-11T00:00:00Z"));
        assertThat(feedback.feedback().get(1).acceptedSuggestions())
            .containsExactly("e56e1945-20b3-4393-8503-a1a20fd73152");
    }

    @Test
    void should_reject_feedback_with_unknown_outcome() {
        byte[] body = "{\"feedback\":[{\"card\":\"c\",\"outcome\":\"ignored\",\"outcomeTimestamp\":\"2020-12-11T00:00:00Z\"}]}"
            .getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> json.parseFeedback(body)).hasMessageContaining("feedback[0].outcome");
    }

    @Test
    void should_write_no_nulls_or_empty_values_but_keep_empty_cards() throws Exception {
        // given
        Card card = Card.builder().summary("Metformin is contraindicated at eGFR 25")
            .indicator(Indicator.CRITICAL).source(Source.of("ADA Standards of Care", null)).build();

        // when
        JsonNode empty = json.mapper().readTree(json.write(CdsResponse.of(List.of())));
        JsonNode one = json.mapper().readTree(json.write(CdsResponse.of(List.of(card))));

        // then
        assertThat(empty.toString()).isEqualTo("{\"cards\":[]}");
        JsonNode c = one.get("cards").get(0);
        assertThat(c.has("detail")).isFalse();
        assertThat(c.has("suggestions")).isFalse();
        assertThat(c.has("selectionBehavior")).isFalse();
        assertThat(c.get("indicator").asText()).isEqualTo("critical");
        assertThat(c.get("source").toString()).isEqualTo("{\"label\":\"ADA Standards of Care\"}");
        assertThat(c.get("uuid").asText()).isNotBlank();
    }
}
