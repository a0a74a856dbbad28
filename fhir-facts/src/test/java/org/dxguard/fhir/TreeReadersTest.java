package org.dxguard.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.dxguard.model.DxGuardException;
import org.dxguard.model.PatientFacts;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link ConditionReader} and {@link MedicationRequestReader}: Conditions (current and past; SNOMED, ICD-10-CM, a
 * national edition, Chinese text) and MedicationRequests (current and stopped; Synthea's dosage, bounds, Chinese
 * text) of the common shape read straight from the request tree are exactly what HAPI's parse of the same projected
 * tree gives (element for element: {@code ObservationReaderTest} runs these fixtures too), map to the same facts,
 * and an unusual or invalid one is left to HAPI, which says the same as before.
 */
class TreeReadersTest {
    private static final FhirFacts FHIR = Fixtures.FHIR;

    record Kind(String type, String fixture, Function<ObjectNode, IBaseResource> reader, List<String> readHere,
                List<String> leftToHapi, int invalidEntry, List<String[]> invalid) {
        @Override
        public String toString() {
            return type;
        }
    }

    static Stream<Arguments> kinds() {
        return Stream.of(Arguments.of(new Kind("Condition", "condition-shapes-bundle.json", ConditionReader::read,
                List.of("t2dm-active", "pancreatitis-resolved", "ckd-icd10cn", "bladder-ca-remission", "mi-refuted",
                    "no-status"),
                List.of("hapi-onset-age", "hapi-coding-version"), 2,
                List.of(new String[] {"onsetDateTime", "2019-13-45"}, new String[] {"recordedDate", "last spring"},
                    new String[] {"abatementDateTime", "2019-13"}))),
            Arguments.of(new Kind("MedicationRequest", "medication-request-shapes-bundle.json",
                MedicationRequestReader::read,
                List.of("synthea-stopped", "active-bounded", "completed-no-dosage", "stopped-ended"),
                List.of("hapi-reference", "hapi-route", "hapi-contained", "hapi-status-extension"), 2,
                List.of(new String[] {"status", "Stopped"}, new String[] {"intent", "prescription"},
                    new String[] {"authoredOn", "2025-02-30T25:00:00Z"}))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void should_read_the_common_shapes_itself_and_leave_the_unusual_ones_to_hapi(Kind kind) {
        // given the resources of the kind in the fixture
        ObjectNode bundle = ObservationReaderTest.tree(kind.fixture());
        List<String> readHere = new ArrayList<>();
        List<String> leftToHapi = new ArrayList<>();
        for (var entry : bundle.get("entry")) {
            ObjectNode r = (ObjectNode) entry.get("resource");
            if (!kind.type().equals(r.path("resourceType").asText())) {
                continue;
            }
            // when each is offered to the reader
            (kind.reader().apply(r) != null ? readHere : leftToHapi).add(r.path("id").asText());
        }

        // then the common shapes are read from the tree; another choice (onsetAge), a coding version, an
        // extension on a primitive, a medication reference, a route, a dose range or a contained resource are HAPI's
        assertThat(readHere).containsExactlyElementsOf(kind.readHere());
        assertThat(leftToHapi).containsExactlyElementsOf(kind.leftToHapi());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void should_map_the_same_facts_when_resources_are_read_from_the_tree(Kind kind) {
        // given the fixture parsed both ways
        ObjectNode json = ObservationReaderTest.tree(kind.fixture());
        List<IBaseResource> fast = FHIR.parseResources(json, "fixture");
        List<IBaseResource> hapi = ObservationReaderTest.hapiOnly(json, "fixture");

        // when each is mapped
        PatientFacts viaReader = FHIR.toFacts(fast, List.of(), Fixtures.AS_OF);
        PatientFacts viaHapi = FHIR.toFacts(hapi, List.of(), Fixtures.AS_OF);

        // then the resources and the facts are the same
        assertThat(ObservationReaderTest.encoded(fast)).isEqualTo(ObservationReaderTest.encoded(hapi));
        assertThat(viaReader).isEqualTo(viaHapi);
        assertThat(viaReader.conditions().size() + viaReader.activeMedications().size()).isGreaterThanOrEqualTo(4);
    }

    @Test
    void should_give_doses_of_hapis_classes_when_orders_are_read_from_the_tree() {
        // given the orders parsed both ways
        ObjectNode json = ObservationReaderTest.tree("medication-request-shapes-bundle.json");
        List<IBaseResource> fast = FHIR.parseResources(json, "fixture");
        List<IBaseResource> hapi = ObservationReaderTest.hapiOnly(json, "fixture");

        // when the dose and timing types are compared
        List<String> fastTypes = doseTypes(fast);

        // then they are the classes HAPI builds (the JSON encoding would not tell a SimpleQuantity from a Quantity)
        assertThat(fastTypes).isNotEmpty().isEqualTo(doseTypes(hapi));
    }

    private static List<String> doseTypes(List<IBaseResource> resources) {
        return resources.stream().filter(MedicationRequest.class::isInstance).map(MedicationRequest.class::cast)
            .flatMap(mr -> mr.getDosageInstruction().stream())
            .flatMap(d -> Stream.concat(d.getDoseAndRate().stream().map(dr -> dr.getDose().getClass().getName()),
                Stream.of(d.hasTiming() && d.getTiming().getRepeat().hasBounds()
                    ? d.getTiming().getRepeat().getBounds().getClass().getName() : "-")))
            .toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void should_refuse_an_invalid_resource_the_same_way_when_read_from_the_tree(Kind kind) {
        for (String[] bad : kind.invalid()) {
            // given the fixture with one invalid value in an element the mapping reads
            ObjectNode json = ObservationReaderTest.tree(kind.fixture());
            ((ObjectNode) json.get("entry").get(kind.invalidEntry()).get("resource")).put(bad[0], bad[1]);

            // when it is parsed both ways
            DxGuardException fast = catchThrowableOfType(() -> FHIR.parseResources(json, "prefetch key 'k'"),
                DxGuardException.class);
            DxGuardException hapi = catchThrowableOfType(() -> ObservationReaderTest.hapiOnly(json, "prefetch key 'k'"),
                DxGuardException.class);

            // then both refuse it as invalid FHIR with the same message
            assertThat(fast).as(bad[0]).isNotNull();
            assertThat(fast.errorCode()).isEqualTo(FhirErrors.INVALID_FHIR);
            assertThat(hapi).as(bad[0]).isNotNull();
            assertThat(fast.getMessage()).isEqualTo(hapi.getMessage());
        }
    }
}
