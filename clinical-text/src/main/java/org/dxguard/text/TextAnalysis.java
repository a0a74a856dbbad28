package org.dxguard.text;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.dxguard.model.Code;
import org.dxguard.model.Finding;

/**
 * What {@link ClinicalText#analyze} read from one text: sections, sentences, lexicon mentions with their ConText,
 * measured values and medication statements. Spans index {@link #text()}.
 */
public record TextAnalysis(String text, Language language, List<Section> sections, List<Sentence> sentences,
                           List<Mention> mentions, List<Measurement> measurements,
                           List<MedicationMention> medications) {
    public TextAnalysis {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(language, "language");
        sections = List.copyOf(sections);
        sentences = List.copyOf(sentences);
        mentions = List.copyOf(mentions);
        measurements = List.copyOf(measurements);
        medications = List.copyOf(medications);
    }

    /**
     * Findings for the differential, one per code (the term's primary code), with the mention they come from:
     * <ul>
     *   <li>only the patient's (family history and other people never count, except family-history risk-factor
     *   terms, {@link TermKind#FAMILY_HISTORY}) and not hypothetical ("return if fever") nor merely possible
     *   ("possible pneumonia");</li>
     *   <li>an affirmed mention also gives the findings its term implies (a pain location: pain);</li>
     *   <li>negated → absent finding ("denies chest pain");</li>
     *   <li>historical → counts only for antecedents and diseases (a history of DVT is a risk factor; "cough last
     *   year" is not a symptom now);</li>
     *   <li>drugs, tests and procedures are not findings;</li>
     *   <li>a finding mentioned both present and absent counts as present (the first present mention is cited).</li>
     * </ul>
     */
    public List<SourcedFinding> sourcedFindings() {
        Map<String, SourcedFinding> out = new LinkedHashMap<>();
        for (Mention m : mentions) {
            TermKind k = m.term().kind();
            if (k != TermKind.FINDING && k != TermKind.HISTORY && k != TermKind.DISEASE
                && k != TermKind.FAMILY_HISTORY) {
                continue;
            }
            boolean patients = m.experiencer() == Experiencer.PATIENT || k == TermKind.FAMILY_HISTORY;
            if (!patients || m.temporality() == Temporality.HYPOTHETICAL || m.negation() == Negation.POSSIBLE) {
                continue;
            }
            boolean present = m.negation() == Negation.AFFIRMED;
            if (present && m.temporality() == Temporality.HISTORICAL && k == TermKind.FINDING) {
                continue;
            }
            put(out, m.term().code(), m.term().value(), present, m);
            if (present) {
                for (Code implied : m.term().implies()) {
                    put(out, implied, null, true, m);
                }
            }
        }
        return List.copyOf(out.values());
    }

    private static void put(Map<String, SourcedFinding> out, Code code, String value, boolean present, Mention m) {
        String key = code.system() + "|" + code.code() + (value == null ? "" : "=" + value);
        SourcedFinding prev = out.get(key);
        if (prev == null || !prev.finding().present() && present) {
            out.put(key, new SourcedFinding(new Finding(code, present, value), m));
        }
    }

    /** {@link #sourcedFindings()} without the sources. */
    public List<Finding> findings() {
        List<Finding> out = new ArrayList<>();
        for (SourcedFinding s : sourcedFindings()) {
            out.add(s.finding());
        }
        return out;
    }

    /** The text of a span. */
    public String textOf(Span span) {
        return span.of(text);
    }
}
