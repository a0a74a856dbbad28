package org.dxguard.service.cdshooks;

import org.dxguard.model.DxGuardException;
import org.dxguard.model.ErrorCode;

/** A request the service cannot accept (HTTP 400); the message names the offending field. */
public final class BadRequestException extends DxGuardException {
    public BadRequestException(String message) {
        super(ServiceErrors.INVALID_REQUEST, message);
    }

    public BadRequestException(ErrorCode code, String message, Throwable cause) {
        super(code, message, cause);
    }
}
