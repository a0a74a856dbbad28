package org.dxguard.service.auth;

import org.dxguard.model.ErrorCode;

/**
 * Stable error codes of caller authentication, range {@code DXG-0110}–{@code DXG-0129}. Every refused call is
 * answered with a bare HTTP 401 whatever the code; the code and message are for logs and operators.
 */
public final class AuthErrors {
    private AuthErrors() {}

    public static final ErrorCode MISSING_TOKEN = ErrorCode.of("DXG-0110", false,
        "Send 'Authorization: Bearer <JWT>' on every CDS Hooks call, discovery included.");
    public static final ErrorCode MALFORMED = ErrorCode.of("DXG-0111", false,
        "Send a compact JWS (header.payload.signature) with a JSON header (alg, kid, typ JWT) and JSON claims.");
    public static final ErrorCode ALG_NOT_ALLOWED = ErrorCode.of("DXG-0112", false,
        "Sign with one of the allowed asymmetric algorithms (ES384, RS384, ES256, RS256); none and HMAC are refused.");
    public static final ErrorCode UNKNOWN_ISSUER = ErrorCode.of("DXG-0113", false,
        "Add the EHR's iss and its public keys to the trusted-EHR file, or fix the iss the EHR sends.");
    public static final ErrorCode UNKNOWN_KEY = ErrorCode.of("DXG-0114", false,
        "The kid is not in the issuer's JWKS; publish the key in the JWKS or configure it in the trusted-EHR file.");
    public static final ErrorCode JKU_NOT_ALLOWED = ErrorCode.of("DXG-0115", false,
        "Add the jku URL to the issuer's jkuAllowlist in the trusted-EHR file, or let the EHR omit jku.");
    public static final ErrorCode KEY_UNSUITABLE = ErrorCode.of("DXG-0116", false,
        "The key does not fit the alg: ES256 needs an EC P-256 key, ES384 EC P-384, RS256/RS384 RSA of 2048 bits or more.");
    public static final ErrorCode BAD_SIGNATURE = ErrorCode.of("DXG-0117", false,
        "The signature does not verify with the issuer's key; the token was altered or signed with another key.");
    public static final ErrorCode WRONG_AUDIENCE = ErrorCode.of("DXG-0118", false,
        "The aud claim must be the exact URL of the endpoint called (discovery or service URL).");
    public static final ErrorCode EXPIRED = ErrorCode.of("DXG-0119", false,
        "Send a fresh token; check the EHR's clock.");
    public static final ErrorCode NOT_YET_VALID = ErrorCode.of("DXG-0120", false,
        "The nbf claim lies in the future; check the EHR's clock.");
    public static final ErrorCode IAT_IN_FUTURE = ErrorCode.of("DXG-0121", false,
        "The iat claim lies in the future beyond the allowed clock skew; check the EHR's clock.");
    public static final ErrorCode MISSING_CLAIM = ErrorCode.of("DXG-0122", false,
        "CDS Hooks 2.0 requires the claims iss, aud, exp, iat and jti.");
    public static final ErrorCode LIFETIME_TOO_LONG = ErrorCode.of("DXG-0123", false,
        "Issue short-lived tokens: exp - iat must not exceed the configured maximum (5 minutes by default).");
    public static final ErrorCode REPLAYED = ErrorCode.of("DXG-0124", false,
        "Every call needs a new token with a new jti.");
    public static final ErrorCode WRONG_TENANT = ErrorCode.of("DXG-0125", false,
        "The tenant claim must equal the tenant configured for this issuer in the trusted-EHR file.");
    public static final ErrorCode JWKS_UNAVAILABLE = ErrorCode.of("DXG-0126", true,
        "The issuer's JWKS URL could not be fetched or parsed; check that it is reachable from the service.");
    public static final ErrorCode REPLAY_CACHE_FULL = ErrorCode.of("DXG-0127", true,
        "The replay cache holds its maximum of unexpired jtis; raise replayCacheMaxEntries or lower token lifetimes.");
    public static final ErrorCode INVALID_TRUSTED_EHRS = ErrorCode.of("DXG-0128", false,
        "Fix the trusted-EHR file; its format is described in org.dxguard.service.auth (auth/README.md).");
    public static final ErrorCode INVALID_AUTH_CONFIG = ErrorCode.of("DXG-0129", false,
        "Fix the authenticator settings (durations positive, allowed algorithms among ES384, RS384, ES256, RS256).");
}
