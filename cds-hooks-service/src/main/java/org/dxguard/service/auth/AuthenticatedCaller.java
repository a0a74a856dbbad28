package org.dxguard.service.auth;

import java.time.Instant;
import java.util.Objects;

/**
 * A caller whose token passed every check.
 *
 * @param issuer    the {@code iss} claim, one of the trusted EHRs
 * @param subject   the {@code sub} claim (the EHR's client id); {@code null} when the token has none (the HL7
 *                  sandbox sends none)
 * @param tenant    the {@code tenant} claim, or {@code null}
 * @param jti       the token id, recorded against replay
 * @param keyId     the {@code kid} of the key that verified the signature
 * @param expiresAt the {@code exp} claim
 * @param locale    the issuer's configured locale (trusted-EHRs file {@code "locale"}); null when none is configured:
 *                  {@link #locale()} then answers English and {@link #configuredLocale()} is empty, so that a
 *                  deployment default (e.g. the model's {@code DXGUARD_LLM_LANGUAGE}) can apply
 */
public record AuthenticatedCaller(String issuer, String subject, String tenant, String jti, String keyId,
                                  Instant expiresAt, java.util.Locale locale) {
    /** A caller of an issuer without a configured locale (English). */
    public AuthenticatedCaller(String issuer, String subject, String tenant, String jti, String keyId,
                               Instant expiresAt) {
        this(issuer, subject, tenant, jti, keyId, expiresAt, null);
    }

    public AuthenticatedCaller {
        requireText(issuer, "issuer");
        requireText(jti, "jti");
        requireText(keyId, "keyId");
        Objects.requireNonNull(expiresAt, "expiresAt must not be null");
        subject = subject == null || subject.isBlank() ? null : subject;
        tenant = tenant == null || tenant.isBlank() ? null : tenant;
    }

    /** The issuer's configured locale, English when none is configured. */
    @Override
    public java.util.Locale locale() {
        return locale == null ? java.util.Locale.ENGLISH : locale;
    }

    /** The issuer's configured locale; empty when the trusted-EHRs file names none for it. */
    public java.util.Optional<java.util.Locale> configuredLocale() {
        return java.util.Optional.ofNullable(locale);
    }

    private static void requireText(String value, String name) {
        Objects.requireNonNull(value, name + " must not be null");
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }
}
