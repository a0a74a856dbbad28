package org.dxguard.reasoner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExplanationRecordsTest {

    private static Explanation explanation() {
        return new Explanation(List.of(new CandidateExplanation("Diabetic kidney disease", "eGFR low [ev-1]",
            List.of("ev-1"), null, null, null, null)), "summary");
    }

    @Test
    void should_reject_ready_outcome_when_explanation_is_missing() {
        // given / when / then
        assertThatThrownBy(() -> ExplanationOutcome.ready(null, "m", "v", null, null, Duration.ZERO))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("READY");
    }

    @Test
    void should_reject_pending_outcome_when_reason_is_missing() {
        assertThatThrownBy(() -> ExplanationOutcome.pending(null, " ", "m", "v", Duration.ZERO))
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reason");
    }

    @Test
    void should_reject_unavailable_outcome_when_it_carries_an_explanation() {
        assertThatThrownBy(() -> new ExplanationOutcome(ExplanationOutcome.Status.UNAVAILABLE, explanation(),
            ExplanationOutcome.Reason.INTERNAL_ERROR, "x", "m",
            "v", null, null, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void should_copy_lists_and_drop_blank_items_when_candidate_explanation_is_built() {
        // given
        List<String> steps = new java.util.ArrayList<>(List.of("Order UACR", " "));

        // when
        CandidateExplanation c = new CandidateExplanation("DKD", "r", List.of("ev-1"), null, null, steps, null);
        steps.add("late");

        // then
        assertThat(c.nextSteps()).containsExactly("Order UACR");
        assertThat(c.wouldConfirm()).isEmpty();
        assertThat(c.medications()).isEmpty();
    }

    @Test
    void should_normalise_action_when_medication_action_has_other_case() {
        assertThat(new MedicationSuggestion("metformin", null, null, null, " Stop ").action()).isEqualTo("stop");
    }

    @Test
    void should_reject_medication_when_action_is_unknown_or_dose_not_positive() {
        assertThatThrownBy(() -> new MedicationSuggestion("metformin", null, null, null, "double"))
            .hasMessageContaining("start");
        assertThatThrownBy(() -> new MedicationSuggestion("metformin", -5.0, "mg", null, "change"))
            .hasMessageContaining("positive");
    }

    @Test
    void should_list_cited_evidence_once_when_candidates_share_evidence() {
        // given
        Explanation e = new Explanation(List.of(
            new CandidateExplanation("A", "r", List.of("ev-1", "ev-2"), null, null, null, null),
            new CandidateExplanation("B", "r", List.of("ev-2", "ev-3"), null, null, null, null)), null);

        // then
        assertThat(e.citedEvidenceIds()).containsExactly("ev-1", "ev-2", "ev-3");
        assertThat(e.summary()).isEmpty();
    }
}
