package org.dxguard.service.explanations;

import java.util.List;
import java.util.regex.Pattern;
import org.dxguard.reasoner.CandidateExplanation;
import org.dxguard.reasoner.Explanation;
import org.dxguard.reasoner.MedicationSuggestion;

/**
 * Model text that passed the veto is still only text: links are not claims the veto can check, and markup would
 * let a model shape the card. Before vetted text is shown, {@link #clean} turns Markdown links and images into their
 * text, removes HTML tags, replaces every URL by "(link removed)" and joins lines; {@link #markdown} escapes what
 * Markdown or HTML would still interpret in a card's detail.
 */
public final class ModelText {
    static final String LINK_REMOVED = "(link removed)";
    private static final Pattern URL = Pattern.compile(
        "(?i)(?:\\b(?:https?|ftp|file|javascript|data|vbscript|mailto):|\\bwww\\.)[^\\s<>\"'\\])}]*");
    private static final Pattern LINES = Pattern.compile("[\\r\\n\\u2028\\u2029\\t]+");
    private static final Pattern MD_LINK = Pattern.compile("!?\\[([^\\]\\n]*)]\\(([^)\\n]*)\\)");
    private static final Pattern HTML_TAG = Pattern.compile("<\\s*/?\\s*[A-Za-z!][^<>]*>");
    private static final Pattern MARKDOWN = Pattern.compile("([\\\\`*_\\[\\]<>#|~!&])");

    /** Internal evidence ids ({@code ev:…}) and their prompt aliases ({@code E12}) in brackets, as cited in text. */
    private static final Pattern IDS = Pattern.compile(
        "\\s*[\\[(](?:\\s*(?:ev:[^\\])\\s,;]+|E\\d{1,3})\\s*[,;]?)+[\\])]|\\s*\\bev:[A-Za-z0-9_=.:|-]+");

    private ModelText() {}

    /**
     * Text without the internal evidence ids a model or the evidence-only explainer cites ("fever [ev:fever]" →
     * "fever"): ids stay in the decision record and the prompt, never in a clinician's view.
     */
    static String withoutIds(String s) {
        return s == null ? null : IDS.matcher(s).replaceAll("");
    }

    /** One line of text without links. */
    public static String clean(String s) {
        if (s == null) {
            return null;
        }
        String text = MD_LINK.matcher(s).replaceAll(m -> java.util.regex.Matcher.quoteReplacement(m.group(1)));
        text = HTML_TAG.matcher(text).replaceAll(" ");
        return LINES.matcher(URL.matcher(text).replaceAll(LINK_REMOVED)).replaceAll(" ").replaceAll(" {2,}", " ")
            .strip();
    }

    /** Escaped for Markdown (every punctuation Markdown or inline HTML could interpret is backslash-escaped). */
    public static String markdown(String s) {
        return s == null ? "" : MARKDOWN.matcher(clean(withoutIds(s))).replaceAll("\\\\$1");
    }

    /** Every text of a vetted explanation, {@link #clean}ed. */
    static Explanation clean(Explanation e) {
        List<CandidateExplanation> out = e.candidates().stream().map(c -> new CandidateExplanation(clean(c.diagnosis()),
            clean(c.rationale()), c.citedEvidenceIds().stream().map(ModelText::clean).toList(), clean(c.wouldConfirm()),
            clean(c.wouldExclude()), clean(c.nextSteps()), c.medications().stream().map(ModelText::clean).toList(),
            c.guidelineExcerptIds())).toList();
        return new Explanation(out, clean(e.summary()));
    }

    private static List<String> clean(List<String> items) {
        return items.stream().map(ModelText::clean).toList();
    }

    private static MedicationSuggestion clean(MedicationSuggestion m) {
        return new MedicationSuggestion(clean(m.drug()), m.doseAmount(), clean(m.doseUnit()), clean(m.frequency()),
            m.action());
    }
}
