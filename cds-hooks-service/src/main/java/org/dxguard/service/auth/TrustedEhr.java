package org.dxguard.service.auth;

import java.util.List;
import java.util.Objects;

/**
 * One trusted EHR of a {@link TrustedEhrs} file: exactly one of inline keys or a JWKS URL.
 *
 * @param issuer       the exact {@code iss} the EHR sends
 * @param inlineKeys   keys configured in the file, or {@code null}
 * @param jwksUrl      where the EHR publishes its JWKS, or {@code null}
 * @param jkuAllowlist URLs a token's {@code jku} header may name (besides {@code jwksUrl})
 * @param tenant       the tenant the token must name, or {@code null} for any
 * @param locale       the language of the texts this EHR's clinicians see ({@code "locale"}: en or zh-CN); null when the
 *                     entry names none ({@link #locale()} then answers English, {@link #configuredLocale()} empty)
 */
record TrustedEhr(String issuer, KeySet inlineKeys, String jwksUrl, List<String> jkuAllowlist, String tenant,
                  java.util.Locale locale) {
    TrustedEhr(String issuer, KeySet inlineKeys, String jwksUrl, List<String> jkuAllowlist, String tenant) {
        this(issuer, inlineKeys, jwksUrl, jkuAllowlist, tenant, null);
    }

    TrustedEhr {
        Objects.requireNonNull(issuer, "issuer");
        if ((inlineKeys == null) == (jwksUrl == null)) {
            throw new IllegalArgumentException("exactly one of inlineKeys and jwksUrl");
        }
        jkuAllowlist = jkuAllowlist == null ? List.of() : List.copyOf(jkuAllowlist);
    }

    /** The configured locale, English when the entry names none. */
    @Override
    public java.util.Locale locale() {
        return locale == null ? java.util.Locale.ENGLISH : locale;
    }

    /** The locale the entry names, empty when it names none (the deployment's defaults then apply). */
    java.util.Optional<java.util.Locale> configuredLocale() {
        return java.util.Optional.ofNullable(locale);
    }

    boolean jkuAllowed(String jku) {
        return jku.equals(jwksUrl) || jkuAllowlist.contains(jku);
    }
}
