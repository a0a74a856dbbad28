package org.dxguard.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PatientFactsTest {

    @Test
    void should_return_latest_observation_when_several_share_a_code() {
        // given
        Observation old = new Observation("o1", List.of(Code.loinc("33914-3")), 52.0, "mL/min/{1.73_m2}", null,
            null, Instant.parse("2024-01-01T00:00:00Z"));
        Observation recent = new Observation("o2", List.of(Code.loinc("33914-3")), 28.0, "mL/min/{1.73_m2}", null,
            null, Instant.parse("2025-06-01T00:00:00Z"));
        PatientFacts facts = PatientFacts.builder().observation(recent).observation(old).build();

        // when
        var latest = facts.latest(Code.LOINC, "33914-3", "62238-1");

        // then
        assertThat(latest).map(Observation::value).contains(28.0);
    }

    @Test
    void should_reject_impossible_age_when_building() {
        assertThatThrownBy(() -> PatientFacts.builder().ageYears(-3).build())
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("age");
    }

    @Test
    void should_default_unknown_sex_and_pregnancy_when_not_given() {
        PatientFacts facts = PatientFacts.builder().build();

        assertThat(facts.sex()).isEqualTo(Sex.UNKNOWN);
        assertThat(facts.pregnancy()).isEqualTo(PregnancyStatus.UNKNOWN);
        assertThat(facts.conditions()).isEmpty();
    }

    @Test
    void should_make_lists_immutable_when_built() {
        PatientFacts facts = PatientFacts.builder().condition(
            new Condition("c1", List.of(Code.snomed("44054006")), null, true, null)).build();

        assertThatThrownBy(() -> facts.conditions().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThat(facts.hasActiveCondition(Code.SNOMED, "44054006")).isTrue();
    }
}
