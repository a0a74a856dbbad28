package org.dxguard.reasoner.internal;

import java.util.List;
import java.util.Objects;
import org.dxguard.model.Candidate;
import org.dxguard.model.PatientFacts;
import org.dxguard.reasoner.Explanation;
import org.dxguard.reasoner.ExplanationOutcome.Reason;

/**
 * Writes one explanation, synchronously. Implementations may take long; {@link BudgetedExplainer} runs them off the
 * caller's thread. Server failures are thrown as {@link ModelCallException} (they count against the circuit
 * breaker); an answer that arrived but was unusable is returned as a {@link Generation} with a rejection reason.
 */
public interface ExplanationSource {

    /**
     * What one call produced: the explanation, or why the answer was rejected ({@code why}, with the precise
     * {@code detail} for the decision record), plus the audit texts. {@code modelId}/{@code promptVersion}, when
     * set, say that another explainer wrote it (the evidence-only fallback, with {@code why} as its note).
     */
    record Generation(Explanation explanation, Reason why, String detail, String rawOutput, String thinking,
                      String modelId, String promptVersion) {
        public Generation {
            if (explanation == null && why == null) {
                throw new IllegalArgumentException("a generation has either an explanation or a rejection reason");
            }
        }

        public static Generation explained(Explanation explanation, String rawOutput, String thinking) {
            return new Generation(Objects.requireNonNull(explanation, "explanation"), null, null, rawOutput, thinking,
                null, null);
        }

        public static Generation rejected(Reason why, String detail, String rawOutput, String thinking) {
            return new Generation(null, Objects.requireNonNull(why, "why"), detail, rawOutput, thinking, null, null);
        }

        /** Written by another explainer instead (e.g. evidence-only), with a note why. */
        public static Generation insteadBy(Explanation explanation, Reason note, String detail, String modelId,
                                           String promptVersion) {
            return new Generation(Objects.requireNonNull(explanation, "explanation"), note, detail, null, null,
                Objects.requireNonNull(modelId, "modelId"), promptVersion);
        }
    }

    Generation generate(PatientFacts facts, List<Candidate> candidates);

    /** In {@code language} ({@code en}/{@code zh}); sources without a language write as {@link #generate(PatientFacts, List)}. */
    default Generation generate(PatientFacts facts, List<Candidate> candidates, String language) {
        return generate(facts, candidates);
    }

    String modelId();

    String promptVersion();

    /** The prompt version used for answers in {@code language} (e.g. {@code differential-v2-zh}). */
    default String promptVersion(String language) {
        return promptVersion();
    }

    /** The language of {@link #generate(PatientFacts, List)} (the configured one). */
    default String defaultLanguage() {
        return "en";
    }
}
