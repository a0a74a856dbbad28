package org.dxguard.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DoseTest {

    @Test
    void should_compute_daily_milligrams_when_dose_is_in_grams_twice_daily() {
        Dose dose = new Dose(1, "g", DoseFrequency.TWICE_DAILY, "oral");

        assertThat(dose.dailyMilligrams()).hasValue(2000.0);
    }

    @Test
    void should_normalise_international_units_to_units() {
        assertThat(new Dose(10, "[iU]", DoseFrequency.ONCE_DAILY, null).unit()).isEqualTo("units");
    }

    @Test
    void should_reject_zero_dose() {
        assertThatThrownBy(() -> new Dose(0, "mg", null, null)).hasMessageContaining("positive");
    }

    @Test
    void should_convert_creatinine_from_micromoles_to_mg_per_dl() {
        assertThat(Units.creatinineMgPerDl(88.42, "umol/L").getAsDouble()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(Units.creatinineMgPerDl(1.2, "mmol/L")).isEmpty();
    }

    @Test
    void should_reject_summary_of_140_characters_when_building_rule_finding() {
        String longSummary = "x".repeat(140);
        assertThatThrownBy(() -> new RuleFinding("r", "1", "g", "cite", null, Severity.INFO, longSummary, null,
            null, null, false)).hasMessageContaining("fewer than 140");
    }
}
