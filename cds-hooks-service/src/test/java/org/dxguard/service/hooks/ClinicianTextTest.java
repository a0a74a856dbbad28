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

    @Test
    void should_write_ucum_units_as_clinicians_read_them_when_a_measured_value_is_shown() {
        // given / when / then: the spelling changes, never the value or the unit's meaning
        assertThat(ClinicianText.ucum("Cel")).isEqualTo("°C");
        assertThat(ClinicianText.ucum("10*9/L")).isEqualTo("×10⁹/L");
        assertThat(ClinicianText.ucum("10^12/L")).isEqualTo("×10¹²/L");
        assertThat(ClinicianText.ucum("umol/L")).isEqualTo("µmol/L");
        assertThat(ClinicianText.ucum("ug/L")).isEqualTo("µg/L");
        assertThat(ClinicianText.ucum("mm[Hg]")).isEqualTo("mmHg");
        assertThat(ClinicianText.ucum("mL/min/{1.73_m2}")).isEqualTo("mL/min/1.73 m²");
        // units already in their clinical spelling, and units it does not know, stay as sent
        assertThat(ClinicianText.ucum("mmol/L")).isEqualTo("mmol/L");
        assertThat(ClinicianText.ucum("/min")).isEqualTo("/min");
        assertThat(ClinicianText.ucum("%")).isEqualTo("%");
        assertThat(ClinicianText.ucum("U/L")).isEqualTo("U/L");
        assertThat(ClinicianText.ucum("mU/L")).isEqualTo("mU/L");
    }
}
