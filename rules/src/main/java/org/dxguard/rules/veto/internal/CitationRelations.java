package org.dxguard.rules.veto.internal;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether the text a citation is attached to speaks of the cited finding at all (VETO-GRD-007). Lenient on purpose —
 * paraphrase, partial names and word order are fine — but an attached text that shares nothing with the finding is
 * an invented finding behind a real evidence id ("Osteophytes [E1]" for knee pain, "Blood-stained stools
 * [ev:diarrhea]", "眼底检查见视乳头水肿[ev:bilateral]" for a headache).
 *
 * <p>Related: the text names the finding ({@link FindingNames#mentions}), or shares a significant word with one of its
 * names (four letters or more, plural and British spellings folded, compared on the first five letters; laterality,
 * severity and time words and a few generic nouns such as "pain", "stool", "fluid" do not count), or, in Chinese,
 * a pair of consecutive characters. Text with nothing to judge (only numbers, units, qualifiers) is not judged.
 */
public final class CitationRelations {
    private static final Set<String> WEAK = Set.of("left", "right", "both", "bilateral", "acute", "chronic", "mild",
        "moderate", "severe", "sudden", "brief", "recent", "new", "persistent", "intermittent", "constant", "minute",
        "minutes", "hour", "hours", "day", "days", "week", "weeks", "month", "months", "year", "years", "under", "over",
        "above", "below", "pain", "painful", "ache", "aching", "stool", "fluid", "sign", "symptom", "feeling", "problem",
        "discomfort", "level", "count", "test", "blood", "with", "without", "from", "that", "this", "than", "also",
        "which", "when", "there", "these", "those", "into", "onto", "about", "after", "before", "during", "while",
        "since", "until", "history", "present", "patient", "reported", "report", "reports", "noted", "note", "find",
        "finding", "findings", "evidence", "supports", "support", "suggests", "consistent", "typical", "likely",
        "shows", "show", "seen", "visible", "reduced", "increased", "normal", "abnormal", "marked", "markedly", "some",
        "more", "less", "most", "least", "very", "only", "alone", "well", "good", "poor", "high", "low", "raised",
        "elevated", "other", "area", "side", "part", "episode", "episodes", "attack", "attacks");
    private static final Set<String> FILLER = Set.of("of", "the", "a", "an", "and", "or", "in", "on", "with", "to", "for",
        "at", "by", "from", "is", "are");
    private static final Pattern CJK_RUN = Pattern.compile("\\p{IsHan}{2,}");
    private static final Pattern CJK_ONE = Pattern.compile("[^\\p{IsHan}]");
    private static final Pattern CJK_WEAK = Pattern.compile("[左右双侧急慢性轻中重度明显近期可见提示支持伴有出现]");

    private CitationRelations() {}

    /** True when {@code text} has anything to judge: a significant word or two Chinese characters. */
    public static boolean hasContent(String text) {
        if (text == null) {
            return false;
        }
        for (String w : FindingNames.words(text)) {
            if (w.length() >= 3 && w.chars().anyMatch(Character::isLetter) && !WEAK.contains(w)
                && !w.matches("(?i)(mg|mcg|dl|ml|mmol|umol|kg|cel|min|bpm|mmhg)")) {
                return true;
            }
        }
        return CJK_RUN.matcher(CJK_WEAK.matcher(text).replaceAll(" ")).find();
    }

    /** True when {@code text} speaks of {@code cited} (see the class comment). */
    public static boolean related(FindingNames names, String text, FindingNames.Finding cited) {
        if (cited.unnamed() || names.mentions(text, cited)) {
            return true;
        }
        // a Chinese text citing a finding named only in English (or the reverse) cannot be compared: not judged
        String label = cited.label() == null ? "" : cited.label();
        boolean textZh = CJK_RUN.matcher(text).find();
        boolean nameZh = CJK_RUN.matcher(label).find()
            || cited.names().stream().anyMatch(n -> n.stream().anyMatch(w -> CJK_RUN.matcher(w).find()));
        if (textZh != nameZh && (textZh ? !text.matches("(?s).*[A-Za-z]{4,}.*") : true)) {
            return true;
        }
        Set<String> stems = new HashSet<>();
        for (String w : FindingNames.words(text)) {
            if (w.length() >= 4 && !WEAK.contains(w)) {
                stems.add(stem(w));
            }
        }
        Set<String> pairs = pairs(text);
        for (String l : names.synonymPhrases(label)) {
            if (!l.isBlank() && CJK_RUN.matcher(l).find() && text.contains(l)) {
                return true;
            }
            for (String p : pairs(l)) {
                if (pairs.contains(p)) {
                    return true;
                }
            }
            // a short Chinese label ("流涕", "高热"): one character in common is enough ("流鼻涕", "发热")
            String cjk = CJK_ONE.matcher(l).replaceAll("");
            if (!cjk.isEmpty() && cjk.length() <= 3 && cjk.length() == l.replace(" ", "").length()) {
                for (char ch : cjk.toCharArray()) {
                    if (text.indexOf(ch) >= 0 && !CJK_WEAK.matcher(String.valueOf(ch)).find()) {
                        return true;
                    }
                }
            }
        }
        for (String w : FindingNames.words(label)) {
            if (w.length() >= 4 && !WEAK.contains(w) && stems.contains(stem(w))) {
                return true;
            }
        }
        // most of a multi-word name, generic words included ("for more than 10 days" for "Symptoms for more than 10 days")
        Set<String> tokens = new HashSet<>(FindingNames.words(text));
        List<List<String>> all = new java.util.ArrayList<>(cited.names());
        all.add(FindingNames.words(label));
        for (List<String> name : all) {
            List<String> sig = name.stream().filter(w -> !FILLER.contains(w)).toList();
            long matched = sig.stream().filter(tokens::contains).count();
            if (sig.size() >= 2 && matched >= 2 && matched >= 0.6 * sig.size()) {
                return true;
            }
        }
        for (List<String> name : cited.names()) {
            for (String w : name) {
                if (w.length() >= 4 && !WEAK.contains(w) && stems.contains(stem(w))) {
                    return true;
                }
                for (String p : pairs(w)) {
                    if (pairs.contains(p)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** A crude stem: common endings dropped ("urinary", "urine" → "urin"), then at most five letters. */
    private static String stem(String w) {
        String x = w;
        for (String suffix : SUFFIXES) {
            if (x.endsWith(suffix) && x.length() - suffix.length() >= 4) {
                x = x.substring(0, x.length() - suffix.length());
                break;
            }
        }
        return x.length() > 5 ? x.substring(0, 5) : x;
    }

    private static final List<String> SUFFIXES = List.of("ness", "ity", "ary", "ing", "ed", "al", "ic", "ous", "es", "e",
        "y", "s");

    private static Set<String> pairs(String s) {
        Set<String> out = new HashSet<>();
        Matcher m = CJK_RUN.matcher(s == null ? "" : s);
        while (m.find()) {
            String run = m.group();
            for (int i = 0; i + 2 <= run.length(); i++) {
                String p = run.substring(i, i + 2);
                if (!CJK_WEAK.matcher(p).find()) {
                    out.add(p);
                }
            }
        }
        return out;
    }
}
