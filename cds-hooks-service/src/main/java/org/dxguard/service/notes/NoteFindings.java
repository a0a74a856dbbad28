package org.dxguard.service.notes;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dxguard.model.Code;
import org.dxguard.model.DxGuardException;
import org.dxguard.model.Finding;
import org.dxguard.model.FindingSource;
import org.dxguard.text.ClinicalText;
import org.dxguard.text.Deidentified;
import org.dxguard.text.Measurement;
import org.dxguard.text.Mention;
import org.dxguard.text.PatientIdentity;
import org.dxguard.text.SectionKind;
import org.dxguard.text.Sentence;
import org.dxguard.text.SourcedFinding;
import org.dxguard.text.Span;
import org.dxguard.text.TextAnalysis;
import org.dxguard.text.Thresholds;

/**
 * Findings read from the texts of the current visit, each with its provenance ({@link FindingSource}: resource,
 * section, character span, and a de-identified quote around the mention), for the differential, the card's citations
 * and the model's prompt.
 *
 * <p>What counts (clinical-text's {@link TextAnalysis#sourcedFindings()}): the patient's own mentions, affirmed →
 * present, negated → absent ("denies chest pain"); historical mentions only for antecedents and diseases (a history
 * of DVT is a risk factor, "cough last year" is no symptom now); family-history mentions never as the patient's (only
 * family-history risk-factor terms); hypothetical and merely possible ones not at all. Measured values in the text
 * become findings by the data thresholds ({@link Thresholds}: fever ≥ 38.0 °C …).
 *
 * <p>De-identification: every quote is cut from the text that clinical-text's
 * {@link ClinicalText#deidentify de-identification} made with this patient's identity (names, identifiers, phones,
 * e-mails, addresses from the Patient resource; name, ID, phone and address patterns; exact dates relative to the
 * text's date), so a quote never carries them; the span indexes the original text, which stays in the record.
 */
public final class NoteFindings {
    /** The longest quote: a sentence up to this many characters, else this window around the mention. */
    static final int MAX_QUOTE = 100;
    private static final Map<SectionKind, String> SECTION_LABELS = new EnumMap<>(SectionKind.class);

    static {
        SECTION_LABELS.put(SectionKind.CHIEF_COMPLAINT, "CC");
        SECTION_LABELS.put(SectionKind.HISTORY_OF_PRESENT_ILLNESS, "HPI");
        SECTION_LABELS.put(SectionKind.PAST_MEDICAL_HISTORY, "PMH");
        SECTION_LABELS.put(SectionKind.PAST_SURGICAL_HISTORY, "PSH");
        SECTION_LABELS.put(SectionKind.FAMILY_HISTORY, "FH");
        SECTION_LABELS.put(SectionKind.SOCIAL_HISTORY, "SH");
        SECTION_LABELS.put(SectionKind.REVIEW_OF_SYSTEMS, "ROS");
        SECTION_LABELS.put(SectionKind.PHYSICAL_EXAM, "exam");
        SECTION_LABELS.put(SectionKind.VITAL_SIGNS, "vitals");
        SECTION_LABELS.put(SectionKind.INVESTIGATIONS, "results");
        SECTION_LABELS.put(SectionKind.MEDICATIONS, "medications");
        SECTION_LABELS.put(SectionKind.ALLERGIES, "allergies");
        SECTION_LABELS.put(SectionKind.ASSESSMENT, "assessment");
        SECTION_LABELS.put(SectionKind.PLAN, "plan");
        SECTION_LABELS.put(SectionKind.DIAGNOSIS, "diagnosis");
        SECTION_LABELS.put(SectionKind.IMPRESSION, "impression");
        SECTION_LABELS.put(SectionKind.INSTRUCTIONS, "instructions");
    }

    private NoteFindings() {}

    /** Findings of the texts, and the count of texts that could not be read by error code. */
    public record Read(List<Finding> findings, int textsRead, Map<String, Integer> unreadable) {
        public Read {
            findings = List.copyOf(findings);
            unreadable = Map.copyOf(unreadable);
        }
    }

