package org.dxguard.reasoner.internal;

import java.util.Objects;
import org.dxguard.model.DxGuardException;
import org.dxguard.reasoner.ExplanationOutcome;
import org.dxguard.reasoner.ReasonerErrors;

/**
 * The model answered, but the answer could not be repaired into a valid explanation. {@link #why()} is the stable
 * reason (what a clinician may be told, as the product's phrase); the message is the precise validation error, which
 * may quote the model's answer: for the decision record only.
 */
public final class InvalidOutputException extends DxGuardException {
    public static final String PREFIX = "model output failed schema validation: ";
    private final ExplanationOutcome.Reason why;

    public InvalidOutputException(ExplanationOutcome.Reason why, String detail) {
        super(ReasonerErrors.MODEL_OUTPUT_INVALID, PREFIX + detail);
        this.why = Objects.requireNonNull(why, "why");
    }

    public InvalidOutputException(ExplanationOutcome.Reason why, String detail, Throwable cause) {
        super(ReasonerErrors.MODEL_OUTPUT_INVALID, PREFIX + detail, cause);
        this.why = Objects.requireNonNull(why, "why");
    }

    public ExplanationOutcome.Reason why() {
        return why;
    }
}
