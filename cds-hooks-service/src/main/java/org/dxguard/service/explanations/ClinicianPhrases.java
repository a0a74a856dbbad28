package org.dxguard.service.explanations;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.dxguard.model.DxGuardException;
import org.dxguard.reasoner.ExplanationOutcome.Reason;
import org.dxguard.service.cdshooks.ServiceErrors;

/**
 * The fixed, reviewed phrases a clinician may be shown about an explanation (why it is missing, pending, cut or
 * withheld; the card's frames; the explanation page's titles, headings and notes), by stable key, in English
 * ({@code org/dxguard/service/explanations/phrases.properties}) and Chinese ({@code phrases_zh.properties}), both
 * UTF-8 with exactly the same keys: {@link #forLocale} picks the language of a call ({@code zh*}: Chinese, anything
 * else: English). Nothing else may explain a missing explanation to a clinician: no model text, id, number, excerpt
 * or exception message is ever interpolated; a frame's {@code {0}} is filled only with another phrase, and a model
 * frame's {@code {model}} only with the configured model id. Every key of both languages is checked when the class
 * loads (a missing or blank text in either file stops the service from starting). Thread-safe, immutable.
 */
public final class ClinicianPhrases {
    static final String FILE = "org/dxguard/service/explanations/phrases";

    /** The service's own keys (beyond every {@link Reason#key()}). */
    static final Set<String> SERVICE_KEYS = Set.of("explanation.cut", "explanation.not-kept", "card.unavailable",
        "card.pending", "card.pending.no-link", "card.link", "card.sentence", "card.cut", "card.explanation",
        "card.explanation.small", "card.explanation.evidence-only", "card.next", "card.guideline", "card.excerpts-cited",
        "page.title.ready", "page.title.pending", "page.title.unavailable", "page.title.not-found", "page.title.expired",
        "page.title.method", "page.pending", "page.unavailable", "page.not-found", "page.expired", "page.method",
        "page.model", "page.model.small", "page.model.evidence-only", "page.would-confirm", "page.would-exclude",
        "page.next-steps", "page.medications", "page.evidence-cited", "page.excerpts-cited", "page.excerpts-note",
        "excerpt.english-source", "page.medication.start", "page.medication.stop", "page.medication.change",
        "page.medication.continue");

    /** The keys whose text has a {@code {0}}, filled only with another phrase. */
    static final Set<String> FRAME_KEYS = Set.of("card.unavailable", "card.pending", "card.pending.no-link",
        "card.sentence", "card.cut", "page.pending", "page.unavailable");

    /** The keys whose text has a {@code {model}} (the configured model id), and the card's a {@code {cut}}. */
    static final Set<String> MODEL_FRAME_KEYS = Set.of("card.explanation", "card.explanation.small",
        "card.explanation.evidence-only", "page.model", "page.model.small", "page.model.evidence-only");

    /** The languages there are phrases for: the file suffix ("" for English) by BCP 47 language. */
    static final Map<String, String> LANGUAGES = Map.of("en", "", "zh", "_zh");

    private static final ClinicianPhrases ENGLISH = load("en");
    private static final ClinicianPhrases CHINESE = load("zh");

    private final String language;
    private final Map<String, String> texts;

    private ClinicianPhrases(String language, Map<String, String> texts) {
        this.language = language;
        this.texts = texts;
    }

    /** The English phrases (the product's reviewed default). */
    public static ClinicianPhrases english() {
        return ENGLISH;
    }

    /** The phrases of a call's locale: Chinese for any {@code zh} locale, else English (also for null). */
    public static ClinicianPhrases forLocale(Locale locale) {
        return locale != null && "zh".equals(locale.getLanguage()) ? CHINESE : ENGLISH;
    }

    /** These phrases' language code ({@code en}, {@code zh}), as guideline excerpts name their translations. */
    public String language() {
        return language;
    }

    /**
     * A guideline excerpt's title in these phrases' language; without a translation there, the English title labelled
     * as the English source text ({@code excerpt.english-source}), never a made-up translation.
     */
    public String excerptTitle(org.dxguard.model.GuidelineExcerpt x) {
        return x.hasLanguage(language) ? x.title(language) : x.title() + " " + text("excerpt.english-source");
    }

    /** A guideline excerpt's text in these phrases' language, else the English text (labelled by its title). */
    public String excerptText(org.dxguard.model.GuidelineExcerpt x) {
        return x.text(language);
    }

    /** The BCP 47 tag of these phrases' language ({@code en}, {@code zh-CN}: Simplified Chinese), for {@code lang}. */
    public String languageTag() {
        return "zh".equals(language) ? "zh-CN" : language;
    }

    /** The phrases of a language ({@link #LANGUAGES}); fails when a key has no text there, or an unknown key is. */
    static ClinicianPhrases load(String language) {
        String resource = FILE + Objects.requireNonNull(LANGUAGES.get(language), language) + ".properties";
        Properties p = new Properties();
        try (InputStream in = ClinicianPhrases.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new DxGuardException(ServiceErrors.INVALID_CONFIG, "the clinician phrases " + resource
                    + " are not on the class path; rebuild the service");
            }
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new DxGuardException(ServiceErrors.INVALID_CONFIG, "the clinician phrases " + resource
                + " could not be read (" + e.getClass().getSimpleName() + "); rebuild the service");
        }
        Set<String> missing = new TreeSet<>(keys());
        missing.removeIf(k -> p.getProperty(k) != null && !p.getProperty(k).isBlank());
        Set<String> unknown = new TreeSet<>(p.stringPropertyNames());
        unknown.removeAll(keys());
        if (!missing.isEmpty() || !unknown.isEmpty()) {
            throw new DxGuardException(ServiceErrors.INVALID_CONFIG, "the clinician phrases " + resource
                + (missing.isEmpty() ? "" : " lack a text for " + missing)
                + (unknown.isEmpty() ? "" : (missing.isEmpty() ? "" : " and") + " have unknown keys " + unknown)
                + "; every key needs a reviewed text in every language, and only those keys");
        }
        Map<String, String> texts = p.stringPropertyNames().stream()
            .collect(Collectors.toUnmodifiableMap(k -> k, k -> p.getProperty(k).strip()));
        return new ClinicianPhrases(language, texts);
    }

    /** Every key a phrase file must have. */
    static Set<String> keys() {
        Set<String> keys = new LinkedHashSet<>();
        for (Reason r : Reason.values()) {
            keys.add(r.key());
        }
        keys.addAll(List.copyOf(new TreeSet<>(SERVICE_KEYS)));
        return Collections.unmodifiableSet(keys);
    }

    /** The phrase for a reason. */
    public String of(Reason why) {
        return text(Objects.requireNonNull(why, "why").key());
    }

    /** The phrase of a key. */
    public String text(String key) {
        String t = texts.get(key);
        if (t == null) {
            throw new DxGuardException(ServiceErrors.INVALID_CONFIG, "the clinician phrase '" + key + "' does not "
                + "exist; every key needs a reviewed text in " + FILE + ".properties and its translations");
        }
        return t;
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
