package org.dxguard.reasoner.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.dxguard.reasoner.CandidateExplanation;
import org.dxguard.reasoner.Explainer;
import org.dxguard.reasoner.Explainers;
import org.dxguard.reasoner.ExplanationOutcome;
import org.dxguard.reasoner.ReasonerFixtures;
import org.junit.jupiter.api.Test;

class EvidenceOnlyExplainerTest {

    private final Explainer explainer = Explainers.evidenceOnly();

    @Test
    void should_explain_every_candidate_from_its_evidence_when_candidates_are_given() {
        // when
        ExplanationOutcome outcome = explainer.explain("hook-1", ReasonerFixtures.dkdPatient(),
            ReasonerFixtures.candidates(), Duration.ofMillis(400));

        // then
        assertThat(outcome.status()).isEqualTo(ExplanationOutcome.Status.READY);
        assertThat(outcome.modelId()).isEqualTo("dxguard-evidence-only");
        assertThat(outcome.promptVersion()).isEqualTo("evidence-only-v1");
        assertThat(outcome.rawOutput()).isNull();
        assertThat(outcome.thinking()).isNull();
        List<CandidateExplanation> cs = outcome.explanation().candidates();
        assertThat(cs).extracting(CandidateExplanation::diagnosis)
            .containsExactly("Diabetic kidney disease", "Hypertensive kidney disease");
        assertThat(cs.get(0).citedEvidenceIds()).containsExactly("ev-egfr-low", "ev-t2dm");
        assertThat(cs.get(0).rationale()).contains("eGFR below 30 mL/min/1.73m2 [ev-egfr-low]").contains("score 0.72");
        assertThat(cs.get(0).wouldConfirm()).containsExactly("urine albumin/creatinine ratio above 30 mg/g");
        assertThat(cs.get(0).nextSteps()).containsExactly("Order urine albumin/creatinine ratio above 30 mg/g");
        assertThat(cs.get(1).citedEvidenceIds()).containsExactly("ev-htn", "ev-egfr-low");
        assertThat(outcome.explanation().summary()).startsWith("Evidence-only summary (no language model)");
    }

    @Test
    void should_never_suggest_medications_or_exclusions_when_explaining_from_evidence() {
        // when
        ExplanationOutcome outcome = explainer.explain("hook-2", ReasonerFixtures.dkdPatient(),
            ReasonerFixtures.candidates(), null);

        // then
        assertThat(outcome.explanation().candidates())
            .allSatisfy(c -> {
                assertThat(c.medications()).isEmpty();
                assertThat(c.wouldExclude()).isEmpty();
            });
    }

    @Test
    void should_return_the_same_outcome_on_lookup_when_explained_before() {
        // given
        ExplanationOutcome outcome = explainer.explain("hook-3", ReasonerFixtures.dkdPatient(),
            ReasonerFixtures.candidates(), Duration.ofMillis(400));

        // when / then
        assertThat(explainer.lookup("hook-3")).contains(outcome);
        assertThat(explainer.lookup("hook-unknown")).isEmpty();
    }

    @Test
    void should_be_unavailable_with_reason_when_there_are_no_candidates() {
        // when
        ExplanationOutcome outcome = explainer.explain("hook-4", ReasonerFixtures.dkdPatient(), List.of(),
            Duration.ofMillis(400));

        // then
        assertThat(outcome.status()).isEqualTo(ExplanationOutcome.Status.UNAVAILABLE);
        assertThat(outcome.detail()).isEqualTo("no candidate diagnoses to explain");
        assertThat(outcome.explanation()).isNull();
    }
}
