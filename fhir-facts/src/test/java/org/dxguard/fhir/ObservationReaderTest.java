package org.dxguard.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.dxguard.model.DxGuardException;
import org.dxguard.model.PatientFacts;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Medication;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.junit.jupiter.api.Test;

/**
 * {@link FhirFacts#parseResources}: Observations (and Conditions and MedicationRequests, {@link TreeReadersTest}) of the common shape
 * read straight from the request tree must be exactly what HAPI's parse of the same projected tree gives (element for element, ids included), in the same
 * order, with the same facts; everything else, and any Observation the reader does not take, is HAPI's as before.
 */
class ObservationReaderTest {
    private static final FhirFacts FHIR = Fixtures.FHIR;
    /** The tree as a hook call's body is read (CdsJson): decimals exact. */
    private static final ObjectReader TREE = new ObjectMapper().reader()
        .with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).with(JsonNodeFactory.withExactBigDecimals(true));
    private static final IParser ENCODER = FhirContext.forR4Cached().newJsonParser();
    private static final List<String> FIXTURES = List.of("observation-shapes-bundle.json", "diabetic-ckd-record.json",
        "allergy-record.json", "pregnant-record.json", "postpartum-record.json", "dialysis-record.json",
        "dialysis-after-failed-transplant-record.json", "dialysis-then-transplant-record.json",
        "medication-statements-record.json", "draft-orders.json", "unknown-element-patient.json",
        "decimal-precision-observation.json", "synthea-patient.json", "alt-reference-range.json",
        "condition-shapes-bundle.json", "condition-history.json", "medication-request-shapes-bundle.json");

    static ObjectNode tree(String fixture) {
        try {
            return (ObjectNode) TREE.readTree(Fixtures.text(fixture));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** HAPI alone on the projected tree (the path before the reader), flattened. */
    static List<IBaseResource> hapiOnly(ObjectNode json, String where) {
        return FHIR.resources(FHIR.parse(json, where));
    }

    static List<String> encoded(List<IBaseResource> resources) {
        return resources.stream().map(r -> r.fhirType() + " " + r.getIdElement().getValue() + " "
            + ENCODER.encodeResourceToString(r)).toList();
    }

    @Test
    void should_give_hapis_resources_element_for_element_when_observations_are_read_from_the_tree() {
        for (String fixture : FIXTURES) {
            // given a prefetch value as the request tree holds it
            ObjectNode json = tree(fixture);

            // when it is read with the Observation reader, and by HAPI alone
            List<IBaseResource> fast = FHIR.parseResources(json, "fixture " + fixture);
            List<IBaseResource> hapi = "Bundle".equals(json.path("resourceType").asText()) ? hapiOnly(json, "fixture")
                : List.of(FHIR.parse(json, "fixture"));

            // then the resources are the same, in the same order, ids and decimals included
            assertThat(encoded(fast)).as(fixture).isEqualTo(encoded(hapi));
        }
    }

    @Test
    void should_read_the_common_shapes_itself_and_leave_the_unusual_ones_to_hapi() {
        // given the real-shaped Observations of the fixture (US Core lab with category/subject/issued, molar and
        // unit-less labs, Chinese code text and value, blood pressure components, coded, boolean, integer,
        // absent values, a period, issued only, an exponent), and two that carry what the reader does not read
        ObjectNode bundle = tree("observation-shapes-bundle.json");
        List<String> readHere = new ArrayList<>();
        List<String> leftToHapi = new ArrayList<>();
        for (var entry : bundle.get("entry")) {
            ObjectNode r = (ObjectNode) entry.get("resource");
            if (!"Observation".equals(r.path("resourceType").asText())) {
                continue;
            }
            // when each is offered to the reader
            (ObservationReader.read(r) != null ? readHere : leftToHapi).add(r.path("id").asText());
        }

        // then the common shapes are read from the tree, the unusual ones (a method; a status with an extension,
        // a coding version and a comparator) by HAPI
        assertThat(readHere).containsExactly("a1c-1", "creat-molar", "egfr-unitless", "glucose-zh", "bp-1",
            "smoking", "urine-protein-zh", "pregnancy-test", "parity", "k-absent", "weight-exp", "egfr-error");
        assertThat(leftToHapi).containsExactly("hapi-method", "hapi-extended-status");
    }

    @Test
    void should_map_the_same_facts_and_resolve_the_medication_reference_when_observations_are_read_from_the_tree() {
        // given the fixture parsed both ways
        ObjectNode json = tree("observation-shapes-bundle.json");
        List<IBaseResource> fast = FHIR.parseResources(json, "fixture");
        List<IBaseResource> hapi = hapiOnly(json, "fixture");

        // when each is mapped
        PatientFacts viaReader = FHIR.toFacts(fast, List.of(), Fixtures.AS_OF);
        PatientFacts viaHapi = FHIR.toFacts(hapi, List.of(), Fixtures.AS_OF);

        // then the facts are equal, the Chinese-named MedicationStatement and the US Core medicationReference
        // included (HAPI still links the reference to the Medication entry of the Bundle)
        assertThat(viaReader).isEqualTo(viaHapi);
        assertThat(viaReader.observations()).hasSizeGreaterThanOrEqualTo(12);
        assertThat(viaReader.activeMedications()).hasSize(2);
        MedicationRequest mr = fast.stream().filter(MedicationRequest.class::isInstance)
            .map(MedicationRequest.class::cast).findFirst().orElseThrow();
        assertThat(mr.getMedicationReference().getResource()).isInstanceOf(Medication.class);
        assertThat(FHIR.unresolvedMedicationReferences(fast, List.of())).isEmpty();
    }

    @Test
    void should_refuse_an_invalid_observation_the_same_way_when_read_from_the_tree() {
        for (String[] bad : List.of(new String[] {"effectiveDateTime", "2026-13-45"},
            new String[] {"status", "Final"}, new String[] {"issued", "yesterday"})) {
            // given the fixture with one invalid value in an element the mapping reads
            ObjectNode json = tree("observation-shapes-bundle.json");
            ObjectNode creat = (ObjectNode) json.get("entry").get(2).get("resource");
            if (bad[0].equals("issued")) {
                creat.remove("effectiveDateTime");
            }
            creat.put(bad[0], bad[1]);

            // when it is parsed both ways
            DxGuardException fast = catchThrowableOfType(() -> FHIR.parseResources(json, "prefetch key 'labs'"),
                DxGuardException.class);
            DxGuardException hapi = catchThrowableOfType(() -> hapiOnly(json, "prefetch key 'labs'"),
                DxGuardException.class);

            // then both refuse it as invalid FHIR with the same message
            assertThat(fast).as(bad[0]).isNotNull();
            assertThat(fast.errorCode()).isEqualTo(FhirErrors.INVALID_FHIR);
            assertThat(hapi).isNotNull();
            assertThat(fast.getMessage()).isEqualTo(hapi.getMessage());
        }
    }
}
