package org.dxguard.guidelines;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.dxguard.guidelines.internal.Loader;
import org.dxguard.guidelines.internal.Scenario;
import org.dxguard.model.RuleFinding;
import org.dxguard.rules.Messages;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every rule's messages of the packaged guidelines in both languages (issue 20): each rule of a package declaring
 * zh-CN has a summary in English and Chinese, every message renders with sample parameters in both, and every card
 * the packaged scenarios produce renders in Chinese.
 */
class PackagedMessagesTest {
    private static final Pattern HAN = Pattern.compile("\\p{IsHan}");
    private static Loader.Outcome outcome;

    @BeforeAll
    static void load() {
        outcome = Loader.load(Loader.packagedRoot(), false);
    }

    /** Packages whose cards are still English only (the fallback); empty once every package is converted. */
    static final java.util.Set<String> ENGLISH_ONLY = java.util.Set.of();

    @Test
    void should_declare_chinese_in_every_package_with_rules_except_the_listed_fallbacks() {
        // given the packaged packages; then every package with rules declares en and zh-CN, except those listed
        assertThat(outcome.problems()).isEmpty();
        assertThat(outcome.packages()).filteredOn(p -> !p.metadata().rules().isEmpty())
            .filteredOn(p -> !ENGLISH_ONLY.contains(p.metadata().id()))
            .allSatisfy(p -> assertThat(p.metadata().languages()).as(p.metadata().id())
                .containsExactly("en", "zh-CN"));
        assertThat(outcome.packages()).filteredOn(p -> ENGLISH_ONLY.contains(p.metadata().id()))
            .allSatisfy(p -> assertThat(p.metadata().languages()).as(p.metadata().id()).containsExactly("en"));
    }

    @TestFactory
    Stream<DynamicTest> should_have_a_summary_in_english_and_chinese_for_every_rule() {
        return outcome.packages().stream().filter(p -> p.metadata().languages().contains("zh-CN"))
            .flatMap(p -> p.metadata().rules().stream().map(r -> DynamicTest.dynamicTest(r.id(), () -> {
                // given the rule's summary message; when rendered with its sample parameters
                String key = r.id() + ".summary";
                assertThat(p.messages().has(key)).as(key).isTrue();
                // then it exists in both languages
                assertThat(p.messages().languages(key)).containsExactlyInAnyOrder("en", "zh-CN");
            })));
    }

    @TestFactory
    Stream<DynamicTest> should_render_every_message_in_both_languages_with_sample_parameters() {
        return outcome.packages().stream().filter(p -> p.metadata().languages().contains("zh-CN"))
            .flatMap(p -> p.messages().keys().stream().map(key -> DynamicTest.dynamicTest(key, () -> {
                Messages m = p.messages();
                for (String lang : List.of("en", "zh-CN")) {
                    // when
                    String text = m.format(key, lang, m.sample(key, m.patternText(key, lang)));
                    // then: no parameter left unformatted; Chinese text is Chinese
                    assertThat(text).as(key + " " + lang).isNotBlank();
                    for (String arg : Messages.argumentNames(m.patternText(key, lang))) {
                        assertThat(text).as(key + " " + lang).doesNotContain("{" + arg);
                    }
                    boolean onlyParameters = m.patternText(key, lang).replaceAll("\\{[^}]*\\}", "").isBlank();
                    if (lang.equals("zh-CN") && !onlyParameters) {
                        assertThat(HAN.matcher(text).find()).as(key + " zh-CN: " + text).isTrue();
                    }
                    if (key.endsWith(".summary")) {
                        assertThat(text.length()).as(key + " " + lang).isLessThan(140);
                    }
                }
            })));
    }

    @TestFactory
    Stream<DynamicTest> should_render_every_card_of_the_packaged_scenarios_in_chinese() {
        List<Scenario> all = outcome.packages().stream().flatMap(p -> p.scenarios().stream()).toList();
        return all.stream().map(s -> DynamicTest.dynamicTest(s.packageId() + ": " + s.name(), () -> {
            // given the scenario's patient; when the rules run and each card is rendered for a zh-CN EHR
            List<RuleFinding> findings = outcome.ruleSet().evaluate(s.given()).findings();
            for (RuleFinding f : findings) {
                if (ENGLISH_ONLY.contains(f.guidelineId())) {
                    continue; // the listed fallback: English cards
                }
                RuleFinding zh = f.in(Locale.SIMPLIFIED_CHINESE);
                // then summary, detail and suggestion label are Chinese, the codes and targets unchanged
                assertThat(HAN.matcher(zh.summary()).find()).as(f.ruleId() + ": " + zh.summary()).isTrue();
                assertThat(zh.summary()).doesNotContain("{").hasSizeLessThan(140);
                if (zh.detail() != null) {
                    assertThat(HAN.matcher(zh.detail()).find()).as(f.ruleId() + " detail").isTrue();
                }
                if (zh.action() != null) {
                    assertThat(HAN.matcher(zh.action().label()).find()).as(f.ruleId() + " action: "
                        + zh.action().label()).isTrue();
                    assertThat(zh.action().kind()).isEqualTo(f.action().kind());
                    assertThat(zh.action().targetMedicationId()).isEqualTo(f.action().targetMedicationId());
                }
                assertThat(zh.ruleId()).isEqualTo(f.ruleId());
                assertThat(zh.severity()).isEqualTo(f.severity());
            }
        }));
    }
}
