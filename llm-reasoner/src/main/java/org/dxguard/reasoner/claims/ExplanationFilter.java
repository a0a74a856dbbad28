package org.dxguard.reasoner.claims;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dxguard.model.ClaimVerdict;
import org.dxguard.model.Veto;
import org.dxguard.reasoner.CandidateExplanation;
import org.dxguard.reasoner.Explanation;
import org.dxguard.reasoner.MedicationSuggestion;

/**
 * Removes every vetoed claim from an explanation: the sentence of a free-text field, the list item, the medication
 * (also for a vetoed sentence in its drug, unit or frequency) or (for a vetoed diagnosis, or a vetoed sentence in the
 * diagnosis field) the whole candidate. What remains is shown only when it is still coherent: at least
 * one candidate with a rationale sentence and a cited evidence id that were not removed. Otherwise the explanation is
 * withheld with "AI explanation withheld: conflicts with RULE (guideline)". No retry: a veto is final for this output.
 */
public final class ExplanationFilter {
    private static final Pattern FIELD = Pattern.compile("^candidates\\[(\\d+)]\\.(\\w+)(?:\\[(\\d+)])?(?:#s(\\d+))?$");
    /** A sentence of a candidate's diagnosis, or of a medication's drug, unit or frequency: cuts the whole part. */
    private static final Pattern WHOLE = Pattern.compile(
        "^(candidates\\[\\d+]\\.diagnosis|candidates\\[\\d+]\\.medications\\[\\d+])(?:\\.\\w+)?#s\\d+$");

    private ExplanationFilter() {}

    public static FilteredExplanation apply(Explanation e, List<ClaimVerdict> verdicts) {
        Set<String> cut = vetoedFields(verdicts);
        if (cut.isEmpty()) {
            return new FilteredExplanation(Optional.of(e), Optional.empty(), null, List.of());
        }
        String reason = reason(verdicts);
        List<CandidateExplanation> kept = new ArrayList<>();
        for (int i = 0; i < e.candidates().size(); i++) {
            CandidateExplanation c = e.candidates().get(i);
            String p = "candidates[" + i + "]";
            if (cut.contains(p + ".diagnosis")) {
                continue;
            }
            String rationale = keepSentences(c.rationale(), p + ".rationale", cut);
            List<String> ids = keepItems(c.citedEvidenceIds(), p + ".citedEvidenceIds", cut);
            List<MedicationSuggestion> meds = new ArrayList<>();
            for (int j = 0; j < c.medications().size(); j++) {
                if (!cut.contains(p + ".medications[" + j + "]")) {
                    meds.add(c.medications().get(j));
                }
            }
            if (rationale.isBlank() || ids.isEmpty()) {
                continue;
            }
            kept.add(new CandidateExplanation(c.diagnosis(), rationale, ids, keepItems(c.wouldConfirm(), p + ".wouldConfirm", cut),
                keepItems(c.wouldExclude(), p + ".wouldExclude", cut), keepItems(c.nextSteps(), p + ".nextSteps", cut), meds,
                keepItems(c.guidelineExcerptIds(), p + ".guidelineExcerptIds", cut)));
        }
        if (kept.isEmpty()) {
            return new FilteredExplanation(Optional.empty(), Optional.empty(), reason, List.copyOf(cut));
        }
        return new FilteredExplanation(Optional.of(new Explanation(kept, keepSentences(e.summary(), "summary", cut))),
            Optional.empty(), null, List.copyOf(cut));
    }

    /** Plain-text answers: vetoed sentences are removed; withheld when nothing is left. */
    public static FilteredExplanation applyText(String text, List<ClaimVerdict> verdicts) {
        Set<String> cut = vetoedFields(verdicts);
        String kept = keepSentences(text, "text", cut);
        if (kept.isBlank()) {
            return new FilteredExplanation(Optional.empty(), Optional.empty(), reason(verdicts), List.copyOf(cut));
        }
        return new FilteredExplanation(Optional.empty(), Optional.of(kept), null, List.copyOf(cut));
    }

    private static Set<String> vetoedFields(List<ClaimVerdict> verdicts) {
        Set<String> cut = new LinkedHashSet<>();
        for (ClaimVerdict v : verdicts) {
            if (!v.allowed()) {
                String f = v.claim().field();
                cut.add(f);
                Matcher m = FIELD.matcher(f);
                if (m.matches() && m.group(3) != null && m.group(4) != null) {
                    cut.add("candidates[" + m.group(1) + "]." + m.group(2) + "[" + m.group(3) + "]");
                }
                Matcher w = WHOLE.matcher(f);
                if (w.matches()) {
                    cut.add(w.group(1));
                }
            }
        }
        return cut;
    }

    private static String reason(List<ClaimVerdict> verdicts) {
        Veto first = verdicts.stream().flatMap(v -> v.vetoes().stream())
            .sorted(java.util.Comparator.comparing(Veto::severity).reversed()).findFirst().orElse(null);
        return first == null ? "AI explanation withheld"
            : "AI explanation withheld: conflicts with " + first.ruleId() + " (" + first.guidelineId() + ")";
    }

    private static String keepSentences(String text, String field, Set<String> cut) {
        List<String> s = Sentences.split(text);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.size(); i++) {
            if (!cut.contains(field + "#s" + i)) {
                b.append(b.length() == 0 ? "" : " ").append(s.get(i));
            }
        }
        return b.toString();
    }

    private static List<String> keepItems(List<String> items, String field, Set<String> cut) {
        List<String> out = new ArrayList<>();
        for (int k = 0; k < items.size(); k++) {
            String f = field + "[" + k + "]";
            if (!cut.contains(f)) {
                out.add(items.get(k));
            }
        }
        return out;
    }
}
