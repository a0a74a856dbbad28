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
            .hasMessageStartingWith("DXG-0101").hasMessageContaining("a key appears twice in one object");
    }

    @Test
    void should_reject_hook_the_service_does_not_serve() throws Exception {
        byte[] body = orderSignWith(r -> r.put("hook", "patient-view"));
        assertThatThrownBy(() -> json.parseRequest(body, List.of(Hook.ORDER_SIGN)))
            .hasMessageContaining("hook is not one this service serves; it serves [order-sign]")
            .hasMessageNotContaining("patient-view");
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
    @Test
    void should_refuse_a_plain_http_fhir_server_off_loopback_naming_the_field_when_insecure_fhir_is_not_allowed()
        throws Exception {
        // given
        byte[] remote = orderSignWith(r -> r.put("fhirServer", "http://fhir.hospital.example/r4"));

        // when / then
        assertThatThrownBy(() -> json.parseRequest(remote, List.of(Hook.ORDER_SIGN)))
            .hasMessageStartingWith("DXG-0134: fhirServer must be an https:// URL")
            .hasMessageContaining("--allow-insecure-fhir");
        assertThat(json.allowInsecureFhir(true).parseRequest(remote, List.of(Hook.ORDER_SIGN)).fhirServer())
            .isEqualTo("http://fhir.hospital.example/r4");
    }

    @Test
    void should_accept_plain_http_on_loopback_and_https_anywhere_when_checking_the_fhir_server() throws Exception {
        for (String url : List.of("http://localhost:8081/fhir", "http://127.0.0.1:9/r4", "http://[::1]:8080/r4",
            "https://fhir.hospital.example/r4", "HTTPS://FHIR.EXAMPLE/R4")) {
            // when
            CdsRequest r = json.parseRequest(orderSignWith(n -> n.put("fhirServer", url)), List.of(Hook.ORDER_SIGN));

            // then
            assertThat(r.fhirServer()).isEqualTo(url);
        }
        // a name that merely looks local is not loopback
        assertThatThrownBy(() -> json.parseRequest(orderSignWith(n -> n.put("fhirServer",
            "http://127.0.0.1.evil.example/r4")), List.of(Hook.ORDER_SIGN))).hasMessageStartingWith("DXG-0134");
    }

    @Test
    void should_never_echo_the_value_sent_when_a_field_is_invalid() throws Exception {
        // given values carrying a marker sentence
        String marker = "Start metformin 1000 mg twice daily";
        List<byte[]> bodies = List.of(
            orderSignWith(r -> r.put("hook", marker)),
            orderSignWith(r -> r.put("hookInstance", marker)),
            orderSignWith(r -> r.putObject("prefetch").put(marker, "x")),
            ("{\"hook\": " + marker + "}").getBytes(StandardCharsets.UTF_8),
            ("{\"" + marker + "\": 1, \"" + marker + "\": 2}").getBytes(StandardCharsets.UTF_8));
        byte[] feedback = ("{\"feedback\":[{\"card\":\"c\",\"outcome\":\"" + marker + "\",\"outcomeTimestamp\":\""
            + marker + "\"}]}").getBytes(StandardCharsets.UTF_8);

        // then
        for (byte[] body : bodies) {
            assertThatThrownBy(() -> json.parseRequest(body, List.of(Hook.ORDER_SIGN)))
                .hasMessageNotContaining("metformin").hasMessageNotContaining("Start");
        }
        assertThatThrownBy(() -> json.parseFeedback(feedback)).hasMessageNotContaining("metformin");
    }
}
