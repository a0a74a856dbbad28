package org.dxguard.reasoner;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.dxguard.reasoner.ExplanationOutcome.Reason;
import org.dxguard.reasoner.ExplanationOutcome.Status;
import org.dxguard.reasoner.ReplayModelServer.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The answer language follows the call's {@link Locale} (issue 20, item 4): the real langchain4j client against a local
 * OpenAI-compatible server standing in for a model that writes Chinese. A {@code zh-CN} request is asked with the
 * Chinese prompt {@code differential-v2-zh}, its Chinese answer is accepted and the outcome records that version; the
 * same answer to an English request (the builder's default) is rejected as the wrong language.
 */
class ChineseLocaleExplainerIT {
    private static final Duration PATIENT = Duration.ofSeconds(20);
    private static final AtomicInteger HOOKS = new AtomicInteger();

    private ReplayModelServer server;
    private Explainer explainer;

    @BeforeEach
    void start() throws Exception {
        server = new ReplayModelServer();
        explainer = Explainers.openAiCompatible(ReasonerConfig.builder().baseUrl(server.baseUrl())
            .model("deepseek-zh").modelId("deepseek-zh-stand-in").maxRetries(0).timeout(Duration.ofSeconds(10))
            .build());
    }

    @AfterEach
    void stop() {
        explainer.close();
        server.close();
    }

    private ExplanationOutcome explain(Locale locale) {
        ExplanationRequest.Builder b = ExplanationRequest.builder("hook-zh-" + HOOKS.incrementAndGet(),
            ReasonerFixtures.dkdPatient()).candidates(ReasonerFixtures.candidates()).budget(PATIENT);
        return explainer.explain(locale == null ? b.build() : b.locale(locale).build());
    }

    @Test
    void should_ask_with_the_chinese_prompt_and_accept_the_chinese_answer_when_the_locale_is_zh_CN() {
        // given a model that answers in Chinese
        server.then(Reply.ok("chinese.json"));

        // when
        ExplanationOutcome o = explain(Locale.forLanguageTag("zh-CN"));

        // then the Chinese prompt was sent, the Chinese answer is the explanation, and the version is recorded
        String prompt = ReplayModelServer.prompt(server.requests().get(0));
        assertThat(prompt).contains("用简体中文书写").contains("只能从以下编号中选择：E1").doesNotContain("Write in");
        assertThat(o.status()).as(o.detail()).isEqualTo(Status.READY);
        assertThat(o.promptVersion()).isEqualTo("differential-v2-zh");
        assertThat(o.explanation().candidates().get(0).rationale()).contains("估算肾小球滤过率为25");
        assertThat(o.explanation().citedEvidenceIds()).contains("ev-egfr-low");
    }

    @Test
    void should_reject_the_chinese_answer_as_the_wrong_language_when_the_request_keeps_the_english_default() {
        // given the same Chinese answer
        server.then(Reply.ok("chinese.json"));

        // when the request names no locale
        ExplanationOutcome o = explain(null);

        // then it was asked in English and the Chinese answer is not shown
        assertThat(ReplayModelServer.prompt(server.requests().get(0))).contains("Write in English");
        assertThat(o.status()).isEqualTo(Status.UNAVAILABLE);
        assertThat(o.why()).isEqualTo(Reason.WRONG_LANGUAGE);
        assertThat(o.promptVersion()).isEqualTo("differential-v2");
        assertThat(o.rawOutput()).contains("糖尿病肾病");
    }

    @Test
    void should_reject_an_english_answer_as_the_wrong_language_when_the_locale_is_chinese() {
        // given a model that ignores the Chinese prompt and answers in English
        server.then(Reply.ok("good.json"));

        // when
        ExplanationOutcome o = explain(Locale.SIMPLIFIED_CHINESE);

        // then
        assertThat(o.status()).isEqualTo(Status.UNAVAILABLE);
        assertThat(o.why()).isEqualTo(Reason.WRONG_LANGUAGE);
        assertThat(o.promptVersion()).isEqualTo("differential-v2-zh");
    }

    @Test
    void should_answer_in_english_when_the_locale_has_no_prompt_of_its_own() {
        // given
        server.then(Reply.ok("good.json"));

        // when a French clinician asks
        ExplanationOutcome o = explain(Locale.FRENCH);

        // then English is the fallback
        assertThat(o.status()).as(o.detail()).isEqualTo(Status.READY);
        assertThat(o.promptVersion()).isEqualTo("differential-v2");
    }
}
