package org.dxguard.service.prefetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.dxguard.fhir.FhirErrors;
import org.dxguard.fhir.Fixtures;
import org.dxguard.fhir.FhirFacts;
import org.dxguard.model.DxGuardException;
import org.dxguard.model.PatientFacts;
import org.dxguard.service.cdshooks.CdsJson;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;

/**
 * A hook call's prefetch reaches HAPI as the JSON tree the request was read into ({@link FhirFacts#parse(ObjectNode,
 * String)}), not as text written out and read again: the resources must be exactly those of HAPI's own text reader,
 * less the elements no mapping rule reads ({@code FhirFacts.UNREAD}); the facts must be the same; decimals keep
 * their precision, and bad FHIR is refused the same way.
 */
class FhirTreeParseTest {
    private static final FhirFacts FHIR = Fixtures.FHIR;
    private static final CdsJson JSON = CdsJson.create();
    private static final IParser ENCODER = FhirContext.forR4Cached().newJsonParser();

    private static ObjectNode tree(String fixture) {
        return (ObjectNode) JSON.readTree(Fixtures.text(fixture).getBytes(StandardCharsets.UTF_8));
    }

    private static final List<String> FIXTURES = List.of("diabetic-ckd-record.json", "allergy-record.json",
        "pregnant-record.json", "postpartum-record.json", "dialysis-record.json",
        "dialysis-after-failed-transplant-record.json", "dialysis-then-transplant-record.json",
        "medication-statements-record.json", "draft-orders.json", "two-patients.json", "unknown-element-patient.json",
        "decimal-precision-observation.json", "synthea-patient.json");

    @Test
    void should_give_the_resources_of_the_text_reader_less_the_unread_elements_when_parsed_from_the_request_tree() {
        for (String fixture : FIXTURES) {
            // given the fixture read as text by HAPI, and read into a tree as a hook call's body is
            IBaseResource fromText = FHIR.parse(Fixtures.text(fixture));

            // when HAPI walks the tree
            IBaseResource fromTree = FHIR.parse(tree(fixture), "fixture " + fixture);

            // then both give the same resources, element for element, with their own ids, except the elements
            // no mapping rule reads, which the tree parse never hands to HAPI
            assertThat(encoded(fromTree)).as(fixture).isEqualTo(withoutUnread(encoded(fromText)));
        }
    }

    @Test
    void should_map_the_same_facts_whether_parsed_from_text_or_from_the_request_tree() {
        for (String fixture : FIXTURES) {
            if (fixture.equals("two-patients.json")) {
                continue; // refused by the mapping either way (see FhirFactsTest)
            }
            // given the fixture parsed both ways
            List<IBaseResource> fromText = FHIR.resources(FHIR.parse(Fixtures.text(fixture)));
            List<IBaseResource> fromTree = FHIR.resources(FHIR.parse(tree(fixture), "fixture " + fixture));

            // when each is mapped
            PatientFacts viaText = FHIR.toFacts(fromText, List.of(), Fixtures.AS_OF);
            PatientFacts viaTree = FHIR.toFacts(fromTree, List.of(), Fixtures.AS_OF);

            // then the facts are equal
            assertThat(viaTree).as(fixture).isEqualTo(viaText);
        }
    }

    @Test
    void should_not_hand_the_patients_name_address_or_narrative_to_hapi() {
        // given a Synthea-like Patient with narrative, identifiers, name, address and race extension
        ObjectNode patient = tree("synthea-patient.json");

        // when it is parsed from the request tree
        Patient parsed = (Patient) FHIR.parse(patient, "prefetch key 'patient'");

        // then only what the mapping reads is there, and the request's own tree is untouched
        assertThat(parsed.getIdElement().getIdPart()).isEqualTo("synthea-1");
        assertThat(parsed.getGender().toCode()).isEqualTo("female");
        assertThat(parsed.getBirthDateElement().getValueAsString()).isEqualTo("1951-03-04");
        assertThat(parsed.hasName()).isFalse();
        assertThat(parsed.hasAddress()).isFalse();
        assertThat(parsed.hasTelecom()).isFalse();
        assertThat(parsed.hasText()).isFalse();
        assertThat(parsed.hasExtension()).isFalse();
        assertThat(parsed.hasIdentifier()).isFalse();
        assertThat(patient.has("name")).isTrue();
        assertThat(patient.has("text")).isTrue();
    }

