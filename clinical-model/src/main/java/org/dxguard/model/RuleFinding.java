package org.dxguard.model;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What one guideline rule concluded for one patient. {@code summary} is the clinician-facing one-liner (&lt; 140
 * characters); {@code detail} may be longer (Markdown). {@code triggeredBy} lists the facts that made it fire
 * (e.g. {@code "Observation/egfr-1: eGFR 25 mL/min/{1.73_m2}"}); {@code action} is null when there is nothing
 * concrete to suggest. {@code needsClinicalReview} marks rules encoded from secondary sources.
 * {@code summary}, {@code detail} and the action's label are the English texts (audit, veto, logs); {@code
 * translations} holds the same texts in the other languages the rule's messages have, by BCP 47 tag
 * ({@code "zh-CN"}); {@link #in(Locale)} picks one for a card.
 */
public record RuleFinding(String ruleId, String ruleVersion, String guidelineId, String citation, String citationUrl,
                          Severity severity, String summary, String detail, List<String> triggeredBy,
                          SuggestedAction action, boolean needsClinicalReview,
                          Map<String, LocalizedText> translations) {
    public static final int MAX_SUMMARY = 139;

    public RuleFinding {
        Checks.requireText(ruleId, "ruleId");
        Checks.requireText(ruleVersion, "ruleVersion");
        Checks.requireText(guidelineId, "guidelineId");
        Checks.requireText(citation, "citation");
        Objects.requireNonNull(severity, "severity must not be null");
        Checks.requireText(summary, "summary");
        if (summary.length() > MAX_SUMMARY) {
            throw new IllegalArgumentException("summary of rule " + ruleId + " is " + summary.length()
                + " characters; CDS Hooks requires fewer than 140");
        }
        citationUrl = Checks.blankToNull(citationUrl);
        detail = Checks.blankToNull(detail);
        triggeredBy = Checks.copy(triggeredBy);
        translations = translations == null ? Map.of() : Map.copyOf(translations);
    }

    /** A finding with English texts only. */
    public RuleFinding(String ruleId, String ruleVersion, String guidelineId, String citation, String citationUrl,
                       Severity severity, String summary, String detail, List<String> triggeredBy,
                       SuggestedAction action, boolean needsClinicalReview) {
        this(ruleId, ruleVersion, guidelineId, citation, citationUrl, severity, summary, detail, triggeredBy, action,
            needsClinicalReview, Map.of());
    }

    /**
     * This finding with its texts in {@code locale}: the translation for the full tag ({@code zh-CN}), else for the
     * language alone ({@code zh}), else this finding unchanged (English). The action keeps its kind, target and code;
     * only its label changes.
     */
    public RuleFinding in(Locale locale) {
        LocalizedText t = translation(locale);
        if (t == null) {
            return this;
        }
        SuggestedAction a = action == null || t.actionLabel() == null ? action
            : new SuggestedAction(action.kind(), t.actionLabel(), action.targetMedicationId(), action.newDose(),
                action.orderCode());
        return new RuleFinding(ruleId, ruleVersion, guidelineId, citation, citationUrl, severity, t.summary(),
            t.detail(), triggeredBy, a, needsClinicalReview, translations);
    }

    /**
     * The "Based on" lines for a card in {@code locale}: the translation's lines (rendered from the facts' structured
     * parts in that language, see {@link LocalizedText#basedOn}) when it has them, else {@link #triggeredBy} (English,
     * as recorded in the decision record).
     */
    public List<String> basedOn(Locale locale) {
        LocalizedText t = translation(locale);
        return t == null || t.basedOn().isEmpty() ? triggeredBy : t.basedOn();
    }

    /** The translation for the full tag, else the language alone, else another tag of the language; null if none. */
    private LocalizedText translation(Locale locale) {
        if (locale == null || translations.isEmpty()) {
            return null;
        }
        LocalizedText t = translations.get(locale.toLanguageTag());
        if (t == null) {
            t = translations.get(locale.getLanguage());
        }
        if (t == null) {
            for (Map.Entry<String, LocalizedText> e : translations.entrySet()) {
                if (Locale.forLanguageTag(e.getKey()).getLanguage().equals(locale.getLanguage())) {
                    t = e.getValue();
                    break;
                }
            }
        }
        return t;
    }
}
