package org.dxguard.rules.veto.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.dxguard.model.Code;
import org.dxguard.model.Evidence;

/**
 * Which case findings a piece of text names, for the citation check (VETO-GRD-004).
 *
 * <p>A finding's <em>names</em> are its label, its code's display, its code and evidence id when they read as words
 * ({@code ev:joint-pain} → "joint pain"; {@code E_91} does not), each {@code /}-alternative ("Bloating/Gas" →
 * "bloating", "gas"), and every synonym of the packaged {@code finding-synonyms.csv} group a name belongs to. A
 * question-style label (ends with {@code ?} or has more than six words) is not a name. Text and names are compared
 * as word sequences: lower case, punctuation ignored, plural {@code -s}/{@code -es}/{@code -ies} and British
 * {@code ae}/{@code oe} spellings folded ("Chills" = "chill", "dyspnoea" = "dyspnea").
 *
 * <p>Two strengths, deliberately asymmetric so that doubt never vetoes: the text names <em>another</em> finding only
 * when one of its names occurs as a whole word sequence ({@link #names}); it names the <em>cited</em> finding already
 * when every significant word of one of its names occurs anywhere in it ({@link #mentions}: "pain in the joints"
 * mentions "joint pain"). Findings whose names contain one another ("cough", "chronic cough") are
 * {@link #related} and never count against each other. Immutable and thread-safe.
 */
public final class FindingNames {
    private static final Set<String> STOP = Set.of("of", "the", "a", "an", "and", "or", "in", "on", "with", "to", "for",
        "at", "by", "from", "ev", "is", "are", "has", "have", "any", "some", "his", "her", "their", "patient", "s");
    private static final int MAX_NAME_WORDS = 6;

    /** A case finding as the text check sees it: its evidence id, label and names (word sequences). */
    public record Finding(String id, String label, String identity, List<List<String>> names) {
        public Finding {
            names = List.copyOf(names);
        }

        /** True when nothing in the finding reads as a name (e.g. a DDXPlus question): it can be neither checked nor named. */
        public boolean unnamed() {
            return names.isEmpty();
        }
    }

    private final Map<List<String>, List<List<String>>> synonyms;
    /**
     * {@link #finding(String, String, Code)} by its arguments: a pure function of them and the synonym groups, asked
     * for the same evidence by every claim of every call (the veto's citation checks and record view). Bounded: past
     * {@link #MAX_MEMO} entries it starts over.
     */
    private final Map<List<String>, Finding> memo = new java.util.concurrent.ConcurrentHashMap<>();
    static final int MAX_MEMO = 20_000;

    /** @param groups synonym groups: each a list of phrases that name the same finding */
    public FindingNames(List<List<String>> groups) {
        Map<List<String>, List<List<String>>> m = new LinkedHashMap<>();
        for (List<String> g : groups) {
            List<List<String>> seqs = new ArrayList<>();
            for (String phrase : g) {
                List<String> w = words(phrase);
                if (!w.isEmpty()) {
                    seqs.add(w);
                }
            }
            for (List<String> w : seqs) {
                m.computeIfAbsent(w, k -> new ArrayList<>()).addAll(seqs);
            }
        }
        m.replaceAll((k, v) -> List.copyOf(new LinkedHashSet<>(v)));
        this.synonyms = Map.copyOf(m);
    }

    /** The finding an evidence item stands for. */
    public Finding finding(Evidence e) {
        return finding(e.id(), e.label(), e.finding());
    }

    /**
     * A finding by id (an evidence id, or any stable key for a finding of the patient's record that no candidate
     * cites), label and code.
     */
    public Finding finding(String id, String label, Code code) {
        List<String> key = java.util.Arrays.asList(id, label, code.system(), code.code(), code.display());
        Finding f = memo.get(key);
        if (f == null) {
            f = name(id, label, code);
            if (memo.size() >= MAX_MEMO) {
                memo.clear();
            }
            memo.put(key, f);
        }
        return f;
    }

    private Finding name(String id, String label, Code code) {
        Set<List<String>> names = new LinkedHashSet<>();
        for (String s : new String[] {label, code.display(), code.code(), id}) {
            addName(names, bare(s));
        }
        Set<List<String>> expanded = new LinkedHashSet<>(names);
        for (List<String> n : names) {
            expanded.addAll(synonyms.getOrDefault(n, List.of()));
        }
        // immutable all the way down: the finding is shared by every call that names it
        return new Finding(id, label == null ? code.code() : label, code.system() + "|" + code.code(),
            expanded.stream().map(List::copyOf).toList());
    }

    private static void addName(Set<List<String>> names, String s) {
        if (s == null || s.isBlank() || s.strip().endsWith("?")) {
            return;
        }
        List<String> all = new ArrayList<>();
        all.add(s);
        if (s.contains("/")) {
            for (String alt : s.split("/")) {
                all.add(alt);
            }
        }
        for (String a : all) {
            List<String> w = words(a);
            if (w.size() <= MAX_NAME_WORDS && readable(w)) {
                names.add(w);
            }
        }
    }

