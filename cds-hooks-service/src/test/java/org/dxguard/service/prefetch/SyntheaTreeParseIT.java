package org.dxguard.service.prefetch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dxguard.bench.synthea.Prefetch;
import org.dxguard.bench.synthea.SyntheaCohort;
import org.dxguard.bench.synthea.SyntheaRequests;
import org.dxguard.fhir.FhirFacts;
import org.dxguard.fhir.Fixtures;
import org.dxguard.model.PatientFacts;
import org.dxguard.service.hooks.PrefetchTemplates;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.junit.jupiter.api.Test;

/**
 * Realistic records through both parse paths: a Synthea patient's full patient-view prefetch (every Observation,
 * active Conditions and MedicationRequests, allergies, dialysis procedures) maps to the same facts whether HAPI
 * reads it as text, whole, or walks the request tree without the elements no mapping rule reads.
 */
class SyntheaTreeParseIT {
    private static final FhirFacts FHIR = Fixtures.FHIR;

    @Test
    void should_map_the_same_facts_from_the_request_tree_as_from_text_for_every_synthea_patient() throws Exception {
        int observations = 0;
        for (Path file : SyntheaCohort.cohort(12, 42)) {
            // given the prefetch of a patient-view call for this patient, as a request tree
            ObjectNode prefetch = (ObjectNode) SyntheaRequests.from(file)
                .patientViewCall("h-1", Prefetch.of(PrefetchTemplates.differential())).get("prefetch");
            List<IBaseResource> fromText = new ArrayList<>();
            List<IBaseResource> fromTree = new ArrayList<>();

            // when each prefetch value is parsed from its text and from the tree
            for (Map.Entry<String, JsonNode> e : prefetch.properties()) {
                String where = "prefetch key '" + e.getKey() + "'";
                fromText.addAll(FHIR.resources(FHIR.parse(e.getValue().toString(), where)));
                fromTree.addAll(FHIR.resources(FHIR.parse((ObjectNode) e.getValue(), where)));
            }
            PatientFacts viaText = FHIR.toFacts(fromText, List.of(), SyntheaCohort.REFERENCE_TIME);
            PatientFacts viaTree = FHIR.toFacts(fromTree, List.of(), SyntheaCohort.REFERENCE_TIME);

            // then the facts are the same
            assertThat(viaTree).as(file.getFileName().toString()).isEqualTo(viaText);
            observations += viaText.observations().size();
        }
        assertThat(observations).as("the cohort's records hold observations to compare").isGreaterThan(100);
    }
}
