package org.dxguard.reasoner.internal;

import org.dxguard.model.DxGuardException;
import org.dxguard.reasoner.ReasonerErrors;

/** The model answered, but the answer could not be repaired into a valid explanation. */
public final class InvalidOutputException extends DxGuardException {
    public static final String PREFIX = "model output failed schema validation: ";

    public InvalidOutputException(String detail) {
        super(ReasonerErrors.MODEL_OUTPUT_INVALID, PREFIX + detail);
    }

    public InvalidOutputException(String detail, Throwable cause) {
        super(ReasonerErrors.MODEL_OUTPUT_INVALID, PREFIX + detail, cause);
    }
}
