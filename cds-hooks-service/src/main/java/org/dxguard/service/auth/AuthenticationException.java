package org.dxguard.service.auth;

import java.util.Objects;
import org.dxguard.model.DxGuardException;
import org.dxguard.model.ErrorCode;

/**
 * A refused caller. The message says what was wrong and is safe to log: it never carries token contents other
 * than {@code iss}, {@code kid} and {@code alg} (sanitised and truncated). The HTTP layer answers a bare 401
 * whatever the reason.
 *
 * <p>The reason is read with {@link #failureReason()} ({@code reason()} is taken by
 * {@link DxGuardException#reason()}, which returns the message without its code).
 */
public final class AuthenticationException extends DxGuardException {
    private static final long serialVersionUID = 1L;

    /** Why a caller was refused; each reason has its own stable error code. */
    public enum Reason {
        MISSING_TOKEN(AuthErrors.MISSING_TOKEN),
        MALFORMED(AuthErrors.MALFORMED),
        ALG_NOT_ALLOWED(AuthErrors.ALG_NOT_ALLOWED),
        UNKNOWN_ISSUER(AuthErrors.UNKNOWN_ISSUER),
        UNKNOWN_KEY(AuthErrors.UNKNOWN_KEY),
        JKU_NOT_ALLOWED(AuthErrors.JKU_NOT_ALLOWED),
        KEY_UNSUITABLE(AuthErrors.KEY_UNSUITABLE),
        BAD_SIGNATURE(AuthErrors.BAD_SIGNATURE),
        WRONG_AUDIENCE(AuthErrors.WRONG_AUDIENCE),
        EXPIRED(AuthErrors.EXPIRED),
        NOT_YET_VALID(AuthErrors.NOT_YET_VALID),
        IAT_IN_FUTURE(AuthErrors.IAT_IN_FUTURE),
        MISSING_CLAIM(AuthErrors.MISSING_CLAIM),
        LIFETIME_TOO_LONG(AuthErrors.LIFETIME_TOO_LONG),
        REPLAYED(AuthErrors.REPLAYED),
        WRONG_TENANT(AuthErrors.WRONG_TENANT),
        JWKS_UNAVAILABLE(AuthErrors.JWKS_UNAVAILABLE),
        REPLAY_CACHE_FULL(AuthErrors.REPLAY_CACHE_FULL);

        private final ErrorCode errorCode;

        Reason(ErrorCode errorCode) {
            this.errorCode = errorCode;
        }

        public ErrorCode errorCode() {
            return errorCode;
        }
    }

    private final Reason failureReason;

    public AuthenticationException(Reason reason, String message) {
        this(reason, message, null);
    }

    public AuthenticationException(Reason reason, String message, Throwable cause) {
        super(Objects.requireNonNull(reason, "reason").errorCode(), message, cause);
        this.failureReason = reason;
    }

    /** Why the caller was refused. */
    public Reason failureReason() {
        return failureReason;
    }
}
