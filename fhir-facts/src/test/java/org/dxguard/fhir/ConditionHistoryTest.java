package org.dxguard.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.dxguard.model.Condition;
import org.junit.jupiter.api.Test;

/** Past conditions (resolved, inactive, remission) are kept as history; refuted and entered-in-error are not (issue 16). */
class ConditionHistoryTest {
    @Test
    void should_mark_resolved_inactive_remission_and_abated_conditions_as_history_but_never_refuted_or_erroneous_ones() {
        // given a record with conditions of every status (SNOMED CT, ICD-10-CM, a national ICD-10 edition, Chinese text)
        var record = List.of(Fixtures.FHIR.parse(Fixtures.text("condition-history.json")));
        // when
        Map<String, Condition> byId = Fixtures.FHIR.toFacts(record, List.of(), Fixtures.AS_OF).conditions().stream()
            .collect(Collectors.toMap(Condition::id, c -> c));
        // then
        assertThat(byId.get("pancreatitis-resolved").history()).isTrue();
        assertThat(byId.get("bladder-inactive").history()).isTrue();
        assertThat(byId.get("mtc-remission").history()).isTrue();
        assertThat(byId.get("pancreatitis-abated").history()).as("abated without a clinicalStatus").isTrue();
        assertThat(byId.values()).filteredOn(Condition::history).allSatisfy(c -> assertThat(c.active()).isFalse());
        assertThat(byId.get("pancreatitis-refuted")).satisfies(c -> {
            assertThat(c.history()).isFalse();
            assertThat(c.active()).isFalse();
        });
        assertThat(byId.get("bladder-error")).satisfies(c -> {
            assertThat(c.history()).isFalse();
            assertThat(c.active()).isFalse();
        });
        assertThat(byId.get("diabetes-active")).satisfies(c -> {
            assertThat(c.active()).isTrue();
            assertThat(c.history()).isFalse();
        });
    }
}
