package org.dxguard.service.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import org.dxguard.model.DxGuardException;
import org.dxguard.rules.MessageErrors;
import org.dxguard.rules.Messages;
import org.dxguard.service.cdshooks.CdsRequest;

/**
 * The one place a call's locale is decided: the request's {@code extension} {@value #EXTENSION_KEY} when it names
 * one ({@code "zh-CN"}, {@code "en"}), else the calling EHR's {@code "locale"} in the trusted-EHRs file, else none
 * ({@link #specified}: empty). Every text rendered for the call (cards, suggestion labels, override reasons,
 * explanations) reads {@link HookCall#locale()} (English when none is specified); the model's answer language reads
 * {@link HookCall#specifiedLocale()} (the deployment's {@code DXGUARD_LLM_LANGUAGE} when none is specified).
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
     * The call's locale, English when neither the call nor its EHR names one ({@link #specified}).
     *
     * @param issuerLocale the EHR's configured locale, or null (none configured)
     * @throws DxGuardException {@link MessageErrors#LOCALE_UNSUPPORTED} when the extension names a locale the
     *                          service has no texts for, or is not a string
     */
    public static Locale resolve(Locale issuerLocale, CdsRequest request) {
        return specified(issuerLocale, request).orElse(Locale.ENGLISH);
    }

    /**
     * The locale the call names (extension {@value #EXTENSION_KEY}) or, failing that, its EHR's configured one; empty
     * when neither names one. "None configured" is kept apart from an explicit {@code en}: the card texts are then
     * English, but the model answers in the deployment's configured language ({@code DXGUARD_LLM_LANGUAGE}).
     *
     * @param issuerLocale the EHR's configured locale, or null (none configured)
     * @throws DxGuardException {@link MessageErrors#LOCALE_UNSUPPORTED} when the extension names a locale the
     *                          service has no texts for, or is not a string
     */
    public static java.util.Optional<Locale> specified(Locale issuerLocale, CdsRequest request) {
        JsonNode ext = request == null || request.extension() == null ? null : request.extension().get(EXTENSION_KEY);
        if (ext != null && !ext.isNull()) {
            Locale l = ext.isTextual() ? Messages.supportedLocale(ext.asText()) : null;
            if (l == null) {
                throw new DxGuardException(MessageErrors.LOCALE_UNSUPPORTED, "extension \"" + EXTENSION_KEY
                    + "\" must be one of " + Messages.SUPPORTED + ", found "
                    + (ext.isTextual() ? "'" + ext.asText() + "'" : ext.getNodeType().name().toLowerCase(Locale.ROOT)));
            }
            return java.util.Optional.of(l);
        }
        return java.util.Optional.ofNullable(issuerLocale);
    }
}