    /**
     * @param text     the analyser (the packaged lexicon plus the knowledge graph's vocabulary)
     * @param identity the patient's names and identifiers, for de-identifying the quotes
     * @param asOf     the call's time (the reference date of a text without one)
     */
    public static Read read(ClinicalText text, List<RecordText> texts, PatientIdentity identity, Instant asOf) {
        List<Finding> out = new ArrayList<>();
        Map<String, Integer> unreadable = new LinkedHashMap<>();
        int read = 0;
        for (RecordText t : texts) {
            TextAnalysis a;
            Deidentified d;
            try {
                a = text.analyze(t.text());
                d = text.deidentify(t.text(), identity, day(t.date() != null ? t.date() : asOf));
            } catch (DxGuardException e) {
                unreadable.merge(e.errorCode().code(), 1, Integer::sum);
                continue;
            }
            read++;
            for (SourcedFinding sf : a.sourcedFindings()) {
                Mention m = sf.source();
                out.add(named(sf.finding(), m).withSource(new FindingSource(t.resource(), t.kind(), t.date(),
                    SECTION_LABELS.get(m.section()), m.span().start(), m.span().end(),
                    quote(t.text(), d, sentence(a, m.sentence()), m.span()))));
            }
            for (Thresholds.MeasuredFinding mf : text.measuredFindings(a)) {
                Measurement m = mf.source();
                out.add(mf.finding().withSource(new FindingSource(t.resource(), t.kind(), t.date(),
                    SECTION_LABELS.get(m.section()), m.span().start(), m.span().end(),
                    quote(t.text(), d, m.span(), m.span()))));
            }
        }
        return new Read(out, read, unreadable);
    }

    /**
     * The finding of a mention's own term (not one it implies) named by the term's English label when its code has no
     * display (a packaged SNOMED CT term), so that the prompt reads "orthopnea (SNOMED CT 62744007)".
     */
    static Finding named(Finding f, Mention m) {
        Code c = f.code();
        Code own = m.term().code();
        if (c.display() != null || m.term().labelEn() == null || !c.system().equals(own.system())
            || !c.code().equals(own.code())) {
            return f;
        }
        return f.withCode(new Code(c.system(), c.code(), m.term().labelEn()));
    }

    private static Span sentence(TextAnalysis a, int index) {
        for (Sentence s : a.sentences()) {
            if (s.index() == index) {
                return s.span();
            }
        }
        return null;
    }

    private static LocalDate day(Instant i) {
        return i.atOffset(ZoneOffset.UTC).toLocalDate();
    }

    /**
     * The de-identified words around {@code mention}: its sentence when that is short, else a window of
     * {@link #MAX_QUOTE} characters around the mention cut at word boundaries; every span that de-identification
     * replaced is written as its placeholder; whitespace collapsed.
     */
    static String quote(String original, Deidentified d, Span sentence, Span mention) {
        int start;
        int end;
        if (sentence != null && sentence.length() <= MAX_QUOTE && sentence.contains(mention)) {
            start = sentence.start();
            end = sentence.end();
        } else {
            int room = Math.max(0, MAX_QUOTE - mention.length()) / 2;
            int lo = sentence != null && sentence.contains(mention) ? sentence.start() : 0;
            int hi = sentence != null && sentence.contains(mention) ? sentence.end() : original.length();
            start = Math.max(lo, mention.start() - room);
            end = Math.min(hi, mention.end() + room);
            // not in the middle of a word
            while (start > lo && start < mention.start() && isWordChar(original.charAt(start - 1))
                && isWordChar(original.charAt(start))) {
                start++;
            }
            while (end < hi && end > mention.end() && isWordChar(original.charAt(end - 1))
                && isWordChar(original.charAt(end))) {
                end--;
            }
        }
        StringBuilder q = new StringBuilder();
        int at = start;
        List<Deidentified.Replacement> replaced = new ArrayList<>(d.replacements());
        replaced.sort(java.util.Comparator.comparingInt(r -> r.original().start()));
        for (Deidentified.Replacement r : replaced) {
            Span s = r.original();
            if (s.end() <= start || s.start() >= end) {
                continue;
            }
            if (s.start() > at) {
                q.append(original, at, s.start());
            }
            if (s.start() >= at || q.length() == 0 || !q.toString().endsWith(r.placeholder())) {
                q.append(r.placeholder());
            }
            at = Math.max(at, s.end());
        }
        if (at < end) {
            q.append(original, at, end);
        }
        // whitespace collapsed; no punctuation left over from a cut at the start
        String s = q.toString().replaceAll("\\s+", " ").strip().replaceFirst("^[.,;:，；：。、)\\]\\s]+", "");
        // a quote is shown in Markdown and put in a prompt between quotation marks: no markup, no quotes
        return s.replace('"', '\'').replace('`', '\'');
    }

    /** Part of a token ("72-year-old", "3/52"): anything but white space, except Han text (no word boundaries). */
    private static boolean isWordChar(char c) {
        return !Character.isWhitespace(c) && c < 0x2E80;
    }
}
