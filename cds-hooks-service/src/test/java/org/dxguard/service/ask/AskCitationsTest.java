package org.dxguard.service.ask;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.dxguard.model.GuidelineExcerpt;
import org.junit.jupiter.api.Test;

/**
 * Ask's JSON citations say what its Markdown answer says (issue 20): an excerpt without a version in the answer's
 * language is cited with its English title labelled as the English source text, and {@code language} "en".
 */
class AskCitationsTest {
    private static final GuidelineExcerpt BILINGUAL = new GuidelineExcerpt("ADA-EXC-006", "ada-diabetes",
        "Starting and titrating basal insulin", "Start basal insulin at 10 units a day.", "ADA 2025 9.22", null,
        Map.of("zh", new GuidelineExcerpt.Localized("基础胰岛素的起始与调整", "基础胰岛素起始剂量为每日10单位。")));
    private static final GuidelineExcerpt ENGLISH_ONLY = new GuidelineExcerpt("LOCAL-EXC-001", "local",
        "Hospital insulin protocol", "Check capillary glucose before meals.", "Local protocol 2026", null);

    private static AskDecision decision(String language) {
        return new AskDecision("d-1", "question", language, null, List.of(), List.of(), null, List.of(),
            List.of(BILINGUAL, ENGLISH_ONLY), null, List.of());
    }

    @Test
    void should_label_the_json_title_like_the_markdown_when_an_excerpt_has_no_chinese_version() {
        // given a Chinese answer citing one bilingual and one English-only excerpt
        AskDecision d = decision("zh");

        // when
        List<AskAnswer.Citation> citations = AnswerWriter.citations(d);
        String md = AnswerWriter.evidenceOnly(d, List.of());

        // then the English-only excerpt's title carries the label, and says its language
        assertThat(citations).extracting(AskAnswer.Citation::title).containsExactly("基础胰岛素的起始与调整",
            "Hospital insulin protocol （英文原文：该摘录暂无中文版本）");
        assertThat(citations).extracting(AskAnswer.Citation::language).containsExactly("zh", "en");
        // and the Markdown answer shows the same titles
        citations.forEach(c -> assertThat(md).contains("[" + c.id() + "] **" + AnswerWriter.escape(c.title()) + "**"));
    }

    @Test
    void should_cite_every_excerpt_in_english_unlabelled_when_the_answer_is_english() {
        // when
        List<AskAnswer.Citation> citations = AnswerWriter.citations(decision("en"));

        // then
        assertThat(citations).extracting(AskAnswer.Citation::title).containsExactly(
            "Starting and titrating basal insulin", "Hospital insulin protocol");
        assertThat(citations).extracting(AskAnswer.Citation::language).containsExactly("en", "en");
    }
}