    @Test
    void should_not_refuse_an_invalid_value_in_an_element_no_rule_reads() {
        // given a Patient whose meta.lastUpdated is not an instant (the mapping never reads meta)
        ObjectNode patient = tree("synthea-patient.json");
        patient.withObject("/meta").put("lastUpdated", "yesterday");

        // when it is parsed from the request tree, then it is accepted; the same value in birthDate is not
        assertThat(FHIR.parse(patient, "prefetch key 'patient'")).isInstanceOf(Patient.class);
        patient.put("birthDate", "yesterday");
        assertThat(catchThrowableOfType(() -> FHIR.parse(patient, "prefetch key 'patient'"), DxGuardException.class))
            .isNotNull();
    }

    @Test
    void should_keep_issued_when_an_observation_has_no_effective_date() {
        // given two Observations, one dated by effectiveDateTime and issued, one by issued only
        ObjectNode dated = tree("decimal-precision-observation.json");
        dated.put("issued", "2026-11-21T09:30:00Z");
        ObjectNode issuedOnly = dated.deepCopy();
        issuedOnly.remove("effectiveDateTime");

        // when both are parsed from the request tree
        Observation withEffective = (Observation) FHIR.parse(dated, "observation");
        Observation withIssuedOnly = (Observation) FHIR.parse(issuedOnly, "observation");

        // then issued, the fallback date, is kept only where it is needed, and dates the facts there
        assertThat(withEffective.hasIssued()).isFalse();
        assertThat(withIssuedOnly.getIssuedElement().getValueAsString()).isEqualTo("2026-11-21T09:30:00Z");
        assertThat(FHIR.toFacts(List.of(withIssuedOnly), List.of(), Fixtures.AS_OF).observations().get(0).effective())
            .isEqualTo(java.time.Instant.parse("2026-11-21T09:30:00Z"));
    }

    private static List<String> encoded(IBaseResource resourceOrBundle) {
        return FHIR.resources(resourceOrBundle).stream()
            .map(r -> r.getIdElement().getValue() + " " + ENCODER.encodeResourceToString(r)).toList();
    }

    /** Each encoded resource with the top-level elements of FhirFacts.UNREAD (and UNREAD_PATIENT) removed. */
    private static List<String> withoutUnread(List<String> encoded) {
        return encoded.stream().map(line -> {
            int space = line.indexOf(' ');
            ObjectNode r = (ObjectNode) JSON.readTree(line.substring(space + 1).getBytes(StandardCharsets.UTF_8));
            boolean patient = "Patient".equals(r.path("resourceType").asText());
            boolean datedObservation = "Observation".equals(r.path("resourceType").asText())
                && r.properties().stream().anyMatch(e -> e.getKey().startsWith("effective"));
            r.properties().removeIf(e -> FhirFacts.UNREAD.contains(e.getKey().replaceFirst("^_", ""))
                || patient && FhirFacts.UNREAD_PATIENT.contains(e.getKey().replaceFirst("^_", ""))
                || datedObservation && e.getKey().replaceFirst("^_", "").equals("issued"));
            return line.substring(0, space) + " " + ENCODER.encodeResourceToString(ENCODER.parseResource(r.toString()));
        }).toList();
    }

    @Test
    void should_keep_decimal_precision_when_parsed_from_the_request_tree() {
        // when an Observation with value 1.10 and a component 0.60 is parsed from the tree
        Observation o = (Observation) FHIR.parse(tree("decimal-precision-observation.json"), "observation");

        // then the decimals are written as sent, not as binary doubles
        assertThat(o.getValueQuantity().getValueElement().getValueAsString()).isEqualTo("1.10");
        assertThat(o.getComponent().get(0).getValueQuantity().getValueElement().getValueAsString()).isEqualTo("0.60");
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
