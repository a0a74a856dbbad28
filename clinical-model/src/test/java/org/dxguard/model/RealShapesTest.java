package org.dxguard.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RealShapesTest {

    @Test
    void should_convert_glucose_between_molar_and_mass_units_with_its_molar_mass() {
        // given glucose 180.156 g/mol
        double m = 180.156;
        // when / then
        assertThat(Ucum.convert(5.5, "mmol/L", "mg/dL", m).getAsDouble()).isCloseTo(99.09, within(0.01));
        assertThat(Ucum.convert(1.05, "g/L", "mg/dL", m).getAsDouble()).isCloseTo(105, within(1e-9));
        assertThat(Ucum.convert(99.09, "mg/dL", "mmol/L", m).getAsDouble()).isCloseTo(5.5, within(0.001));
        assertThat(Ucum.convert(5.5, "mmol/L", "mg/dL", Double.NaN)).isEmpty();
    }

    @Test
    void should_convert_creatinine_from_micromoles_and_egfr_from_ml_per_second() {
        assertThat(Ucum.convert(88.4, "µmol/L", "mg/dL", 113.12).getAsDouble()).isCloseTo(1.0, within(0.001));
        assertThat(Ucum.convert(88.4, "umol/l", "mg/dL", 113.12).getAsDouble()).isCloseTo(1.0, within(0.001));
        assertThat(Ucum.convert(0.5, "mL/s/{1.73_m2}", "mL/min/{1.73_m2}", Double.NaN).getAsDouble())
            .isCloseTo(30, within(1e-9));
        assertThat(Ucum.convert(40, "mL/min/1.73m2", "mL/min/{1.73_m2}", Double.NaN).getAsDouble())
            .isCloseTo(40, within(1e-9));
    }

    @Test
    void should_convert_uacr_from_mg_per_mmol_to_mg_per_g_with_creatinine_molar_mass() {
        // given UACR reported in SI units (mg albumin per mmol creatinine), creatinine 113.12 g/mol
        // when / then: 3.5 mg/mmol = 30.9 mg/g, 3.0 mg/mmol = 26.5 mg/g (the usual factor 8.84), and back
        assertThat(Ucum.convert(3.5, "mg/mmol", "mg/g", 113.12).getAsDouble()).isCloseTo(30.94, within(0.01));
        assertThat(Ucum.convert(3.0, "mg/mmol", "mg/g", 113.12).getAsDouble()).isCloseTo(26.52, within(0.01));
        assertThat(Ucum.convert(30.94, "mg/g", "mg/mmol", 113.12).getAsDouble()).isCloseTo(3.5, within(0.001));
        assertThat(Ucum.convert(3.5, "mg/mmol", "mg/g", Double.NaN)).isEmpty();
    }

    @Test
    void should_refuse_units_it_does_not_understand_when_converting() {
        assertThat(Ucum.parse("mL/min")).isEmpty();
        assertThat(Ucum.parse("")).isEmpty();
        assertThat(Ucum.convert(5, "mg/dL", "mmol/mol", 180)).isEmpty();
        assertThat(Ucum.parse("furlongs")).isEmpty();
    }

    @Test
    void should_compute_ckd_epi_2021_egfr_when_age_and_sex_are_known() {
        // given creatinine 1.0 mg/dL at 60 years (expected values computed by hand from the 2021 equation)
        assertThat(Egfr.ckdEpi2021(1.0, 60, Sex.MALE).getAsDouble()).isCloseTo(86.2, within(0.1));
        assertThat(Egfr.ckdEpi2021(1.0, 60, Sex.FEMALE).getAsDouble()).isCloseTo(64.6, within(0.2));
        // then never from a guessed sex or age
        assertThat(Egfr.ckdEpi2021(1.0, 60, Sex.UNKNOWN)).isEmpty();
        assertThat(Egfr.ckdEpi2021(1.0, null, Sex.MALE)).isEmpty();
        assertThat(Egfr.ckdEpi2021(1.0, 15, Sex.MALE)).isEmpty();
    }

    @Test
    void should_read_countable_ucum_annotations_as_count_units() {
        for (String u : new String[] {"{pill}", "{tbl}", "{tablet}", "{capsule}", "{puff}", "TAB", "1", "片"}) {
            assertThat(Units.isCount(u)).as(u).isTrue();
        }
        assertThat(Units.normalise("[iU]")).isEqualTo("units");
        assertThat(Units.normalise("{unit}")).isEqualTo("units");
        assertThat(Units.isCount("mg")).isFalse();
    }

    @Test
    void should_give_no_daily_amount_when_the_dose_has_no_frequency_and_no_maximum() {
        assertThat(new Dose(500, "mg", null, null).daily()).isEmpty();
        assertThat(new Dose(500, "mg", null, null, 2000.0).daily()).hasValue(2000.0);
        assertThat(new Dose(500, "mg", new DoseFrequency(4, 1, true), null, 1500.0).daily()).hasValue(1500.0);
        assertThat(new Dose(500, "mg", DoseFrequency.TWICE_DAILY, null).daily()).hasValue(1000.0);
    }

    @Test
    void should_read_dose_text_in_english_and_chinese_when_amount_and_frequency_are_stated() {
        assertThat(DoseText.parse("1 tab po bid")).hasValueSatisfying(d -> {
            assertThat(d.amount()).isEqualTo(1);
            assertThat(d.unit()).isEqualTo("tablet");
            assertThat(d.frequency().perDay()).isEqualTo(2);
        });
        assertThat(DoseText.parse("500 mg twice daily").orElseThrow().daily()).hasValue(1000.0);
        assertThat(DoseText.parse("2 tablets by mouth three times a day").orElseThrow().daily()).hasValue(6.0);
        assertThat(DoseText.parse("每次0.5g，每日2次").orElseThrow().dailyMilligrams().getAsDouble()).isEqualTo(1000.0);
        assertThat(DoseText.parse("0.5g tid").orElseThrow().dailyMilligrams().getAsDouble()).isEqualTo(1500.0);
        assertThat(DoseText.parse("1片 一日三次").orElseThrow().daily()).hasValue(3.0);
        assertThat(DoseText.parse("20 units at bedtime").orElseThrow().unit()).isEqualTo("units");
        // then nothing is guessed
        assertThat(DoseText.parse("take as directed")).isEmpty();
        assertThat(DoseText.parse("500 mg")).isEmpty();
    }
}
