package org.dxguard.text.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The de-identifier's cheap "may this occur" test must never say no where its detector's pattern finds a match. */
class DeidentifierPrefilterTest {
    // letters whose case folding is not one-to-one: dotted/dotless i, sharp s, Kelvin and Ångström signs, final
    // sigma, ligatures, full-width letters, Han
    private static final List<String> TEXTS = List.of("İstanbul ıi Iİ", "STRASSE straße Straße", "\u212Aelvin kelvin",
        "\u212Bngstr\u00F6m \u00C5ngstr\u00F6m", "ΣΊΣΥΦΟΣ σίσυφος ς", "\uFB01sh ﬁsh FISH", "ＪＯＨＮ ｊｏｈｎ", "张伟 王医生",
        "O'Neil o'neil O\u2019NEIL", "Ǆ ǅ ǆ", "ss SS ß");
    private static final List<String> TOKENS = List.of("i", "İ", "ı", "I", "istanbul", "İSTANBUL", "straße", "STRASSE",
        "ß", "kelvin", "\u212A", "k", "ångström", "\u212B", "σίσυφος", "ΣΊΣΥΦΟΣ", "ς", "σ", "Σ", "fish", "\uFB01", "ｊｏｈｎ",
        "ＪＯＨＮ", "张伟", "医生", "o'neil", "O\u2019neil", "ǅ", "ǆ", "Ǆ", "ss");

    @Test
    void should_find_every_token_the_case_insensitive_unicode_pattern_finds_when_names_are_prefiltered() {
        for (String text : TEXTS) {
            for (String token : TOKENS) {
                // given the detector's own pattern for a literal name
                boolean found = Pattern.compile(Pattern.quote(token), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE)
                    .matcher(text).find();

                // when / then
                if (found) {
                    assertThat(Deidentifier.mayContain(text, token, true)).as(token + " in " + text).isTrue();
                }
            }
        }
    }

    @Test
    void should_find_every_token_the_ascii_case_insensitive_pattern_finds_when_identifiers_are_prefiltered() {
        for (String text : TEXTS) {
            for (String token : TOKENS) {
                // given the pattern of an identifier or "www." (CASE_INSENSITIVE without UNICODE_CASE)
                boolean found = Pattern.compile(Pattern.quote(token), Pattern.CASE_INSENSITIVE).matcher(text).find();

                // when / then
                if (found) {
                    assertThat(Deidentifier.mayContain(text, token, false)).as(token + " in " + text).isTrue();
                }
            }
        }
    }

    @Test
    void should_say_no_when_the_text_cannot_hold_the_token() {
        // given / when / then
        assertThat(Deidentifier.mayContain("Patient reports cough for 3 days.", "smith", true)).isFalse();
        assertThat(Deidentifier.mayContain("Patient reports cough.", "WWW.", false)).isFalse();
        assertThat(Deidentifier.mayContain("Seen by SMITH today", "smith", true)).isTrue();
        assertThat(Deidentifier.mayContain("visit www.example.org", "WWW.", false)).isTrue();
    }
}
