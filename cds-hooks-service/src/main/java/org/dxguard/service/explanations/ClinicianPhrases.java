package org.dxguard.service.explanations;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.Objects;
import java.util.ResourceBundle;
import java.util.Set;
import org.dxguard.model.DxGuardException;
import org.dxguard.reasoner.ExplanationOutcome.Reason;
import org.dxguard.service.cdshooks.ServiceErrors;

/**
 * The fixed, reviewed phrases a clinician may be shown about an explanation (why it is missing, pending, cut or
 * withheld; the card's frames; the explanation page), by stable key, from the one resource file
 * {@code org/dxguard/service/explanations/phrases.properties} (UTF-8; another language is
 * {@code phrases_<lang>.properties} with the same keys). Nothing else may explain a missing explanation to a
 * clinician: no model text, id, number, excerpt or exception message is ever interpolated; a frame's {@code {0}} is
 * filled only with another phrase. Every key is checked when the phrases load. Thread-safe, immutable.
 */
public final class ClinicianPhrases {
    static final String BUNDLE = "org.dxguard.service.explanations.phrases";

    /** The service's own keys (beyond every {@link Reason#key()}). */
    static final Set<String> SERVICE_KEYS = Set.of("explanation.cut", "explanation.not-kept", "card.unavailable", "card.pending",
        "card.pending.no-link", "card.link", "page.title.ready", "page.title.pending", "page.title.unavailable",
        "page.title.not-found", "page.title.expired", "page.title.method", "page.pending", "page.unavailable",
        "page.not-found", "page.expired", "page.method");

    private static final ClinicianPhrases ENGLISH = load(Locale.ROOT);

    private final ResourceBundle bundle;

    private ClinicianPhrases(ResourceBundle bundle) {
        this.bundle = bundle;
    }

    /** The English phrases (the product's reviewed default). */
    public static ClinicianPhrases english() {
        return ENGLISH;
    }

    /** The phrases of a language; fails when a key has no text there. */
    static ClinicianPhrases load(Locale locale) {
        ResourceBundle b;
        try {
            b = ResourceBundle.getBundle(BUNDLE, locale, ClinicianPhrases.class.getClassLoader(),
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
        } catch (MissingResourceException e) {
            throw new DxGuardException(ServiceErrors.INVALID_CONFIG, "the clinician phrases " + BUNDLE
                + " are not on the class path; rebuild the service");
        }
        ClinicianPhrases p = new ClinicianPhrases(b);
        for (String key : keys()) {
            p.text(key);
        }
        return p;
    }

    /** Every key a phrase file must have. */
    static Set<String> keys() {
        Set<String> keys = new LinkedHashSet<>();
        for (Reason r : Reason.values()) {
            keys.add(r.key());
        }
        keys.addAll(SERVICE_KEYS);
        return Collections.unmodifiableSet(keys);
    }

    /** The phrase for a reason. */
    public String of(Reason why) {
        return text(Objects.requireNonNull(why, "why").key());
    }

    /** The phrase of a key. */
    public String text(String key) {
        try {
            String t = bundle.getString(key);
            if (t.isBlank()) {
                throw new MissingResourceException("blank", BUNDLE, key);
            }
            return t.strip();
        } catch (MissingResourceException e) {
            throw new DxGuardException(ServiceErrors.INVALID_CONFIG, "the clinician phrase '" + key + "' is missing "
                + "from " + BUNDLE + "; every key needs a reviewed text");
        }
    }

    /** A frame ({@code card.*}, {@code page.*}) filled with another phrase. */
    public String frame(String frameKey, Reason why) {
        return text(frameKey).replace("{0}", of(why));
    }

    /** A frame filled with another phrase of this file, by key. */
    String frame(String frameKey, String phraseKey) {
        return text(frameKey).replace("{0}", text(phraseKey));
    }
}
