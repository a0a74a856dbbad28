package org.dxguard.text.internal;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dxguard.text.Duration;
import org.dxguard.text.Experiencer;
import org.dxguard.text.Language;
import org.dxguard.text.Mention;
import org.dxguard.text.Negation;
import org.dxguard.text.Section;
import org.dxguard.text.SectionKind;
import org.dxguard.text.Sentence;
import org.dxguard.text.Span;
import org.dxguard.text.Temporality;
import org.dxguard.text.Term;
import org.dxguard.text.TextAnalysis;
import org.dxguard.text.internal.Triggers.Category;
import org.dxguard.text.internal.Triggers.Direction;
import org.dxguard.text.internal.Triggers.Trigger;

/**
 * The analysis pipeline: tokens → headings/sections → sentences → longest-match mentions and ConText triggers per
 * sentence → scopes → negation, temporality, experiencer per mention; then measurements and medications.
 *
 * <p>Scopes (ConText, Harkema et al. 2009): a forward trigger modifies the terms after it up to the end of the
 * sentence, a terminating phrase of its category, a clause boundary (; everywhere; ，, ： after Chinese) or a window
 * of {@link #WINDOW_WORDS} words / {@link #WINDOW_HAN} Han characters; a backward trigger the terms before it, in
 * the same limits. Negated outranks possible. Sections set defaults: past history → historical, family history →
 * another experiencer.
 */
public final class Analyzer {
    /** Scope of an English negation, possibility or experiencer trigger in words (punctuation not counted). */
    static final int WINDOW_WORDS = 8;
    /** Scope of English historical and hypothetical triggers in words. */
    static final int WINDOW_WORDS_LONG = 30;
    /** Scope of a Chinese trigger in Han characters. */
    static final int WINDOW_HAN = 16;
    private static final Set<String> CLAUSE_ALL = Set.of(";", "；", "。");
    private static final Set<String> CLAUSE_HAN = Set.of("，", ",", ":", "；", ";", "。", "!", "！", "?", "？");

    private final TermIndex lexicon;
    private final Triggers triggers;
    private final Sectionizer sectionizer;

    public Analyzer(TermIndex lexicon, Triggers triggers, Sectionizer sectionizer) {
        this.lexicon = lexicon;
        this.triggers = triggers;
        this.sectionizer = sectionizer;
    }

    private record Found(int from, int to, List<Trigger> triggers, List<Term> terms) {
        Trigger trigger() {
            return triggers == null ? null : triggers.get(0);
        }
    }

    public TextAnalysis analyze(String text, Language language) {
        List<Token> tokens = Tokenizer.tokenize(text);
        List<Sectionizer.Heading> headings = sectionizer.headings(text, tokens);
        List<Section> sections = new ArrayList<>();
        List<Sentence> sentences = new ArrayList<>();
        List<Mention> mentions = new ArrayList<>();
        List<int[]> allSentences = new ArrayList<>();
        List<SectionKind> sentenceSections = new ArrayList<>();
        // regions between headings
        int regionStart = 0;
        SectionKind kind = SectionKind.UNLABELED;
        String headingText = null;
        int headingStart = 0;
        for (int h = 0; h <= headings.size(); h++) {
            int regionEnd = h < headings.size() ? headings.get(h).from() : tokens.size();
            if (regionEnd > regionStart || headingText != null) {
                int spanEnd = regionEnd < tokens.size() ? tokens.get(regionEnd).start() : text.length();
                if (kind != SectionKind.UNLABELED || regionEnd > regionStart) {
                    sections.add(new Section(kind, headingText, new Span(Math.min(headingStart, spanEnd), spanEnd)));
                }
                for (int[] s : SentenceSplitter.split(text, tokens, regionStart, regionEnd)) {
                    allSentences.add(s);
                    sentenceSections.add(kind);
                }
            }
            if (h < headings.size()) {
                Sectionizer.Heading hd = headings.get(h);
                kind = hd.kind();
                headingText = hd.text();
                headingStart = hd.start();
                regionStart = hd.to();
            }
        }
        for (int si = 0; si < allSentences.size(); si++) {
            int[] s = allSentences.get(si);
            SectionKind sk = sentenceSections.get(si);
            Span span = new Span(tokens.get(s[0]).start(), tokens.get(s[1] - 1).end());
            sentences.add(new Sentence(si, span, sk));
            mentions.addAll(sentenceMentions(text, tokens, s[0], s[1], si, sk));
        }
        List<org.dxguard.text.Measurement> measurements = Measurements.find(text, sentences);
        List<org.dxguard.text.MedicationMention> meds = Medications.find(text, mentions, sentences);
        return new TextAnalysis(text, language, sections, sentences, mentions, measurements, meds);
    }

