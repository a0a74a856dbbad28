package org.dxguard.reasoner;

import java.time.Duration;
import java.util.Objects;

/**
 * What {@link Explainer#explain} or {@link Explainer#lookup} returns: the validated explanation ({@link Status#READY})
 * or why there is none yet ({@link Status#PENDING}: still being written, look it up later) or at all
 * ({@link Status#UNAVAILABLE}).
 *
 * <p>Why there is no explanation comes in two forms. {@code why} is a stable {@link Reason} key: the only form that
 * may reach a clinician, as the product's fixed, reviewed phrase for that key (the service's phrase file). {@code
 * detail} is the precise reason (for example the validation error, which may quote the model's answer, or the HTTP
 * status of a failed call): for the decision record and the reviewer's console only, never for a card, a page, an
 * API answer or a log line at INFO. A READY outcome may carry a {@code why} too, as a note on how it was made
 * ({@link Reason#EVIDENCE_ONLY_FALLBACK}).
 *
 * <p>{@code rawOutput} is the model's answer text as received, with any {@code <think>} block cut out into
 * {@code thinking}; both are for the audit record only and must never be shown to a clinician. They are null when
 * no model answered (and for the evidence-only explainer). {@code elapsed} is the time the explanation took (for a
 * pending outcome: how long the caller waited).
 */
public record ExplanationOutcome(Status status, Explanation explanation, Reason why, String detail, String modelId,
                                 String promptVersion, String rawOutput, String thinking, Duration elapsed) {

    /** Where an explanation stands. */
    public enum Status { READY, PENDING, UNAVAILABLE }

    /**
     * Why an explanation is missing, pending, cut or withheld, or (on a READY outcome) how it was made: a stable key
     * for the product's fixed phrase. Keys never change meaning; new reasons get new keys.
     */
    public enum Reason {
        /** The model is still writing (the call's budget ran out first). */
        PENDING("explanation.pending"),
        /** Written, and being checked against the guidelines (the veto). */
        BEING_CHECKED("explanation.being-checked"),
        /** Nothing to explain. */
        NO_CANDIDATES("explanation.no-candidates"),
        /** The model call timed out. */
        MODEL_TIMEOUT("explanation.model-timeout"),
        /** The model server could not be reached (refused, unknown host, connection failed). */
        MODEL_UNREACHABLE("explanation.model-unreachable"),
        /** The model server rate-limited the request (HTTP 429). */
        MODEL_BUSY("explanation.model-busy"),
        /** The model server failed (5xx, or an unexpected failure of the call). */
        MODEL_ERROR("explanation.model-error"),
        /** The model server refused the request: credentials, model name, request shape (configuration). */
        MODEL_REJECTED("explanation.model-rejected"),
        /** The model declined to answer (content filter). */
        MODEL_REFUSED("explanation.model-refused"),
        /** The circuit breaker is open: the model server kept failing, calls are paused. */
        MODEL_UNAVAILABLE("explanation.model-unavailable"),
        /** Too many explanations are being written at once (the reasoner's queue is full). */
        OVERLOADED("explanation.overloaded"),
        /** The case does not fit the model's context, even compacted. */
        TOO_LONG_FOR_MODEL("explanation.too-long-for-model"),
        /** The answer holds no readable JSON object (prose, cut off, malformed). */
        UNREADABLE("explanation.unreadable"),
        /** The answer is JSON but misses required parts or has the wrong types. */
        INCOMPLETE("explanation.incomplete"),
        /** A candidate's explanation cites no evidence. */
        CITES_NO_EVIDENCE("explanation.cites-no-evidence"),
        /** The answer cites an evidence id that is not in the case. */
        CITES_UNKNOWN_EVIDENCE("explanation.cites-unknown-evidence"),
        /** The answer is not in the configured language. */
        WRONG_LANGUAGE("explanation.wrong-language"),
        /** Something failed inside dxguard while the explanation was written. */
        INTERNAL_ERROR("explanation.internal-error"),
        /** The veto cut so much that nothing coherent remained: it conflicted with the guidelines. */
        WITHHELD_CONFLICT("explanation.withheld.conflict"),
        /** Nothing of the answer could be checked against the case (no part kept). */
        WITHHELD_UNSUPPORTED("explanation.withheld.unsupported"),
        /** The veto itself failed: nothing unchecked is shown. */
        WITHHELD_CHECK_FAILED("explanation.withheld.check-failed"),
        /** READY note: the case did not fit the small local model, so the evidence-only explainer wrote it. */
        EVIDENCE_ONLY_FALLBACK("explanation.evidence-only-fallback");

        private final String key;

        Reason(String key) {
            this.key = key;
        }

        /** The stable key of the product's phrase, e.g. {@code explanation.unreadable}. */
        public String key() {
            return key;
        }
    }

    public ExplanationOutcome {
        Objects.requireNonNull(status, "status must not be null");
        modelId = Texts.require(modelId, "modelId");
        Objects.requireNonNull(elapsed, "elapsed must not be null");
        if (elapsed.isNegative()) {
            throw new IllegalArgumentException("elapsed must not be negative, was " + elapsed);
        }
        detail = Texts.blankToNull(detail);
        if (status == Status.READY && explanation == null) {
            throw new IllegalArgumentException("a READY outcome needs an explanation");
        }
        if (status != Status.READY) {
            if (explanation != null) {
                throw new IllegalArgumentException("only a READY outcome carries an explanation, status was " + status);
            }
            if (why == null) {
                throw new IllegalArgumentException("a " + status + " outcome needs a reason");
            }
            if (why == Reason.EVIDENCE_ONLY_FALLBACK) {
                throw new IllegalArgumentException(why + " is a note on a READY outcome, not a reason for " + status);
            }
        }
        if (detail == null && why != null) {
            detail = why.key();
        }
    }

    public static ExplanationOutcome ready(Explanation explanation, String modelId, String promptVersion,
                                           String rawOutput, String thinking, Duration elapsed) {
        return new ExplanationOutcome(Status.READY, explanation, null, null, modelId, promptVersion, rawOutput,
            thinking, elapsed);
    }

    /** READY, with a note on how it was made (e.g. {@link Reason#EVIDENCE_ONLY_FALLBACK}) and its detail. */
    public static ExplanationOutcome ready(Explanation explanation, Reason note, String detail, String modelId,
                                           String promptVersion, String rawOutput, String thinking, Duration elapsed) {
        return new ExplanationOutcome(Status.READY, explanation, note, detail, modelId, promptVersion, rawOutput,
            thinking, elapsed);
    }

    public static ExplanationOutcome pending(Reason why, String detail, String modelId, String promptVersion,
                                             Duration elapsed) {
        return new ExplanationOutcome(Status.PENDING, null, why, detail, modelId, promptVersion, null, null, elapsed);
    }

    public static ExplanationOutcome unavailable(Reason why, String detail, String modelId, String promptVersion,
                                                 String rawOutput, String thinking, Duration elapsed) {
        return new ExplanationOutcome(Status.UNAVAILABLE, null, why, detail, modelId, promptVersion, rawOutput,
            thinking, elapsed);
    }

    public boolean isReady() {
        return status == Status.READY;
    }
}
