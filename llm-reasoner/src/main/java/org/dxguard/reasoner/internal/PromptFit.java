package org.dxguard.reasoner.internal;

import java.util.Objects;
import java.util.function.ToIntFunction;

/**
 * The context limit of a local model (the embedded one): the case is rendered compact ({@link
 * CaseRenderer#renderCompact}) and sent only when its prompt leaves room for the answer; otherwise the evidence-only
 * explainer writes it ({@link ChatModelSource}). {@code tokens} counts a prompt's tokens as the model will see it
 * (its own tokenizer, prompt suffix and BOS included).
 *
 * @param answerBase         answer tokens reserved whatever the number of candidates (the JSON frame, summary)
 * @param answerPerCandidate answer tokens reserved per candidate (the small model's held-out answers used ≈ 40–50)
 */
public record PromptFit(ToIntFunction<String> tokens, int context, int answerBase, int answerPerCandidate) {
    public PromptFit {
        Objects.requireNonNull(tokens, "tokens");
        if (context < 64 || answerBase < 0 || answerPerCandidate < 0) {
            throw new IllegalArgumentException("context must be at least 64 and the reserves non-negative");
        }
    }

    /** The most prompt tokens that leave room for an answer about {@code candidates} candidates. */
    public int promptLimit(int candidates) {
        return Math.max(0, context - answerBase - answerPerCandidate * Math.max(1, candidates));
    }
}
