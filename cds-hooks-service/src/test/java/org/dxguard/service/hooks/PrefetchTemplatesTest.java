package org.dxguard.service.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dxguard.bench.synthea.Prefetch;
import org.dxguard.fhir.FhirFacts;
import org.junit.jupiter.api.Test;

/** The prefetch templates ask for what the FHIR mapping reads, and the load tool can answer them. */
class PrefetchTemplatesTest {
    @Test
    void should_ask_for_every_procedure_code_the_mapping_reads_when_prefetching_procedures() {
        // given the codes of the procedures prefetch query
        List<String> prefetched = Arrays.asList(PrefetchTemplates.PROCEDURE_CODES.split(","));

        // when / then: every dialysis and kidney transplant code of the value set, in each system, is asked for
        assertThat(prefetched).containsAll(FhirFacts.procedureCodesRead()).contains(
            "http://snomed.info/sct|265764009", "http://snomed.info/sct|70536003",
            "http://www.ama-assn.org/go/cpt|90935", "http://www.ama-assn.org/go/cpt|90999",
            "https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets|G0257",
            "http://www.cms.gov/Medicare/Coding/ICD10|5A1D70Z", "http://hl7.org/fhir/sid/icd-10-pcs|5A1D90Z");
        assertThat(prefetched).noneMatch(t -> t.endsWith("*"));
        assertThat(PrefetchTemplates.medicationSafety().get("procedures")).contains(PrefetchTemplates.PROCEDURE_CODES)
            .startsWith("Procedure?patient={{context.patientId}}");
        assertThat(PrefetchTemplates.differential()).containsKey("procedures");
    }

    @Test
    void should_be_what_the_load_tool_answers_when_it_reads_the_discovery() throws Exception {
        // given the discovery fixture of bench's tests (bench answers what GET /cds-services announces)
        JsonNode discovery;
        try (InputStream in = PrefetchTemplatesTest.class.getResourceAsStream("/bench/discovery.json")) {
            discovery = new ObjectMapper().readTree(in);
        }
        Map<String, Map<String, String>> fixture = new LinkedHashMap<>();
        for (JsonNode service : discovery.path("services")) {
            Map<String, String> templates = new LinkedHashMap<>();
            service.path("prefetch").fields().forEachRemaining(e -> templates.put(e.getKey(), e.getValue().asText()));
            fixture.put(service.path("id").asText(), templates);
        }

        // when / then: the fixture is this service's discovery, and every template is one bench can answer
        assertThat(fixture).containsExactly(Map.entry(DifferentialService.ID, PrefetchTemplates.differential()),
            Map.entry(MedicationSafetyService.SELECT_ID, PrefetchTemplates.medicationSafety()),
            Map.entry(MedicationSafetyService.SIGN_ID, PrefetchTemplates.medicationSafety()),
            Map.entry(MedicationSafetyService.ID, PrefetchTemplates.medicationSafety()));
        assertThat(Prefetch.fromDiscovery(discovery)).hasSize(4);
    }
}
