package org.dxguard.reasoner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Locale;
import org.dxguard.reasoner.internal.PromptTemplate;
import org.junit.jupiter.api.Test;

class ExplanationRequestTest {

    @Test
    void should_default_to_the_configured_language_budget_and_no_candidates_when_only_the_hook_and_facts_are_given() {
        // when
        ExplanationRequest r = ExplanationRequest.builder("h1", ReasonerFixtures.dkdPatient()).build();

        // then: no locale given, the explainer's configured language decides
        assertThat(r.locale()).isNull();
        assertThat(r.answerLanguageOr("en")).isEqualTo("en");
        assertThat(r.answerLanguageOr("zh")).isEqualTo("zh");
        assertThat(r.budget()).isNull();
        assertThat(r.candidates()).isEmpty();
    }

    @Test
    void should_answer_in_simplified_chinese_when_the_locale_is_any_chinese_one() {
        // then
        for (String tag : new String[] {"zh", "zh-CN", "zh-Hans-CN", "zh-TW"}) {
            assertThat(ExplanationRequest.answerLanguage(Locale.forLanguageTag(tag))).as(tag).isEqualTo("zh");
        }
        assertThat(ExplanationRequest.answerLanguage(Locale.forLanguageTag("en-GB"))).isEqualTo("en");
        assertThat(ExplanationRequest.answerLanguage(Locale.FRENCH)).isEqualTo("en");
        assertThat(ExplanationRequest.answerLanguage(null)).isEqualTo("en");
    }

    @Test
    void should_refuse_a_request_when_its_budget_is_not_positive() {
        // then
        assertThatThrownBy(() -> ExplanationRequest.builder("h1", ReasonerFixtures.dkdPatient())
            .budget(Duration.ZERO).build()).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("budget");
        assertThatThrownBy(() -> ExplanationRequest.builder(null, ReasonerFixtures.dkdPatient()).build())
            .isInstanceOf(NullPointerException.class);
    }

    @Test
    void should_have_a_chinese_version_of_the_default_prompt_with_the_same_placeholders_but_the_language() {
        // when
        PromptTemplate en = PromptTemplate.load("differential-v2");
        PromptTemplate zh = PromptTemplate.forLanguage("differential-v2", "zh");

        // then
        assertThat(zh.version()).isEqualTo("differential-v2-zh");
        assertThat(zh.placeholders()).containsExactlyInAnyOrderElementsOf(
            en.placeholders().stream().filter(p -> !p.equals("language")).toList());
        assertThat(PromptTemplate.forLanguage("differential-tiny-v1", "zh").version()).isEqualTo("differential-tiny-v1");
        assertThat(PromptTemplate.forLanguage("differential-v2", "en").version()).isEqualTo("differential-v2");
    }
}
