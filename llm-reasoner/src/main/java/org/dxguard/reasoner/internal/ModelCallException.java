package org.dxguard.reasoner.internal;

import java.util.Objects;
import org.dxguard.model.DxGuardException;
import org.dxguard.model.ErrorCode;
import org.dxguard.reasoner.ExplanationOutcome;

/**
 * A model call failed at the server or on the way to it (timeout, 429, 5xx, refused connection, rejected request),
 * or was not made because the case does not fit the model. {@link #why()} is the stable reason; the message is for
 * the decision record and the operators' log. {@link #serverFailure()}: counts against the circuit breaker (false
 * when the server was not at fault, e.g. a prompt too long for a local model's context).
 */
public final class ModelCallException extends DxGuardException {
    private final ExplanationOutcome.Reason why;
    private final boolean serverFailure;

    public ModelCallException(ErrorCode code, ExplanationOutcome.Reason why, String reason, Throwable cause) {
        this(code, why, reason, cause, true);
    }

    public ModelCallException(ErrorCode code, ExplanationOutcome.Reason why, String reason, Throwable cause,
                              boolean serverFailure) {
        super(code, reason, cause);
        this.why = Objects.requireNonNull(why, "why");
        this.serverFailure = serverFailure;
    }

    public ExplanationOutcome.Reason why() {
        return why;
    }

    public boolean serverFailure() {
        return serverFailure;
    }
}
