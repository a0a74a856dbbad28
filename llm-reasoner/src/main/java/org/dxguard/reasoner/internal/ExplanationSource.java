package org.dxguard.reasoner.internal;

import java.util.List;
import org.dxguard.model.Candidate;
import org.dxguard.model.PatientFacts;
import org.dxguard.reasoner.Explanation;

/**
 * Writes one explanation, synchronously. Implementations may take long; {@link BudgetedExplainer} runs them off the
 * caller's thread. Server failures are thrown as {@link ModelCallException} (they count against the circuit
 * breaker); an answer that arrived but was unusable is returned as a {@link Generation} with a rejection reason.
 */
public interface ExplanationSource {

    /** What one call produced: the explanation, or why the answer was rejected, plus the audit texts. */
    record Generation(Explanation explanation, String rejection, String rawOutput, String thinking) {
        public Generation {
            if ((explanation == null) == (rejection == null)) {
                throw new IllegalArgumentException("a generation has either an explanation or a rejection reason");
            }
        }
    }

    Generation generate(PatientFacts facts, List<Candidate> candidates);

    String modelId();

    String promptVersion();
}
