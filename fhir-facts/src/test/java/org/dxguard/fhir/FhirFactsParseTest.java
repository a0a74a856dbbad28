package org.dxguard.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.dxguard.model.DxGuardException;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;

class FhirFactsParseTest {
    private static final FhirFacts FHIR = Fixtures.FHIR;

    private static DxGuardException parseError(String fixture) {
        String json = Fixtures.text(fixture);
        try {
            FHIR.parse(json);
        } catch (DxGuardException e) {
            return e;
        }
        throw new AssertionError("expected a parse error for " + fixture);
    }

    @Test
    void should_report_invalid_json_with_hapi_detail_when_json_is_truncated() {
        // when
        DxGuardException e = parseError("invalid/truncated.json");
        // then
        assertThat(e.errorCode()).isEqualTo(FhirErrors.INVALID_FHIR);
        assertThat(e).hasMessageStartingWith("DXG-0130: FHIR resource is not valid FHIR R4 JSON: the text is not "
            + "valid JSON").hasMessageContaining("HAPI-");
        assertThat(FhirErrors.httpStatus(e.errorCode())).isEqualTo(400);
    }

    @Test
    void should_name_the_unknown_type_when_resource_type_is_unknown() {
        // when
        DxGuardException e = parseError("invalid/unknown-type.json");
        // then
        assertThat(e).hasMessageStartingWith("DXG-0130: ")
            .hasMessageContaining("resourceType is not a FHIR R4 resource type")
            // the value sent is not echoed: an error body is no channel for request text
            .hasMessageNotContaining("Patientt");
    }

    @Test
    void should_say_resource_type_is_missing_when_absent() {
        // when
        DxGuardException e = parseError("invalid/no-resource-type.json");
        // then
        assertThat(e).hasMessageStartingWith("DXG-0130: ").hasMessageContaining("resourceType");
    }

    @Test
    void should_name_the_element_when_a_date_is_invalid() {
        // when
        DxGuardException e = parseError("invalid/bad-birthdate.json");
        // then
        assertThat(e).hasMessageStartingWith("DXG-0130: ").hasMessageContaining("element birthDate")
            .hasMessageContaining("not valid for its element").hasMessageNotContaining("1980-13-45");
    }

    @Test
    void should_say_a_json_object_is_expected_when_input_is_an_array() {
        // when
        DxGuardException e = parseError("invalid/array.json");
        // then
        assertThat(e).hasMessage("DXG-0130: FHIR resource is not a JSON object; a FHIR R4 JSON resource starts with "
            + "'{' and has a resourceType");
    }

    @Test
    void should_say_input_is_empty_when_blank_or_null() {
        // when / then
        assertThatThrownBy(() -> FHIR.parse("  ")).isInstanceOf(DxGuardException.class)
            .hasMessageContaining("is empty");
        assertThatThrownBy(() -> FHIR.parse(null)).isInstanceOf(DxGuardException.class)
            .hasMessageContaining("is empty");
    }

    @Test
    void should_name_where_when_caller_gives_a_location() {
        // when / then
        assertThatThrownBy(() -> FHIR.parse("{\"resourceType\": \"Nope\"}", "prefetch key 'patient'"))
            .hasMessageStartingWith("DXG-0130: prefetch key 'patient' is not valid FHIR R4 JSON");
    }

    @Test
    void should_ignore_unknown_elements_when_parsing_leniently() {
        // when
        IBaseResource resource = FHIR.parse(Fixtures.text("unknown-element-patient.json"));
        // then
        assertThat(resource).isInstanceOf(Patient.class);
        assertThat(((Patient) resource).getGender()).isNotNull();
    }

    @Test
    void should_flatten_entries_and_keep_own_ids_when_bundle_has_full_urls() {
        // given a searchset whose entries have absolute fullUrls, one an OperationOutcome
        IBaseResource bundle = FHIR.parse(Fixtures.text("pregnant-record.json"));
        // when
        List<IBaseResource> resources = FHIR.resources(bundle);
        // then
        assertThat(bundle).isInstanceOf(Bundle.class);
        assertThat(resources).hasSize(6);
        assertThat(resources).extracting(IBaseResource::fhirType)
            .containsExactly("Patient", "Condition", "Condition", "Observation", "Observation", "OperationOutcome");
        assertThat(FhirValues.idPart(resources.get(0))).isEqualTo("pat-pregnant");
    }

    @Test
    void should_return_resource_itself_when_not_a_bundle_and_empty_when_null() {
        // given
        IBaseResource patient = FHIR.parse(Fixtures.text("unknown-element-patient.json"));
        // when / then
        assertThat(FHIR.resources(patient)).containsExactly(patient);
        assertThat(FHIR.resources(null)).isEmpty();
    }

    @Test
    void should_flatten_nested_bundles_when_a_bundle_contains_a_bundle() {
        // given
        Bundle inner = (Bundle) FHIR.parse(Fixtures.text("allergy-record.json"));
        Bundle outer = new Bundle();
        outer.setType(Bundle.BundleType.COLLECTION);
        outer.addEntry().setResource(inner);
        outer.addEntry().setResource(new Patient().setActive(true));
        // when
        List<IBaseResource> resources = FHIR.resources(outer);
        // then
        assertThat(resources).hasSize(5);
    }
}
