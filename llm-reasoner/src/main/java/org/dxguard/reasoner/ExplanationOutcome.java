package org.dxguard.reasoner;

import java.time.Duration;
import java.util.Objects;

/**
 * What {@link Explainer#explain} or {@link Explainer#lookup} returns: the validated explanation ({@link Status#READY})
 * or why there is none yet ({@link Status#PENDING}: still being written, look it up later) or at all
 * ({@link Status#UNAVAILABLE}).
 *
 * <p>{@code rawOutput} is the model's answer text as received, with any {@code <think>} block cut out into
 * {@code thinking}; both are for the audit record only and must never be shown to a clinician. They are null when
 * no model answered (and for the evidence-only explainer). {@code elapsed} is the time the explanation took (for a
 * pending outcome: how long the caller waited).
 */
public record ExplanationOutcome(Status status, Explanation explanation, String reason, String modelId,
                                 String promptVersion, String rawOutput, String thinking, Duration elapsed) {

    /** Where an explanation stands. */
    public enum Status { READY, PENDING, UNAVAILABLE }

    public ExplanationOutcome {
        Objects.requireNonNull(status, "status must not be null");
        modelId = Texts.require(modelId, "modelId");
        Objects.requireNonNull(elapsed, "elapsed must not be null");
        if (elapsed.isNegative()) {
            throw new IllegalArgumentException("elapsed must not be negative, was " + elapsed);
        }
        reason = Texts.blankToNull(reason);
        if (status == Status.READY && explanation == null) {
            throw new IllegalArgumentException("a READY outcome needs an explanation");
        }
        if (status != Status.READY) {
            if (explanation != null) {
                throw new IllegalArgumentException("only a READY outcome carries an explanation, status was " + status);
            }
            if (reason == null) {
                throw new IllegalArgumentException("a " + status + " outcome needs a reason");
            }
        }
    }

    public static ExplanationOutcome ready(Explanation explanation, String modelId, String promptVersion,
                                           String rawOutput, String thinking, Duration elapsed) {
        return new ExplanationOutcome(Status.READY, explanation, null, modelId, promptVersion, rawOutput, thinking,
            elapsed);
    }

    public static ExplanationOutcome pending(String reason, String modelId, String promptVersion, Duration elapsed) {
        return new ExplanationOutcome(Status.PENDING, null, reason, modelId, promptVersion, null, null, elapsed);
    }

    public static ExplanationOutcome unavailable(String reason, String modelId, String promptVersion,
                                                 String rawOutput, String thinking, Duration elapsed) {
        return new ExplanationOutcome(Status.UNAVAILABLE, null, reason, modelId, promptVersion, rawOutput, thinking,
            elapsed);
    }

    public boolean isReady() {
        return status == Status.READY;
    }
}
