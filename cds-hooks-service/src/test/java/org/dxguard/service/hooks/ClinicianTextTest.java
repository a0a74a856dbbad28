package org.dxguard.service.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ClinicianTextTest {
    @Test
    void should_remove_fhir_ids_and_write_ucum_annotations_for_people_when_cleaning_card_text() {
        // given
        String raw = "- Observation/egfr-1 eGFR 25 mL/min/{1.73_m2} (2026-12-04)\n"
            + "- MedicationRequest/draft-1 draft metformin 2000 mg/day";

        // when
        String clean = ClinicianText.clean(raw);

        // then
        assertThat(clean).isEqualTo("- eGFR 25 mL/min/1.73 m² (2026-12-04)\n- draft metformin 2000 mg/day");
    }

    @Test
    void should_leave_plain_text_alone_when_it_holds_no_id_or_annotation() {
        // given / when / then
        assertThat(ClinicianText.clean("Metformin is contraindicated at eGFR 25 (below 30); 500 mg/day"))
            .isEqualTo("Metformin is contraindicated at eGFR 25 (below 30); 500 mg/day");
    }
}