    /** An evidence id or code without the {@code ev:} prefix and a {@code =value} suffix. */
    private static String bare(String s) {
        if (s == null) {
            return null;
        }
        String b = s.strip().replaceFirst("(?i)^ev[:_-]", "");
        int eq = b.indexOf('=');
        return eq >= 0 ? b.substring(0, eq) : b;
    }

    /** A name needs a significant word with three letters or more ("E_91", "K" are not names). */
    private static boolean readable(List<String> w) {
        for (String t : w) {
            if (!STOP.contains(t) && t.codePoints().filter(Character::isLetter).count() >= 3) {
                return true;
            }
        }
        return false;
    }

    /**
     * The phrases of the synonym group {@code phrase} belongs to (itself included, as written when it has none),
     * whatever their length — two-character Chinese names included, which are too short to be names here.
     */
    public List<String> synonymPhrases(String phrase) {
        List<String> w = words(phrase);
        List<List<String>> group = synonyms.get(w);
        return group == null ? List.of(phrase == null ? "" : phrase) : group.stream().map(x -> String.join(" ", x)).toList();
    }

    /** True when {@code text} contains one of the finding's names as a whole word sequence. */
    public boolean names(String text, Finding f) {
        return firstName(words(text), f) != null;
    }

    /** True when every significant word of one of the finding's names occurs in {@code text} (any order). */
    public boolean mentions(String text, Finding f) {
        List<String> tw = words(text);
        if (firstName(tw, f) != null) {
            return true;
        }
        Set<String> have = new HashSet<>(tw);
        for (List<String> n : f.names()) {
            List<String> sig = significant(n);
            if (!sig.isEmpty() && have.containsAll(sig)) {
                return true;
            }
        }
        return false;
    }

    /** True when the two findings are one (same id or code), or a name of one contains a name of the other. */
    public boolean related(Finding a, Finding b) {
        if (a.id().equals(b.id()) || a.identity().equals(b.identity())) {
            return true;
        }
        for (List<String> x : a.names()) {
            Set<String> xs = new HashSet<>(significant(x));
            for (List<String> y : b.names()) {
                Set<String> ys = new HashSet<>(significant(y));
                if (!xs.isEmpty() && !ys.isEmpty() && (xs.containsAll(ys) || ys.containsAll(xs))) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The other findings {@code text} names instead of {@code cited}: empty when it mentions the cited finding, or
     * when the cited finding has no name to check against. Related findings are left out.
     */
    public List<Finding> namedInstead(String text, Finding cited, List<Finding> caseFindings) {
        if (cited.unnamed() || text == null || text.isBlank() || mentions(text, cited)) {
            return List.of();
        }
        List<String> tw = words(text);
        List<Finding> out = new ArrayList<>();
        for (Finding f : caseFindings) {
            if (!related(f, cited) && firstName(tw, f) != null && out.stream().noneMatch(o -> o.id().equals(f.id()))) {
                out.add(f);
            }
        }
        return out;
    }

    private static List<String> firstName(List<String> tw, Finding f) {
        for (List<String> n : f.names()) {
            if (significant(n).isEmpty()) {
                continue;
            }
            for (int i = 0; i + n.size() <= tw.size(); i++) {
                if (tw.subList(i, i + n.size()).equals(n)) {
                    return n;
                }
            }
        }
        return null;
    }

    private static List<String> significant(List<String> name) {
        return name.stream().filter(t -> !STOP.contains(t)).toList();
    }

    private static final java.util.regex.Pattern HAN_EDGE = java.util.regex.Pattern.compile(
        "(?<=\\p{IsHan})(?=[\\p{L}\\p{N}&&[^\\p{IsHan}]])|(?<=[\\p{L}\\p{N}&&[^\\p{IsHan}]])(?=\\p{IsHan})");

    /** Lower-case words, punctuation dropped, plurals and British spellings folded; a change to or from Han splits. */
    static List<String> words(String s) {
        List<String> out = new ArrayList<>();
        if (s == null) {
            return out;
        }
        // Chinese glues Latin names and numbers to its characters ("eGFR为25"): a script change is a word boundary
        String spaced = HAN_EDGE.matcher(s.toLowerCase(Locale.ROOT)).replaceAll(" ");
        for (String t : spaced.split("[^\\p{L}\\p{N}]+")) {
            if (!t.isEmpty()) {
                out.add(fold(t));
            }
        }
        return out;
    }

    private static String fold(String t) {
        String w = t.replace("ae", "e").replace("oe", "e");
        if (w.length() > 4 && w.endsWith("ies")) {
            return w.substring(0, w.length() - 3) + "y";
        }
        if (w.length() > 4 && (w.endsWith("ches") || w.endsWith("shes") || w.endsWith("sses") || w.endsWith("xes"))) {
            return w.substring(0, w.length() - 2);
        }
        if (w.length() > 3 && w.endsWith("s") && !w.endsWith("ss") && !w.endsWith("us") && !w.endsWith("is")) {
            return w.substring(0, w.length() - 1);
        }
        return w;
    }
}
