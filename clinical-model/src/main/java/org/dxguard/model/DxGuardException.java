package org.dxguard.model;

import java.util.Objects;

/**
 * The one unchecked exception root of dxguard. Library exceptions are translated into it at module boundaries.
 * Its message starts with the stable code: {@code "DXG-0101: request body is not valid JSON (…)"}.
 */
public class DxGuardException extends RuntimeException {
    private final ErrorCode errorCode;

    public DxGuardException(ErrorCode errorCode, String message) {
        this(errorCode, message, null);
    }

    public DxGuardException(ErrorCode errorCode, String message, Throwable cause) {
        super(Objects.requireNonNull(errorCode, "errorCode").code() + ": " + message, cause);
        this.errorCode = errorCode;
    }

    public ErrorCode errorCode() {
        return errorCode;
    }

    public boolean retriable() {
        return errorCode.retriable();
    }

    /** The message without the code prefix. */
    public String reason() {
        String m = getMessage();
        return m.substring(errorCode.code().length() + 2);
    }
}
