package org.dxguard.service.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import org.dxguard.model.DxGuardException;
import org.dxguard.rules.MessageErrors;
import org.dxguard.rules.Messages;
import org.dxguard.service.cdshooks.CdsRequest;

/**
 * The one place a call's locale is decided: the request's {@code extension} {@value #EXTENSION_KEY} when it names
 * one ({@code "zh-CN"}, {@code "en"}), else the calling EHR's {@code "locale"} in the trusted-EHRs file, else English.
 * Every text rendered for the call (cards, suggestion labels, override reasons, explanations) reads it from
 * {@link HookCall#locale()}.
 */
public final class CallLocale {
    /** The CDS Hooks request extension that overrides the EHR's configured locale for one call. */
    public static final String EXTENSION_KEY = "org.dxguard.locale";

    /** What discovery says about the extension (every service's descriptor carries it). */
    public static final java.util.Map<String, Object> DISCOVERY = java.util.Map.of(EXTENSION_KEY, java.util.Map.of(
        "description", "Optional request extension: the language of this call's card texts (summary, detail, "
            + "suggestion labels; codes unchanged), overriding the locale configured for the calling EHR.",
        "values", Messages.SUPPORTED,
        "default", "the calling EHR's configured locale (trusted-EHRs file \"locale\"), else en"));

    private CallLocale() {}

    /**
     * @param issuerLocale the EHR's configured locale, or null (English)
     * @throws DxGuardException {@link MessageErrors#LOCALE_UNSUPPORTED} when the extension names a locale the
     *                          service has no texts for, or is not a string
     */
    public static Locale resolve(Locale issuerLocale, CdsRequest request) {
        JsonNode ext = request == null || request.extension() == null ? null : request.extension().get(EXTENSION_KEY);
        if (ext != null && !ext.isNull()) {
            Locale l = ext.isTextual() ? Messages.supportedLocale(ext.asText()) : null;
            if (l == null) {
                throw new DxGuardException(MessageErrors.LOCALE_UNSUPPORTED, "extension \"" + EXTENSION_KEY
                    + "\" must be one of " + Messages.SUPPORTED + ", found "
                    + (ext.isTextual() ? "'" + ext.asText() + "'" : ext.getNodeType().name().toLowerCase(Locale.ROOT)));
            }
            return l;
        }
        return issuerLocale == null ? Locale.ENGLISH : issuerLocale;
    }
}
