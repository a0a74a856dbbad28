package org.dxguard.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dxguard.model.Code;
import org.dxguard.model.Finding;
import org.junit.jupiter.api.Test;

class FindingExtractorTest {
    private static final Code CHEST_PAIN = Code.of("urn:test", "chest-pain");
    private static final Code FEVER = Code.of("urn:test", "fever");
    private static final Code COUGH = Code.of("urn:test", "cough");
    private static final Code PAIN = Code.of("urn:test", "pain");

    private final FindingExtractor extractor = new FindingExtractor(dictionary());

    private static Map<String, Code> dictionary() {
        Map<String, Code> d = new LinkedHashMap<>();
        d.put("chest pain", CHEST_PAIN);
        d.put("Fever", FEVER);
        d.put("febrile", FEVER);
        d.put("cough", COUGH);
        d.put("pain", PAIN);
        return d;
    }

    @Test
    void should_mark_finding_absent_when_patient_denies_it() {
        // when
        List<Finding> f = extractor.fromText("Patient denies chest pain.");

        // then
        assertThat(f).containsExactly(Finding.absent(CHEST_PAIN));
    }

    @Test
    void should_prefer_longest_phrase_when_phrases_overlap() {
        // when
        List<Finding> f = extractor.fromText("Sharp CHEST PAIN since this morning");

        // then
        assertThat(f).containsExactly(Finding.present(CHEST_PAIN));
    }

    @Test
    void should_negate_every_item_of_a_list_when_cue_precedes_it() {
        // when
        List<Finding> f = extractor.fromText("No fever, cough or chest pain");

        // then
        assertThat(f).containsExactly(Finding.absent(FEVER), Finding.absent(COUGH), Finding.absent(CHEST_PAIN));
    }

    @Test
    void should_end_negation_when_clause_changes() {
        // when
        List<Finding> f = extractor.fromText("Denies fever but reports a dry cough.");

        // then
        assertThat(f).containsExactly(Finding.absent(FEVER), Finding.present(COUGH));
    }

    @Test
    void should_negate_preceding_finding_when_post_cue_follows() {
        // when
        List<Finding> f = extractor.fromText("Fever ruled out. Cough present.");

        // then
        assertThat(f).containsExactly(Finding.absent(FEVER), Finding.present(COUGH));
    }

    @Test
    void should_count_finding_present_when_mentioned_both_ways() {
        // when
        List<Finding> f = extractor.fromText("No fever yesterday. Febrile today.");

        // then
        assertThat(f).containsExactly(Finding.present(FEVER));
    }

    @Test
    void should_return_nothing_when_text_names_no_known_finding() {
        // when / then
        assertThat(extractor.fromText("Routine follow-up visit")).isEmpty();
        assertThat(extractor.fromText("   ")).isEmpty();
        assertThat(extractor.fromText(null)).isEmpty();
    }

    @Test
    void should_match_whole_words_only_when_phrase_is_inside_another_word() {
        // when
        List<Finding> f = extractor.fromText("painless swelling, coughed once");

        // then
        assertThat(f).isEmpty();
    }
}
