package org.dxguard.guidelines;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Locale;
import org.dxguard.guidelines.internal.Loader;
import org.dxguard.model.PatientFacts;
import org.dxguard.model.RuleFinding;
import org.dxguard.rules.GuidelineEngine;
import org.dxguard.rules.RuleEvaluation;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A call's rules are formatted in the call's language only (issue 21): the same findings, English texts and card in
 * that language as when every language is formatted, without the translations nobody reads.
 */
class LocaleEvaluationTest {
    @TempDir
    Path tmp;

    private Path dir;
    /** A patient for whom the package's rule fires (its scenario "... 80"). */
    private PatientFacts facts;

    @BeforeEach
    void packageDeclaringEnglishAndChinese() {
        dir = Fixtures.copy("mini-zh", tmp.resolve("g"));
        facts = Loader.load(dir, false).packages().get(0).scenarios().stream().filter(s -> s.name().endsWith("80"))
            .findFirst().orElseThrow().given();
    }

    @Test
    void should_format_no_translation_when_the_call_is_in_english() {
        // given a package declaring en and zh-CN (set up before each test), served by the repository
        try (GuidelineRepository repo = GuidelineRepository.fromDirectory(dir, false)) {
            GuidelineEngine engine = repo.engine();
            // when
            RuleEvaluation all = engine.evaluate(facts);
            RuleEvaluation en = engine.evaluate(facts, Locale.ENGLISH);
            // then the same finding with the same English texts, and no translation
            RuleFinding full = all.findings().get(0);
            RuleFinding english = en.findings().get(0);
            assertThat(full.translations()).containsOnlyKeys("zh-CN");
            assertThat(english.translations()).isEmpty();
            assertThat(withoutTranslations(english)).isEqualTo(withoutTranslations(full));
            assertThat(english.in(Locale.ENGLISH)).isEqualTo(english);
            assertThat(en.fired()).isEqualTo(all.fired());
            assertThat(en.notes()).isEqualTo(all.notes());
        }
    }

    @Test
    void should_format_only_the_calls_language_when_the_call_is_in_chinese() {
        // given the package (set up before each test)
        try (GuidelineRepository repo = GuidelineRepository.fromDirectory(dir, false)) {
            GuidelineEngine engine = repo.engine();
            // when a Chinese call is evaluated (zh-CN, and the language alone)
            RuleFinding full = engine.evaluate(facts).findings().get(0);
            RuleFinding zhCn = engine.evaluate(facts, Locale.SIMPLIFIED_CHINESE).findings().get(0);
            RuleFinding zh = engine.evaluate(facts, Locale.CHINESE).findings().get(0);
            // then its card is the one the full evaluation gives, in Chinese
            assertThat(zhCn.translations()).containsOnlyKeys("zh-CN");
            assertThat(zhCn.in(Locale.SIMPLIFIED_CHINESE)).isEqualTo(full.in(Locale.SIMPLIFIED_CHINESE));
            assertThat(zhCn.in(Locale.SIMPLIFIED_CHINESE).summary()).isEqualTo("80岁患者避免使用格列本脲");
            assertThat(zh.in(Locale.CHINESE)).isEqualTo(full.in(Locale.CHINESE));
            assertThat(withoutTranslations(zhCn)).isEqualTo(withoutTranslations(full));
        }
    }

    @Test
    void should_format_no_translation_when_the_call_is_in_a_language_no_message_has() {
        // given the package (set up before each test)
        try (GuidelineRepository repo = GuidelineRepository.fromDirectory(dir, false)) {
            // when
            RuleFinding full = repo.engine().evaluate(facts).findings().get(0);
            RuleFinding french = repo.engine().evaluate(facts, Locale.FRENCH).findings().get(0);
            // then the card falls back to English, as it did with every translation present
            assertThat(french.translations()).isEmpty();
            assertThat(withoutTranslations(french.in(Locale.FRENCH)))
                .isEqualTo(withoutTranslations(full.in(Locale.FRENCH)));
        }
    }

    private static RuleFinding withoutTranslations(RuleFinding f) {
        return new RuleFinding(f.ruleId(), f.ruleVersion(), f.guidelineId(), f.citation(), f.citationUrl(),
            f.severity(), f.summary(), f.detail(), f.triggeredBy(), f.action(), f.needsClinicalReview());
    }
}
