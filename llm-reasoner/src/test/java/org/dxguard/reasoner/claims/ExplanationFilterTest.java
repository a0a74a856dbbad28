package org.dxguard.reasoner.claims;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.dxguard.model.Claim;
import org.dxguard.model.ClaimVerdict;
import org.dxguard.model.Severity;
import org.dxguard.model.Veto;
import org.dxguard.reasoner.CandidateExplanation;
import org.dxguard.reasoner.Explanation;
import org.dxguard.reasoner.MedicationSuggestion;
import org.junit.jupiter.api.Test;

class ExplanationFilterTest {
    private static final Explanation TWO = new Explanation(List.of(
        new CandidateExplanation("Type 2 diabetes mellitus", "HbA1c 8.4 % [ev-1] is high. Start metformin 500 mg bid.",
            List.of("ev-1"), List.of(), List.of(), List.of("Recheck in 3 months.", "Metformin 3 g daily."),
            List.of(new MedicationSuggestion("metformin", 500.0, "mg", "bid", "start"))),
        new CandidateExplanation("Chronic kidney disease", "eGFR 25 [ev-2].", List.of("ev-2"), List.of(), List.of(),
            List.of(), List.of())), "Two candidates. Act immediately.");

    private static ClaimVerdict vetoed(String id, String field, String rule, Severity s) {
        Claim c = new Claim(id, Claim.Kind.DIRECTIVE, field, "", "x", null, false, null, null, null);
        return new ClaimVerdict(c, List.of(new Veto(id, rule, "1", "g-" + rule, "cite", null, s, "why")));
    }

    private static ClaimVerdict allowed(String id, String field) {
        return new ClaimVerdict(new Claim(id, Claim.Kind.EVIDENCE, field, "", "ev-1", null, false, null, null, null),
            List.of());
    }

    @Test
    void should_return_explanation_unchanged_when_nothing_vetoed() {
        // when
        FilteredExplanation f = ExplanationFilter.apply(TWO, List.of(allowed("c1", "summary#s0")));
        // then
        assertThat(f.withheld()).isFalse();
        assertThat(f.shown()).contains(TWO);
    }

    @Test
    void should_remove_sentence_item_and_medication_when_their_claims_are_vetoed() {
        // when
        FilteredExplanation f = ExplanationFilter.apply(TWO, List.of(
            vetoed("c1", "candidates[0].rationale#s1", "ADA-MET-001", Severity.CRITICAL),
            vetoed("c2", "candidates[0].medications[0]", "ADA-MET-001", Severity.CRITICAL),
            vetoed("c3", "candidates[0].nextSteps[1]#s0", "ADA-MET-005", Severity.WARNING),
            vetoed("c4", "summary#s1", "VETO-DIR-001", Severity.CRITICAL)));
        // then
        Explanation e = f.shown().orElseThrow();
        assertThat(e.summary()).isEqualTo("Two candidates.");
        assertThat(e.candidates().get(0).rationale()).isEqualTo("HbA1c 8.4 % [ev-1] is high.");
        assertThat(e.candidates().get(0).medications()).isEmpty();
        assertThat(e.candidates().get(0).nextSteps()).containsExactly("Recheck in 3 months.");
        assertThat(e.candidates()).hasSize(2);
    }

    @Test
    void should_drop_candidate_when_its_diagnosis_is_vetoed() {
        // when
        FilteredExplanation f = ExplanationFilter.apply(TWO, List.of(
            vetoed("c1", "candidates[1].diagnosis", "VETO-DX-001", Severity.WARNING)));
        // then
        assertThat(f.shown().orElseThrow().candidates()).extracting(CandidateExplanation::diagnosis)
            .containsExactly("Type 2 diabetes mellitus");
    }

    @Test
    void should_withhold_with_most_severe_rule_when_nothing_coherent_remains() {
        // when
        FilteredExplanation f = ExplanationFilter.apply(TWO, List.of(
            vetoed("c1", "candidates[0].rationale#s0", "VETO-GRD-002", Severity.WARNING),
            vetoed("c2", "candidates[0].rationale#s1", "ADA-MET-001", Severity.CRITICAL),
            vetoed("c3", "candidates[1].citedEvidenceIds[0]", "VETO-GRD-001", Severity.WARNING)));
        // then
        assertThat(f.shown()).isEmpty();
        assertThat(f.withheldReason()).isEqualTo("AI explanation withheld: conflicts with ADA-MET-001 (g-ADA-MET-001)");
    }

    @Test
    void should_withhold_plain_text_when_every_sentence_is_vetoed() {
        // when
        FilteredExplanation kept = ExplanationFilter.applyText("Fine. Start now immediately.",
            List.of(vetoed("c1", "text#s1", "VETO-DIR-001", Severity.CRITICAL)));
        FilteredExplanation gone = ExplanationFilter.applyText("Start now immediately.",
            List.of(vetoed("c1", "text#s0", "VETO-DIR-001", Severity.CRITICAL)));
        // then
        assertThat(kept.shownText()).contains("Fine.");
        assertThat(gone.withheld()).isTrue();
    }
}