    /** ConText of a given phrase: analysed with a lexicon holding only the phrase. */
    public org.dxguard.text.Context context(String text, String phrase) {
        Term target = new Term("target", org.dxguard.text.TermKind.FINDING,
            List.of(org.dxguard.model.Code.of("urn:dxguard:target", "target")), null, phrase, null, null);
        Analyzer one = new Analyzer(new TermIndex(org.dxguard.text.Lexicon.builder().add(target).build()), triggers,
            sectionizer);
        TextAnalysis a = one.analyze(text, Language.detect(text));
        for (Mention m : a.mentions()) {
            return new org.dxguard.text.Context(true, m.negation(), m.temporality(), m.experiencer(), m.section(),
                m.cues());
        }
        return new org.dxguard.text.Context(false, Negation.AFFIRMED, Temporality.RECENT, Experiencer.PATIENT,
            SectionKind.UNLABELED, List.of());
    }

    /** Mentions of one sentence (tokens {@code [from, to)}) with their ConText. */
    List<Mention> sentenceMentions(String text, List<Token> tokens, int from, int to, int sentence,
                                   SectionKind section) {
        List<Found> found = new ArrayList<>();
        for (int i = from; i < to; ) {
            var tm = triggers.longest(tokens, i, to);
            var lm = lexicon.longest(tokens, i, to);
            int tl = tm == null ? 0 : tm.length();
            int ll = lm == null ? 0 : lm.length();
            if (tl == 0 && ll == 0) {
                i++;
            } else if (tl >= ll) {
                found.add(new Found(tm.from(), tm.to(), tm.values(), null));
                i = tm.to();
            } else {
                found.add(new Found(lm.from(), lm.to(), null, lm.values()));
                i = lm.to();
            }
        }
        coordinate(tokens, found, from, to);
        List<Mention> out = new ArrayList<>();
        List<Duration> durations = Durations.find(text, tokens.get(from).start(), tokens.get(to - 1).end());
        for (int f = 0; f < found.size(); f++) {
            Found m = found.get(f);
            if (m.terms() == null) {
                continue;
            }
            Map<Category, Trigger> hits = new EnumMap<>(Category.class);
            Set<String> cues = new LinkedHashSet<>();
            for (int g = 0; g < found.size(); g++) {
                Found t = found.get(g);
                if (t.triggers() == null) {
                    continue;
                }
                for (Trigger tr : t.triggers()) {
                    if (tr.category() == Category.PSEUDO || tr.category() == Category.TERMINATE) {
                        continue;
                    }
                    if (inScope(tokens, found, g, f, tr)) {
                        hits.putIfAbsent(tr.category(), tr);
                        cues.add(text.substring(tokens.get(t.from()).start(), tokens.get(t.to() - 1).end()));
                    }
                }
            }
            Negation neg = hits.containsKey(Category.NEGATED) ? Negation.NEGATED
                : hits.containsKey(Category.POSSIBLE) ? Negation.POSSIBLE : Negation.AFFIRMED;
            Experiencer exp = hits.containsKey(Category.OTHER) || section.otherExperiencer() ? Experiencer.OTHER
                : Experiencer.PATIENT;
            // someone else's condition is history (family history), unless it is hypothetical
            Temporality temp = hits.containsKey(Category.HYPOTHETICAL) ? Temporality.HYPOTHETICAL
                : hits.containsKey(Category.HISTORICAL) || section.historical() || exp == Experiencer.OTHER
                ? Temporality.HISTORICAL : Temporality.RECENT;
            Span span = new Span(tokens.get(m.from()).start(), tokens.get(m.to() - 1).end());
            Duration d = Durations.nearest(durations, span);
            for (Term term : m.terms()) {
                out.add(new Mention(term, span.of(text), span, section, sentence, neg, temp, exp, List.copyOf(cues), d));
            }
        }
        return out;
    }

    private static final java.util.Set<String> COORDINATORS = java.util.Set.of(",", "and", "or", "、", "和", "及", "与",
        "或", "&", "/", "plus");
    private static final int MAX_CONJUNCT = 4;

