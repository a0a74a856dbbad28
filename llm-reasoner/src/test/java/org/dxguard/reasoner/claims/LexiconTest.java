package org.dxguard.reasoner.claims;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LexiconTest {
    private static final Map<String, String> NAMES = new LinkedHashMap<>();

    static {
        NAMES.put("metformin", "metformin");
        NAMES.put("metformin extended release", "metformin");
        NAMES.put("glucophage", "metformin");
        NAMES.put("insulin", "insulin");
        NAMES.put("insulin glargine", "insulin glargine");
        NAMES.put("empagliflozin", "empagliflozin");
        NAMES.put("ace", "ace inhibitor");
        NAMES.put("二甲双胍", "metformin");
        NAMES.put("胰", "insulin");
        NAMES.put("x", "x");
    }

    @Test
    void should_find_what_a_scan_of_every_form_finds_when_forms_are_indexed() {
        // given: overlapping forms, longer first, word boundaries for Latin, Chinese anywhere, one-character forms
        Lexicon lexicon = new Lexicon(NAMES, true);
        List<String> texts = List.of("Start Metformin extended release 500 mg; continue insulin glargine.",
            "metformin,metformin-insulin; acetaminophen is not ace; ACE inhibitor", "二甲双胍0.5g，胰岛素", "x-ray x",
            "empagliflozn (typo) and metfromin", "nothing here", "insulinglargine", "");
        for (String text : texts) {
            // when
            List<Lexicon.Mention> found = lexicon.find(text);
            // then
            assertThat(found).as(text).isEqualTo(scan(NAMES, text, lexicon));
        }
    }

    @Test
    void should_remember_fuzzy_matches_and_start_over_when_the_memory_is_full() {
        // given
        Lexicon lexicon = new Lexicon(NAMES, true);
        // when: a misspelt name (one letter wrong) twice
        String first = lexicon.fuzzyMatch("metfornin");
        String again = lexicon.fuzzyMatch("metfornin");
        // then: the same answer, remembered once
        assertThat(first).isEqualTo("metformin");
        assertThat(again).isEqualTo("metformin");
        assertThat(lexicon.rememberedWords()).isEqualTo(1);

        // when: more distinct words than it keeps
        for (int i = 0; i < Lexicon.MAX_REMEMBERED_WORDS + 5; i++) {
            lexicon.fuzzyMatch("wordnumber" + i);
        }
        // then: bounded, and still right
        assertThat(lexicon.rememberedWords()).isLessThanOrEqualTo(Lexicon.MAX_REMEMBERED_WORDS);
        assertThat(lexicon.fuzzyMatch("empaglifozin")).isEqualTo("empagliflozin");
        assertThat(lexicon.fuzzyMatch("unrelatedword")).isEmpty();
    }

    /** find() as it was before the index: one search per form, longest forms first. */
    private static List<Lexicon.Mention> scan(Map<String, String> names, String text, Lexicon fuzzy) {
        List<String[]> forms = new ArrayList<>();
        names.forEach((s, c) -> forms.add(new String[] {s.toLowerCase(Locale.ROOT), c, s}));
        forms.sort(Comparator.comparingInt((String[] f) -> f[0].length()).reversed().thenComparing(f -> f[0]));
        List<Lexicon.Mention> out = new ArrayList<>();
        String lower = text.toLowerCase(Locale.ROOT);
        boolean[] taken = new boolean[text.length()];
        for (String[] f : forms) {
            boolean latin = !f[2].matches(".*\\p{IsHan}.*");
            for (int at = lower.indexOf(f[0]); at >= 0; at = lower.indexOf(f[0], at + 1)) {
                int end = at + f[0].length();
                boolean boundary = (at == 0 || !Character.isLetterOrDigit(lower.charAt(at - 1)))
                    && (end >= lower.length() || !Character.isLetterOrDigit(lower.charAt(end)));
                if (latin && !boundary) {
                    continue;
                }
                boolean free = true;
                for (int i = at; i < end; i++) {
                    free &= !taken[i];
                }
                if (free) {
                    for (int i = at; i < end; i++) {
                        taken[i] = true;
                    }
                    out.add(new Lexicon.Mention(at, end, text.substring(at, end), f[1]));
                }
            }
        }
        var m = java.util.regex.Pattern.compile("[A-Za-z]{7,}").matcher(text);
        while (m.find()) {
            boolean free = true;
            for (int i = m.start(); i < m.end(); i++) {
                free &= !taken[i];
            }
            if (!free) {
                continue;
            }
            String w = m.group().toLowerCase(Locale.ROOT);
            for (String t : List.of("metformin", "insulin", "empagliflozin")) {
                int allowed = t.length() >= 10 ? 2 : 1;
                if (Math.abs(t.length() - w.length()) <= allowed && Lexicon.distance(w, t, allowed) <= allowed) {
                    for (int i = m.start(); i < m.end(); i++) {
                        taken[i] = true;
                    }
                    out.add(new Lexicon.Mention(m.start(), m.end(), m.group(), t));
                    break;
                }
            }
        }
        out.sort(Comparator.comparingInt(Lexicon.Mention::start));
        return out;
    }
}
