package org.dxguard.rules.veto;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.dxguard.rules.veto.internal.Citations;
import org.junit.jupiter.api.Test;

/** The attachment scope of a citation (internal.Citations). */
class CitationsTest {
    @Test
    void should_attach_a_whole_list_to_each_citation_when_the_citations_follow_the_list() {
        // given
        String s = "fever, cough and chills [ev:fever][ev:cough], [ev:chills].";
        // when / then
        assertThat(Citations.attachedTexts(s, "ev:fever")).containsExactly("fever, cough and chills");
        assertThat(Citations.attachedTexts(s, "ev:chills")).containsExactly("fever, cough and chills");
    }

    @Test
    void should_attach_the_text_since_the_previous_citation_or_colon_when_citations_are_interleaved() {
        // given
        String s = "Candidate ranked 1 (score 0.8): Fever [ev:fever], Chills [ev:arthralgia] and Cough [ev:cough] support it.";
        // when / then
        assertThat(Citations.attachedTexts(s, "ev:fever")).containsExactly("Fever");
        assertThat(Citations.attachedTexts(s, "ev:arthralgia")).containsExactly("Chills");
        assertThat(Citations.attachedTexts(s, "ev:cough")).containsExactly("and Cough");
    }

    @Test
    void should_return_every_occurrence_when_an_id_is_cited_twice() {
        // when
        List<String> texts = Citations.attachedTexts("Fever [ev:fever] and chills 【ev:fever】", "ev:fever");
        // then
        assertThat(texts).containsExactly("Fever", "and chills");
    }

    @Test
    void should_return_nothing_when_the_id_is_not_cited_in_brackets() {
        // when / then
        assertThat(Citations.attachedTexts("ev:fever", "ev:fever")).isEmpty();
        assertThat(Citations.attachedTexts("Fever [ev:feverish]", "ev:fever")).isEmpty();
        assertThat(Citations.attachedTexts("[ev:fever] Fever", "ev:fever")).containsExactly("");
    }
}