    /**
     * Coordination: a term written once for several conjuncts also names the others. Backward, a shared head
     * ("epigastric and lower chest pain", 上腹部、下胸部疼痛: "epigastric" + "pain"); forward, a shared prefix ("pain
     * in the epigastrium and lower chest", "radiating to the back and left arm"). A conjunct counts when the head or
     * prefix with it is a lexicon phrase and its words are not already part of another match.
     */
    private void coordinate(List<Token> tokens, List<Found> found, int from, int to) {
        List<Found> added = new ArrayList<>();
        boolean[] used = new boolean[to - from];
        for (Found f : found) {
            for (int k = f.from(); k < f.to(); k++) {
                used[k - from] = true;
            }
        }
        for (Found f : List.copyOf(found)) {
            if (f.terms() == null || f.to() - f.from() < 2) {
                continue;
            }
            for (int split = 1; split < f.to() - f.from(); split++) {
                List<Token> head = tokens.subList(f.from() + split, f.to());
                List<Token> prefix = tokens.subList(f.from(), f.from() + split);
                // backward: conjuncts before the term share its head
                int end = f.from();
                while (end - 1 > from && COORDINATORS.contains(tokens.get(end - 1).norm())) {
                    Found c = conjunct(tokens, used, from, end - 1 - MAX_CONJUNCT, end - 1, null, head, true);
                    if (c == null) {
                        break;
                    }
                    added.add(c);
                    end = c.from();
                }
                // forward: conjuncts after the term share its prefix
                int start = f.to();
                while (start + 1 < to && COORDINATORS.contains(tokens.get(start).norm())) {
                    Found c = conjunct(tokens, used, from, start + 1, Math.min(to, start + 1 + MAX_CONJUNCT), prefix,
                        null, false);
                    if (c == null) {
                        break;
                    }
                    added.add(c);
                    start = c.to();
                }
            }
        }
        if (!added.isEmpty()) {
            found.addAll(added);
            found.sort(java.util.Comparator.comparingInt(Found::from));
        }
    }

    /** The longest free span in {@code [lo, hi)} next to the coordinator that, with prefix or head, is a phrase. */
    private Found conjunct(List<Token> tokens, boolean[] used, int from, int lo, int hi, List<Token> prefix,
                           List<Token> head, boolean backward) {
        lo = Math.max(lo, from);
        for (int len = hi - lo; len >= 1; len--) {
            int a = backward ? hi - len : lo;
            int b = a + len;
            boolean free = true;
            for (int k = a; k < b; k++) {
                free &= !used[k - from] && !tokens.get(k).isPunct();
            }
            if (!free) {
                continue;
            }
            List<Token> probe = new ArrayList<>();
            if (prefix != null) {
                probe.addAll(prefix);
            }
            probe.addAll(tokens.subList(a, b));
            if (head != null) {
                probe.addAll(head);
            }
            var m = lexicon.longest(probe, 0, probe.size());
            if (m != null && m.length() == probe.size()) {
                for (int k = a; k < b; k++) {
                    used[k - from] = true;
                }
                return new Found(a, b, null, m.values());
            }
        }
        return null;
    }

    /** Whether trigger {@code found[g]} covers mention {@code found[f]}. */
    private static boolean inScope(List<Token> tokens, List<Found> found, int g, int f, Trigger tr) {
        Found t = found.get(g);
        Found m = found.get(f);
        Direction d = tr.direction();
        Category c = tr.category();
        boolean han = tokens.get(t.from()).isHan();
        if (m.from() >= t.to() && d != Direction.BACKWARD) {
            return reaches(tokens, found, t.to(), m.from(), c, han, g, f, true);
        }
        if (m.to() <= t.from() && d != Direction.FORWARD) {
            return reaches(tokens, found, m.to(), t.from(), c, han, f, g, false);
        }
        return false;
    }

    /** No terminator, clause boundary or window end between tokens {@code [a, b)} (found indexes lo..hi between). */
    private static boolean reaches(List<Token> tokens, List<Found> found, int a, int b, Category c, boolean han,
                                   int lo, int hi, boolean forward) {
        int words = 0;
        for (int k = a; k < b; k++) {
            Token tk = tokens.get(k);
            String n = tk.norm();
            if (CLAUSE_ALL.contains(n) || han && CLAUSE_HAN.contains(n)
                || han && n.equals(",") && k > 0 && tokens.get(k - 1).isHan()) {
                return false;
            }
            if (tk.isWord() || tk.isHan()) {
                words++;
            }
        }
        int window = han ? WINDOW_HAN : c == Category.HISTORICAL || c == Category.HYPOTHETICAL ? WINDOW_WORDS_LONG
            : WINDOW_WORDS;
        if (words > window) {
            return false;
        }
        for (int x = lo + 1; x < hi; x++) {
            List<Trigger> trs = found.get(x).triggers();
            if (trs == null) {
                continue;
            }
            for (Trigger tr : trs) {
                if (tr.category() == Category.TERMINATE && tr.terminates().contains(c)) {
                    return false;
                }
            }
        }
        return true;
    }
}
