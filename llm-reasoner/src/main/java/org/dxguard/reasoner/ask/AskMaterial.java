package org.dxguard.reasoner.ask;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.dxguard.reasoner.internal.Scrubber;

/**
 * What an answer to a clinician's question is written from, de-identified: the question with identifier-shaped
 * text (names cannot be found by patterns, so the service sends no record text at all; dates, record numbers,
 * URLs, e-mails and phone numbers in the question itself are replaced), the patient's relevant facts by id
 * ({@code F1…}: a label from terminology, a value, and a date relative to now — no identifier, no free text), the
 * guideline rules' findings for the drugs the question names (evaluated as hypothetical new orders), and the
 * retrieved guideline excerpts in the question's language. The model may cite fact ids and excerpt ids only.
 *
 * @param language {@code en} or {@code zh}: the language of the question and of the answer
 */
public record AskMaterial(String question, String language, List<Fact> facts, List<Finding> findings,
                          List<Excerpt> excerpts) {
    /** A fact of the patient's record: {@code id} is {@code F<n>}; {@code when} is relative ("5 days ago"). */
    public record Fact(String id, String label, String value, String when) {
        public Fact {
            Objects.requireNonNull(id, "id");
            label = Scrubber.scrub(Objects.requireNonNull(label, "label"));
            value = value == null ? "" : Scrubber.scrub(value);
            when = when == null ? "" : when;
        }
    }

    /** A guideline rule's finding about a drug the question names, given as a hypothetical new order. */
    public record Finding(String ruleId, String severity, String drug, String summary) {
        public Finding {
            Objects.requireNonNull(ruleId, "ruleId");
            severity = severity == null ? "" : severity;
            drug = drug == null ? "" : drug;
            summary = Scrubber.scrub(Objects.requireNonNull(summary, "summary"));
        }
    }

    /** A guideline excerpt as given to the model, in the question's language. */
    public record Excerpt(String id, String title, String text, String source) {
        public Excerpt {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(title, "title");
            Objects.requireNonNull(text, "text");
            source = source == null ? "" : source;
        }
    }

    public AskMaterial {
        question = Scrubber.scrub(Objects.requireNonNull(question, "question"));
        language = QuestionLanguage.normalise(language) == null ? "en" : QuestionLanguage.normalise(language);
        facts = List.copyOf(facts);
        findings = List.copyOf(findings);
        excerpts = List.copyOf(excerpts);
    }

    /** The ids the answer may cite: the facts' and the excerpts'. */
    public java.util.Set<String> citableIds() {
        java.util.Set<String> ids = new java.util.LinkedHashSet<>();
        facts.forEach(f -> ids.add(f.id()));
        excerpts.forEach(e -> ids.add(e.id()));
        return ids;
    }

    /**
     * A date as the model sees it: relative to {@code asOf}, in the answer's language ("5 days ago", "5天前");
     * {@code unknown} / {@code 日期不详} without one.
     */
    public static String relative(Instant when, Instant asOf, String language) {
        boolean zh = "zh".equals(language);
        if (when == null || asOf == null) {
            return zh ? "日期不详" : "date unknown";
        }
        long days = Duration.between(when, asOf).toDays();
        if (days < 0) {
            return zh ? (-days) + "天后" : "in " + (-days) + " days";
        }
        if (days == 0) {
            return zh ? "今天" : "today";
        }
        if (days < 60) {
            return zh ? days + "天前" : days == 1 ? "1 day ago" : days + " days ago";
        }
        if (days < 730) {
            long m = Math.round(days / 30.44);
            return zh ? "约" + m + "个月前" : "about " + m + " months ago";
        }
        long y = Math.round(days / 365.25);
        return zh ? "约" + y + "年前" : "about " + y + " years ago";
    }
}
