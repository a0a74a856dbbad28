package org.dxguard.service.explanations;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ModelTextTest {

    @Test
    void should_keep_only_the_text_when_vetted_model_text_carries_links_and_markup() {
        // given
        String text = "Fever supports it [ev:fever]. See [the guideline](https://evil.example/x) and "
            + "<img src=x onerror=alert(1)><a href=\"http://evil.example\">this</a>\nwww.evil.example/y javascript:void";

        // when
        String clean = ModelText.clean(text);

        // then
        assertThat(clean).isEqualTo("Fever supports it [ev:fever]. See the guideline and this (link removed) "
            + "(link removed)");
    }

    @Test
    void should_escape_what_markdown_would_interpret_when_text_goes_into_a_card() {
        // (the cited evidence id [E1] is an internal id: it stays in the record, never in a clinician's view)
        assertThat(ModelText.markdown("**bold** _it_ `code` # [E1] <b> | ~ [x] !"))
            .isEqualTo("\\*\\*bold\\*\\* \\_it\\_ \\`code\\` \\# \\| \\~ \\[x\\] \\!");
    }
}
