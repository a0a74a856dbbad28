package org.dxguard.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.dxguard.model.Code;
import org.dxguard.model.DxGuardException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LexiconTest {
    @Test
    void should_match_spelling_variants_abbreviations_and_plurals_when_the_packaged_lexicon_is_used() {
        // given
        ClinicalText text = ClinicalText.withPackagedLexicon();

        // when / then
        assertThat(text.analyze("Dyspnoea and diarrhoea.").findings()).extracting(f -> f.code().code())
            .contains("267036007", "62315008");
        assertThat(text.analyze("c/o SOB and fevers").findings()).extracting(f -> f.code().code())
            .contains("267036007", "386661006");
        assertThat(text.analyze("Light-headed since noon.").findings()).extracting(f -> f.code().code())
            .contains("404640003");
        assertThat(text.analyze("pain in the abdomen").findings()).extracting(f -> f.code().code())
            .contains("21522001");
    }

    @Test
    void should_replace_a_term_when_one_with_the_same_id_is_added_at_run_time() {
        // given
        Term a = Term.builder("x", TermKind.FINDING).code(Code.snomed("1")).en("alpha").build();
        Term b = Term.builder("x", TermKind.FINDING).code(Code.snomed("2")).en("beta").build();

        // when
        Lexicon l = Lexicon.builder().add(a).add(b).build();

        // then
        assertThat(l.size()).isEqualTo(1);
        assertThat(l.term("x").code().code()).isEqualTo("2");
    }

    @Test
    void should_load_terms_when_a_lexicon_file_is_given(@TempDir Path tmp) throws Exception {
        // given
        Path f = tmp.resolve("site.tsv");
        Files.writeString(f, "# site terms\nsite:1\tFINDING\tsnomed:3424008 urn:site|tachy\t\ttachycardia|fast pulse"
            + "\t心动过速\tsite\n");

        // when
        Lexicon l = Lexicon.builder().load(f).build();

        // then
        assertThat(l.term("site:1").codes()).containsExactly(Code.snomed("3424008"), Code.of("urn:site", "tachy"));
        assertThat(ClinicalText.builder().lexicon(l).build().analyze("有心动过速").findings()).hasSize(1);
    }

    @Test
    void should_reject_a_malformed_term_when_it_is_added() {
        assertThatThrownBy(() -> Term.builder("x", TermKind.FINDING).en("alpha").build())
            .isInstanceOf(DxGuardException.class).hasMessageStartingWith("DXG-0804");
        assertThatThrownBy(() -> Lexicon.builder().load(Path.of("/nonexistent/lexicon.tsv")))
            .isInstanceOf(DxGuardException.class).hasMessageStartingWith("DXG-0803");
    }
}
