package org.dxguard.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.dxguard.model.DxGuardException;
import org.dxguard.model.PatientFacts;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.junit.jupiter.api.Test;

/**
 * {@link ConditionReader}: Conditions of the common shape (current and past, SNOMED, ICD-10-CM, a national edition,
 * Chinese text) read straight from the request tree are exactly what HAPI's parse of the same projected tree gives
 * (element for element: {@code ObservationReaderTest} runs its fixtures too), map to the same facts, and an
 * unusual or invalid one is left to HAPI, which says the same as before.
 */
class ConditionReaderTest {
    private static final FhirFacts FHIR = Fixtures.FHIR;

    @Test
    void should_read_the_common_shapes_itself_and_leave_the_unusual_ones_to_hapi() {
        // given the Conditions of the fixture
        ObjectNode bundle = ObservationReaderTest.tree("condition-shapes-bundle.json");
        List<String> readHere = new ArrayList<>();
        List<String> leftToHapi = new ArrayList<>();
        for (var entry : bundle.get("entry")) {
            ObjectNode r = (ObjectNode) entry.get("resource");
            if (!"Condition".equals(r.path("resourceType").asText())) {
                continue;
            }
            // when each is offered to the reader
            (ConditionReader.read(r) != null ? readHere : leftToHapi).add(r.path("id").asText());
        }

        // then the common shapes are read from the tree; an onset age, a coding version and an extension on a
        // primitive are HAPI's
        assertThat(readHere).containsExactly("t2dm-active", "pancreatitis-resolved", "ckd-icd10cn",
            "bladder-ca-remission", "mi-refuted", "no-status");
        assertThat(leftToHapi).containsExactly("hapi-onset-age", "hapi-coding-version");
    }

    @Test
    void should_map_the_same_facts_when_conditions_are_read_from_the_tree() {
        for (String fixture : List.of("condition-shapes-bundle.json", "condition-history.json")) {
            // given the fixture parsed both ways
            ObjectNode json = ObservationReaderTest.tree(fixture);
            List<IBaseResource> fast = FHIR.parseResources(json, "fixture");
            List<IBaseResource> hapi = ObservationReaderTest.hapiOnly(json, "fixture");

            // when each is mapped
            PatientFacts viaReader = FHIR.toFacts(fast, List.of(), Fixtures.AS_OF);
            PatientFacts viaHapi = FHIR.toFacts(hapi, List.of(), Fixtures.AS_OF);

            // then the resources and the facts (active and history conditions) are the same
            assertThat(ObservationReaderTest.encoded(fast)).as(fixture)
                .isEqualTo(ObservationReaderTest.encoded(hapi));
            assertThat(viaReader).as(fixture).isEqualTo(viaHapi);
            assertThat(viaReader.conditions()).as(fixture).isNotEmpty();
        }
    }

    @Test
    void should_refuse_an_invalid_condition_the_same_way_when_read_from_the_tree() {
        for (String[] bad : List.of(new String[] {"onsetDateTime", "2019-13-45"},
            new String[] {"recordedDate", "last spring"}, new String[] {"abatementDateTime", "2019-13"})) {
            // given the fixture with one invalid value in an element the mapping reads
            ObjectNode json = ObservationReaderTest.tree("condition-shapes-bundle.json");
            ObjectNode resolved = (ObjectNode) json.get("entry").get(2).get("resource");
            resolved.put(bad[0], bad[1]);

            // when it is parsed both ways
            DxGuardException fast = catchThrowableOfType(() -> FHIR.parseResources(json, "prefetch key 'conditions'"),
                DxGuardException.class);
            DxGuardException hapi = catchThrowableOfType(
                () -> ObservationReaderTest.hapiOnly(json, "prefetch key 'conditions'"), DxGuardException.class);

            // then both refuse it as invalid FHIR with the same message
            assertThat(fast).as(bad[0]).isNotNull();
            assertThat(fast.errorCode()).isEqualTo(FhirErrors.INVALID_FHIR);
            assertThat(hapi).as(bad[0]).isNotNull();
            assertThat(fast.getMessage()).isEqualTo(hapi.getMessage());
        }
    }
}
