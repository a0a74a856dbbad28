package org.dxguard.reasoner.internal;

import org.dxguard.model.DxGuardException;
import org.dxguard.model.ErrorCode;

/** A model call failed at the server or on the way to it (timeout, 429, 5xx, refused connection, rejected request). */
public final class ModelCallException extends DxGuardException {
    public ModelCallException(ErrorCode code, String reason, Throwable cause) {
        super(code, reason, cause);
    }
}
