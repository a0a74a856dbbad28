package org.dxguard.service.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.dxguard.fhir.FhirFacts;
import org.junit.jupiter.api.Test;

/** The prefetch templates ask for what the FHIR mapping reads. */
class PrefetchTemplatesTest {
    @Test
    void should_ask_for_every_procedure_code_the_mapping_reads_when_prefetching_procedures() {
        // given the codes of the procedures prefetch query
        List<String> prefetched = Arrays.stream(PrefetchTemplates.PROCEDURE_SNOMED.split(","))
            .map(c -> c.substring(c.indexOf('|') + 1)).toList();

        // when / then: every dialysis code and the kidney transplant procedure are asked for
        assertThat(prefetched).containsAll(FhirFacts.procedureCodesRead()).contains("70536003");
        assertThat(PrefetchTemplates.medicationSafety().get("procedures")).contains(PrefetchTemplates.PROCEDURE_SNOMED)
            .startsWith("Procedure?patient={{context.patientId}}");
        assertThat(PrefetchTemplates.differential()).containsKey("procedures");
    }
}
