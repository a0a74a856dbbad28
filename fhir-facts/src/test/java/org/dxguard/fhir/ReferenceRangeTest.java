package org.dxguard.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dxguard.model.Observation;
import org.dxguard.model.PatientFacts;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.junit.jupiter.api.Test;

/**
 * The upper limit of an Observation's reference range (issue 16: ALT as a multiple of the upper limit of normal):
 * read into {@link Observation#referenceHigh()} in the value's unit, never assumed when its unit is missing or of
 * another kind; the common shape is read from the request tree, a typed range by HAPI, with the same facts.
 */
class ReferenceRangeTest {
    private static final String FIXTURE = "alt-reference-range.json";

    private static Map<String, Observation> mapped() throws Exception {
        ObjectNode json = (ObjectNode) new ObjectMapper().readTree(Fixtures.text(FIXTURE));
        List<IBaseResource> resources = Fixtures.FHIR.parseResources(json, "fixture");
        PatientFacts facts = Fixtures.FHIR.toFacts(resources, List.of(), Fixtures.AS_OF);
        Map<String, Observation> byId = new LinkedHashMap<>();
        facts.observations().forEach(o -> byId.put(o.id(), o));
        return byId;
    }

    @Test
    void should_keep_the_upper_limit_in_the_value_unit_when_the_lab_sends_a_reference_range() throws Exception {
        // given ALT results with reference ranges of several shapes
        // when they are mapped
        Map<String, Observation> obs = mapped();

        // then the upper limit is kept in the value's unit (40 U/L = 0.667 ukat/L), a limit without a unit or in
        // another dimension is not used, and no range gives none
        assertThat(obs.get("alt-range").referenceHigh()).isEqualTo(40.0);
        assertThat(obs.get("alt-ukat-range-in-u").referenceHigh()).isCloseTo(40.0 / 60, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(obs.get("alt-range-typed").referenceHigh()).isEqualTo(45.0);
        assertThat(obs.get("alt-range-no-unit").referenceHigh()).isNull();
        assertThat(obs.get("alt-range-other-dimension").referenceHigh()).isNull();
        assertThat(obs.get("alt-no-range").referenceHigh()).isNull();
    }

    @Test
    void should_read_a_plain_range_from_the_tree_and_leave_a_typed_one_to_hapi() throws Exception {
        // given the fixture's Observations
        ObjectNode bundle = (ObjectNode) new ObjectMapper().readTree(Fixtures.text(FIXTURE));
        Map<String, Boolean> readHere = new LinkedHashMap<>();
        for (var entry : bundle.get("entry")) {
            ObjectNode r = (ObjectNode) entry.get("resource");
            // when each is offered to the tree reader
            readHere.put(r.path("id").asText(), ObservationReader.read(r) != null);
        }

        // then low/high/text ranges are read here; a range with a type (or anything else) goes to HAPI
        assertThat(readHere).containsEntry("alt-range", true).containsEntry("alt-range-no-unit", true)
            .containsEntry("alt-no-range", true).containsEntry("alt-range-typed", false);
    }
}
