package org.dxguard.service.ask;

import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import java.util.Set;
import org.dxguard.model.DxGuardException;
import org.dxguard.safety.AnswerGuard;

/**
 * The clinician texts of Ask, by stable key, in the answer's language: {@code org/dxguard/service/ask/messages.properties}
 * (English) and {@code messages_zh.properties} (Chinese), the same keys in both (checked when they load). No model
 * text, exception message or request value is ever one of them; {@code {0}} is filled only with product or record
 * data (a drug name from the terminology, a model id, another phrase). Thread-safe, immutable.
 */
public final class AskMessages {
    static final String BUNDLE = "org.dxguard.service.ask.messages";
    private static final Map<String, AskMessages> BY_LANGUAGE = Map.of("en", load(Locale.ROOT), "zh",
        load(Locale.forLanguageTag("zh")));

    private final ResourceBundle bundle;

    private AskMessages(ResourceBundle bundle) {
        this.bundle = bundle;
    }

    /** The texts of a language ({@code en} or {@code zh}; anything else is English). */
    public static AskMessages of(String language) {
        return BY_LANGUAGE.getOrDefault(language, BY_LANGUAGE.get("en"));
    }

    private static AskMessages load(Locale locale) {
        ResourceBundle b;
        try {
            b = ResourceBundle.getBundle(BUNDLE, locale, AskMessages.class.getClassLoader(),
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
        } catch (MissingResourceException e) {
            throw new DxGuardException(AskErrors.MESSAGES, "the Ask messages " + BUNDLE + " are not on the class path");
        }
        AskMessages m = new AskMessages(b);
        for (String key : AnswerGuard.KEYS) {
            m.text(key);
        }
        m.text("answer.confirm");
        return m;
    }

    /** Every key of the English file (the other languages must have the same). */
    static Set<String> keys() {
        return of("en").bundle.keySet();
    }

    /** The text of a key. */
    public String text(String key) {
        try {
            String t = bundle.getString(key);
            if (t.isBlank()) {
                throw new MissingResourceException("blank", BUNDLE, key);
            }
            return t.strip();
        } catch (MissingResourceException e) {
            throw new DxGuardException(AskErrors.MESSAGES, "the Ask text '" + key + "' is missing from " + BUNDLE);
        }
    }

    /** The text of a key with {@code {0}} filled. */
    public String text(String key, String arg) {
        return text(key).replace("{0}", arg == null ? "" : arg);
    }

    /** True when the key has a text. */
    boolean has(String key) {
        return bundle.containsKey(key);
    }
}
