package org.dxguard.service.prefetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dxguard.fhir.FhirErrors;
import org.dxguard.fhir.Fixtures;
import org.dxguard.model.DxGuardException;
import org.dxguard.service.cdshooks.CdsJson;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.junit.jupiter.api.Test;

/** PrefetchResolver semantics that need no FHIR server. */
class PrefetchResolverTest {
    private static final Map<String, String> CONTEXT = Map.of("patientId", "pat-dm-ckd",
        "userId", "Practitioner/COREPRACTITIONER1");
    private final PrefetchResolver resolver = PrefetchResolver.builder().fhirFacts(Fixtures.FHIR).build();

    /** A prefetch value as a hook call carries it: the JSON tree of the request body. */
    private static ObjectNode json(String text) {
        return (ObjectNode) CdsJson.create().readTree(text.getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, String> templates() {
        Map<String, String> t = new LinkedHashMap<>();
        t.put("patient", "Patient/{{context.patientId}}");
        t.put("record", "Observation?patient={{context.patientId}}");
        return t;
    }

    @Test
    void should_use_provided_values_and_fetch_nothing_when_every_key_was_sent() {
        // given
        Map<String, ObjectNode> provided = Map.of(
            "patient", json(Fixtures.text("unknown-element-patient.json")),
            "record", json(Fixtures.text("diabetic-ckd-record.json")));
        // when
        ResolvedPrefetch resolved = resolver.resolve(templates(), provided, CONTEXT, null, null);
        // then
        assertThat(resolved.fetchedKeys()).isEmpty();
        assertThat(resolved.byKey()).containsOnlyKeys("patient", "record");
        assertThat(resolved.byKey().get("patient")).hasSize(1);
        assertThat(resolved.byKey().get("record")).hasSize(24);
    }

    @Test
    void should_give_empty_list_when_provided_value_is_null() {
        // given JSON null (no data) for both keys
        Map<String, ObjectNode> provided = new HashMap<>();
        provided.put("record", null);
        provided.put("patient", null);
        // when
        ResolvedPrefetch resolved = resolver.resolve(templates(), provided, CONTEXT, null, null);
        // then
        assertThat(resolved.byKey().get("record")).isEmpty();
        assertThat(resolved.byKey().get("patient")).isEmpty();
        assertThat(resolved.all()).isEmpty();
    }

    @Test
    void should_be_bad_request_naming_the_key_when_provided_value_is_not_fhir() {
        // given
        Map<String, ObjectNode> provided = new HashMap<>();
        provided.put("patient", json("{\"resourceType\": \"Patient\", \"birthDate\": \"soon\"}"));
        provided.put("record", null);
        // when
        DxGuardException e = catchThrowableOfType(() -> resolver.resolve(templates(), provided, CONTEXT, null, null),
            DxGuardException.class);
        // then
        assertThat(e.errorCode()).isEqualTo(FhirErrors.BAD_PREFETCH);
        assertThat(e).hasMessageStartingWith("DXG-0131: prefetch key 'patient' is not valid FHIR R4 JSON")
            .hasMessageContaining("birthDate");
        assertThat(FhirErrors.httpStatus(e.errorCode())).isEqualTo(400);
    }

    @Test
    void should_be_unavailable_naming_keys_when_keys_are_missing_and_no_fhir_server() {
        // when
        PrefetchUnavailableException e = catchThrowableOfType(
            () -> resolver.resolve(templates(), Map.of(), CONTEXT, null, null), PrefetchUnavailableException.class);
        // then
        assertThat(e.errorCode()).isEqualTo(FhirErrors.PREFETCH_UNAVAILABLE);
        assertThat(e.keys()).containsExactly("patient", "record");
        assertThat(e).hasMessage("DXG-0132: prefetch data unavailable for keys 'patient': not sent by the EHR and "
            + "no fhirServer to fetch it from; 'record': not sent by the EHR and no fhirServer to fetch it from");
    }

    @Test
    void should_be_unavailable_when_a_template_token_cannot_be_filled() {
        // given a patient-view without encounterId
        Map<String, String> templates = Map.of("encounter", "Encounter/{{context.encounterId}}");
        // when
        PrefetchUnavailableException e = catchThrowableOfType(
            () -> resolver.resolve(templates, Map.of(), CONTEXT, "https://ehr.example.org/fhir", null),
            PrefetchUnavailableException.class);
        // then
        assertThat(e.reasons()).containsEntry("encounter",
            "template token {{context.encounterId}} cannot be filled from the hook context");
    }

    @Test
    void should_be_unavailable_when_fhir_server_is_not_http() {
        // when / then
        assertThatThrownBy(() -> resolver.resolve(templates(), Map.of(), CONTEXT, "file:///etc/passwd", null))
            .isInstanceOf(PrefetchUnavailableException.class)
            .hasMessageContaining("fhirServer is not an http(s) URL");
    }

    @Test
    void should_fill_context_and_user_tokens_when_values_are_present() {
        // when / then
        assertThat(PrefetchResolver.fill("Patient/{{context.patientId}}", CONTEXT)).isEqualTo("Patient/pat-dm-ckd");
        assertThat(PrefetchResolver.fill("/PractitionerRole?practitioner={{userPractitionerId}}", CONTEXT))
            .isEqualTo("PractitionerRole?practitioner=COREPRACTITIONER1");
        assertThat(PrefetchResolver.fill("Observation?performer={{ context.userId }}", CONTEXT))
            .isEqualTo("Observation?performer=Practitioner/COREPRACTITIONER1");
    }

    @Test
    void should_refuse_to_fill_when_user_is_not_of_the_asked_type_or_value_is_unsafe() {
        // when / then
        assertThatThrownBy(() -> PrefetchResolver.fill("Patient/{{userPatientId}}", CONTEXT))
            .hasMessageContaining("{{userPatientId}} cannot be filled");
        assertThatThrownBy(() -> PrefetchResolver.fill("Patient/{{context.patientId}}",
            Map.of("patientId", "1&_include=*")))
            .hasMessageContaining("characters not allowed");
        assertThatThrownBy(() -> PrefetchResolver.fill("Patient/{{today}}", CONTEXT))
            .hasMessageContaining("{{today}} cannot be filled");
    }

    @Test
    void should_list_each_resource_once_when_keys_overlap() {
        // given the same record under two keys
        ObjectNode record = json(Fixtures.text("allergy-record.json"));
        // when
        ResolvedPrefetch resolved = resolver.resolve(templates(), Map.of("patient", record, "record", record),
            CONTEXT, null, null);
        // then
        List<IBaseResource> all = resolved.all();
        assertThat(all).hasSize(4);
    }

    @Test
    void should_compare_origins_when_checking_next_links() {
        // when / then
        assertThat(PrefetchResolver.sameOrigin("https://ehr.org/fhir", "https://EHR.org:443/fhir/x?page=2")).isTrue();
        assertThat(PrefetchResolver.sameOrigin("https://ehr.org/fhir", "http://ehr.org/fhir/x")).isFalse();
        assertThat(PrefetchResolver.sameOrigin("https://ehr.org/fhir", "https://evil.org/fhir/x")).isFalse();
        assertThat(PrefetchResolver.sameOrigin("http://127.0.0.1:8080/fhir", "http://127.0.0.1:9090/fhir")).isFalse();
    }

    @Test
    void should_reject_invalid_limits_when_building() {
        // when / then
        assertThatThrownBy(() -> PrefetchResolver.builder().maxPages(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PrefetchResolver.builder().timeout(java.time.Duration.ZERO))
            .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void should_never_read_an_operation_outcome_or_a_paged_bundle_as_no_data_when_prefetched() throws Exception {
        // given an OperationOutcome, a page with a next link, a searchset with an error outcome, and a complete one
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var oo = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(
            "{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\",\"code\":\"timeout\"}]}");
        var paged = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree("{\"resourceType\":\"Bundle\","
            + "\"type\":\"searchset\",\"link\":[{\"relation\":\"next\",\"url\":\"https://ehr/fhir?page=2\"}],"
            + "\"entry\":[]}");
        var withError = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree("{\"resourceType\":\"Bundle\","
            + "\"type\":\"searchset\",\"entry\":[{\"resource\":{\"resourceType\":\"OperationOutcome\","
            + "\"issue\":[{\"severity\":\"fatal\",\"code\":\"exception\"}]}}]}");
        var complete = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree("{\"resourceType\":\"Bundle\","
            + "\"type\":\"searchset\",\"entry\":[{\"resource\":{\"resourceType\":\"OperationOutcome\","
            + "\"issue\":[{\"severity\":\"information\",\"code\":\"informational\"}]}}]}");
        // when / then
        assertThat(PrefetchResolver.incomplete(oo)).contains("OperationOutcome");
        assertThat(PrefetchResolver.incomplete(paged)).contains("next link");
        assertThat(PrefetchResolver.incomplete(withError)).contains("fatal");
        assertThat(PrefetchResolver.incomplete(complete)).isNull();
        // and without a fhirServer to fetch from, the call is answered 412 naming the key
        PrefetchResolver resolver = PrefetchResolver.builder().build();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> resolver.resolve(
                java.util.Map.of("observations", "Observation?patient={{context.patientId}}"),
                java.util.Map.of("observations", oo), java.util.Map.of("patientId", "p1"), null, null))
            .isInstanceOf(PrefetchUnavailableException.class).hasMessageContaining("observations")
            .hasMessageContaining("OperationOutcome");
    }
}
