package org.dxguard.reasoner;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.dxguard.model.Candidate;
import org.dxguard.model.PatientFacts;

/**
 * One call's request for an explanation: the hook instance it joins, the (de-identified on rendering) facts, the
 * ranked candidates, how long the caller waits, and the clinician's {@link Locale} — the language the model is asked to
 * answer in and the answer must be written in (issue 20). Build it with {@link #builder(String, PatientFacts)};
 * {@code locale} defaults to none (null: the explainer's configured language, {@code DXGUARD_LLM_LANGUAGE}),
 * {@code budget} to the configured one (null), {@code candidates} to none.
 *
 * <p>The answer language is {@link #answerLanguageOr(String)}: the configured language when no locale is given,
 * {@code zh} for any Chinese locale ({@code zh}, {@code zh-CN},
 * {@code zh-Hans}; a Traditional-script locale such as {@code zh-TW} is answered in Simplified Chinese, the only
 * Chinese the prompts, the parser and the claim extraction read), {@code en} for every other locale (English is the
 * fallback: no other language has a prompt or a claim extractor).
 *
 * @param hookInstance the key the explanation is cached and joined under (the service scopes it per issuer)
 * @param budget       how long the caller waits; null = the configured {@code DXGUARD_LLM_BUDGET}
 * @param locale       the clinician's locale; null = none specified (the caller's EHR names none): the explainer
 *                     answers in its configured language
 */
public record ExplanationRequest(String hookInstance, PatientFacts facts, List<Candidate> candidates, Duration budget,
                                 Locale locale) {
    public ExplanationRequest {
        Objects.requireNonNull(hookInstance, "hookInstance");
        Objects.requireNonNull(facts, "facts");
        candidates = candidates == null ? List.of() : List.copyOf(candidates);
        if (budget != null && (budget.isNegative() || budget.isZero())) {
            throw new IllegalArgumentException("budget must be positive, was " + budget);
        }
    }

    /**
     * {@code zh} or {@code en}: the language the model is asked for and its answer is checked against.
     *
     * @param configured the explainer's configured language, used when the request names no locale
     */
    public String answerLanguageOr(String configured) {
        return locale == null ? configured : answerLanguage(locale);
    }

    /** {@code zh} for a Chinese locale, else {@code en} (see the class comment). */
    public static String answerLanguage(Locale locale) {
        return locale != null && "zh".equals(locale.getLanguage()) ? "zh" : "en";
    }

    public static Builder builder(String hookInstance, PatientFacts facts) {
        return new Builder(hookInstance, facts);
    }

    /** Builder with the defaults: no candidates, the configured budget, no locale (the configured language). */
    public static final class Builder {
        private final String hookInstance;
        private final PatientFacts facts;
        private List<Candidate> candidates = List.of();
        private Duration budget;
        private Locale locale;

        private Builder(String hookInstance, PatientFacts facts) {
            this.hookInstance = hookInstance;
            this.facts = facts;
        }

        public Builder candidates(List<Candidate> v) { this.candidates = v; return this; }
        /** Null = the configured budget. */
        public Builder budget(Duration v) { this.budget = v; return this; }
        /** The clinician's locale (the call's or the EHR's); null = none: the explainer's configured language. */
        public Builder locale(Locale v) { this.locale = v; return this; }

        public ExplanationRequest build() {
            return new ExplanationRequest(hookInstance, facts, candidates, budget, locale);
        }
    }
}
