package org.dxguard.service.hooks;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.dxguard.rules.Messages;

/**
 * The service's own clinician-facing texts (card detail headings, medication-review notes, differential cards,
 * suggestion labels), English and Chinese side by side in {@code org/dxguard/service/hooks/messages.yaml}, formatted
 * with ICU MessageFormat in the call's locale ({@link HookCall#locale()}).
 */
public final class ServiceTexts {
    /** The texts, read once. */
    public static final Messages MESSAGES = Messages.resource(ServiceTexts.class, "messages.yaml");

    private ServiceTexts() {}

    /** {@code key} in {@code locale} with name/value parameter pairs. */
    public static String format(String key, Locale locale, Object... params) {
        Map<String, Object> args = new LinkedHashMap<>();
        for (int i = 0; i + 1 < params.length; i += 2) {
            args.put(String.valueOf(params[i]), params[i + 1]);
        }
        String s = MESSAGES.format(key, locale, args);
        if (s == null) {
            throw new IllegalArgumentException("no service message " + key);
        }
        return s;
    }
}
