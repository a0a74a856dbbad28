package org.dxguard.guidelines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.dxguard.model.DxGuardException;
import org.dxguard.model.PatientFacts;
import org.junit.jupiter.api.Test;

/** A scenario's patient, read for other suites (the safety suites) exactly as guideline scenarios are. */
class ScenariosTest {
    private static final Instant AS_OF = Instant.parse("2026-11-29T12:00:00Z");

    @Test
    void should_read_the_patient_as_a_scenario_does_when_given_a_given_block() {
        // given
        String given = """
            age: 64
            weightKg: 82
            conditions: [{code: "44054006", display: Type 2 diabetes mellitus}]
            draftOrders: [{id: draft-gla, rxnorm: "274783", dose: "14 units daily"}]
            """;

        // when
        PatientFacts facts = Scenarios.given("suite.yaml", "case-1", given, AS_OF);

        // then
        assertThat(facts.ageYears()).isEqualTo(64);
        assertThat(facts.weightKg()).isEqualTo(82.0);
        assertThat(facts.asOf()).isEqualTo(AS_OF);
        assertThat(facts.conditions()).singleElement().satisfies(c -> assertThat(c.hasCode(
            org.dxguard.model.Code.SNOMED, "44054006")).isTrue());
        assertThat(facts.draftOrders()).singleElement().satisfies(m -> assertThat(m.id()).isEqualTo("draft-gla"));
    }

    @Test
    void should_name_the_file_and_case_when_the_given_block_is_invalid() {
        // when / then: an unknown field, and text that is not YAML
        assertThatThrownBy(() -> Scenarios.given("suite.yaml", "case-2", "agee: 64", AS_OF))
            .isInstanceOf(DxGuardException.class).hasMessageContaining("suite.yaml").hasMessageContaining("case-2")
            .hasMessageContaining("DXG-0504");
        assertThatThrownBy(() -> Scenarios.given("suite.yaml", "case-3", "age: [64", AS_OF))
            .isInstanceOf(DxGuardException.class).hasMessageContaining("suite.yaml :: case-3");
    }

    @Test
    void should_give_a_patient_without_data_when_the_given_block_is_empty() {
        // when
        PatientFacts facts = Scenarios.given("suite.yaml", "case-4", null, Scenarios.DEFAULT_AS_OF);

        // then
        assertThat(facts.ageYears()).isNull();
        assertThat(facts.conditions()).isEmpty();
        assertThat(facts.asOf()).isEqualTo(Scenarios.DEFAULT_AS_OF);
    }
}
