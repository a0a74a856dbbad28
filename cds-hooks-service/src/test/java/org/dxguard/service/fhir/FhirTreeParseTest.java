package org.dxguard.service.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.dxguard.model.DxGuardException;
import org.dxguard.service.cdshooks.CdsJson;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Observation;
import org.junit.jupiter.api.Test;

/**
 * A hook call's prefetch reaches HAPI as the JSON tree the request was read into ({@link FhirFacts#parse(ObjectNode,
 * String)}), not as text written out and read again: the resources must be exactly those of HAPI's own text reader,
 * decimals keep their precision, and bad FHIR is refused the same way.
 */
class FhirTreeParseTest {
    private static final FhirFacts FHIR = Fixtures.FHIR;
    private static final CdsJson JSON = CdsJson.create();
    private static final IParser ENCODER = FhirContext.forR4Cached().newJsonParser();

    private static ObjectNode tree(String fixture) {
        return (ObjectNode) JSON.readTree(Fixtures.text(fixture).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void should_give_the_resources_of_the_text_reader_when_parsed_from_the_request_tree() {
        for (String fixture : List.of("diabetic-ckd-record.json", "allergy-record.json", "pregnant-record.json",
            "dialysis-record.json", "medication-statements-record.json", "draft-orders.json", "two-patients.json",
            "unknown-element-patient.json", "decimal-precision-observation.json")) {
            // given the fixture read as text by HAPI, and read into a tree as a hook call's body is
            IBaseResource fromText = FHIR.parse(Fixtures.text(fixture));

            // when HAPI walks the tree
            IBaseResource fromTree = FHIR.parse(tree(fixture), "fixture " + fixture);

            // then both give the same resources, element for element, with their own ids
            assertThat(encoded(fromTree)).as(fixture).isEqualTo(encoded(fromText));
        }
    }

    private static List<String> encoded(IBaseResource resourceOrBundle) {
        return FHIR.resources(resourceOrBundle).stream()
            .map(r -> r.getIdElement().getValue() + " " + ENCODER.encodeResourceToString(r)).toList();
    }

    @Test
    void should_keep_decimal_precision_when_parsed_from_the_request_tree() {
        // when an Observation with value 1.10 and a range 0.60–1.2E0 is parsed from the tree
        Observation o = (Observation) FHIR.parse(tree("decimal-precision-observation.json"), "observation");

        // then the decimals are written as sent, not as binary doubles
        assertThat(o.getValueQuantity().getValueElement().getValueAsString()).isEqualTo("1.10");
        assertThat(o.getReferenceRangeFirstRep().getLow().getValueElement().getValueAsString()).isEqualTo("0.60");
        assertThat(o.getValueQuantity().getValue()).isEqualByComparingTo("1.1");
    }

    @Test
    void should_refuse_bad_fhir_with_the_same_error_when_parsed_from_the_request_tree() {
        for (String fixture : List.of("invalid/bad-birthdate.json", "invalid/unknown-type.json",
            "invalid/no-resource-type.json")) {
            // when the invalid resource is parsed from its tree
            DxGuardException e = catchThrowableOfType(() -> FHIR.parse(tree(fixture), "prefetch key 'patient'"),
                DxGuardException.class);

            // then it is refused as invalid FHIR, naming where it came from
            assertThat(e).as(fixture).isNotNull();
            assertThat(e.errorCode()).isEqualTo(FhirErrors.INVALID_FHIR);
            assertThat(e).hasMessageStartingWith("DXG-0130: prefetch key 'patient' is not valid FHIR R4 JSON");
        }
    }
}
