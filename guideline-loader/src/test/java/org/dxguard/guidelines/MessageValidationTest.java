package org.dxguard.guidelines;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Locale;
import org.dxguard.guidelines.GuidelineCommandsTest.Run;
import org.dxguard.guidelines.internal.Loader;
import org.dxguard.model.RuleFinding;
import org.dxguard.guidelines.internal.Scenario;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code guidelines validate} and {@code guidelines test} on the message templates of a package (issue 20). */
class MessageValidationTest {
    @TempDir
    Path tmp;

    /** {@code guidelines validate} on the mini-zh fixture after one text replacement in {@code file}. */
    private Run validateAfterReplacing(String file, String from, String to) {
        Path dir = Fixtures.copy("mini-zh", tmp.resolve("g"));
        Fixtures.replace(dir.resolve(file), from, to);
        return GuidelineCommandsTest.run(GuidelineCommands::validate, dir);
    }

    @Test
    void should_be_valid_and_render_the_card_in_chinese_when_every_message_has_both_languages() {
        // given a package declaring en and zh-CN whose rule reports through a message key
        Path dir = Fixtures.copy("mini-zh", tmp.resolve("g"));
        // when
        Run validate = GuidelineCommandsTest.run(GuidelineCommands::validate, dir);
        Loader.Outcome outcome = Loader.load(dir, false);
        Scenario fires = outcome.packages().get(0).scenarios().stream().filter(s -> s.name().endsWith("80"))
            .findFirst().orElseThrow();
        RuleFinding f = outcome.ruleSet().evaluate(fires.given()).findings().get(0);
        // then the English text is unchanged and the Chinese one names the drug by its Chinese generic name
        assertThat(validate.code()).as(validate.out()).isZero();
        assertThat(f.summary()).isEqualTo("Avoid glyburide at age 80");
        assertThat(f.detail()).isEqualTo("Beers: 80 years old.");
        assertThat(f.action().label()).isEqualTo("Cancel the glyburide order");
        RuleFinding zh = f.in(Locale.SIMPLIFIED_CHINESE);
        assertThat(zh.summary()).isEqualTo("80岁患者避免使用格列本脲");
        assertThat(zh.detail()).isEqualTo("Beers标准：80岁。");
        assertThat(zh.action().label()).isEqualTo("撤销格列本脲医嘱");
        assertThat(zh.action().targetMedicationId()).isEqualTo(f.action().targetMedicationId());
        assertThat(f.in(Locale.ENGLISH)).isEqualTo(f);
    }

    @Test
    void should_fail_with_dxg_0541_when_a_message_lacks_a_declared_language() {
        // given the fixture with one change; when validated
        Run r = validateAfterReplacing("older-adults/messages.yaml", "  zh-CN: \"{age}岁患者避免使用{drug}\"\n", "");
        // then
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("DXG-0541").contains("message 'MINI-SU-001.summary' has no zh-CN text")
            .contains("RESULT: INVALID");
    }

    @Test
    void should_fail_with_dxg_0544_when_a_rule_of_a_bilingual_package_reports_literal_text() {
        // given the fixture with one change; when validated
        Run r = validateAfterReplacing("older-adults/rules/glyburide.drl",
            "alert.warning(\"MINI-SU-001.summary\", \"drug\", $d, \"age\", $p.ageYears())",
            "alert.warning(\"Avoid glyburide at age \" + $p.ageYears())");
        // then
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("DXG-0544").contains("older-adults/rules/glyburide.drl:")
            .contains("rule MINI-SU-001").contains("has no zh-CN version");
    }

    @Test
    void should_fail_with_dxg_0544_when_a_rule_names_an_undefined_message() {
        // given the fixture with one change; when validated
        Run r = validateAfterReplacing("older-adults/rules/glyburide.drl", ".detail(\"MINI-SU-001.detail\")",
            ".detail(\"MINI-SU-001.detial\")");
        // then
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("DXG-0544").contains("names message 'MINI-SU-001.detial'");
    }

    @Test
    void should_fail_with_dxg_0543_when_a_summary_is_too_long_with_sample_parameters() {
        // given a Chinese summary that passes 140 characters once a 16-character drug name is put in; when
        Run r = validateAfterReplacing("older-adults/messages.yaml", "zh-CN: \"{age}岁患者避免使用{drug}\"",
            "zh-CN: \"{age}岁患者避免使用{drug}" + "。".repeat(125) + "\"");
        // then
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("DXG-0543").contains("summary 'MINI-SU-001.summary' (zh-CN)");
    }

    @Test
    void should_fail_with_dxg_0542_when_the_languages_use_different_parameters() {
        // given the fixture with one change; when validated
        Run r = validateAfterReplacing("older-adults/messages.yaml", "zh-CN: \"{age}岁患者避免使用{drug}\"",
            "zh-CN: \"{years}岁患者避免使用{drug}\"");
        // then
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("DXG-0542").contains("uses parameters [drug, years]");
    }

    @Test
    void should_fail_the_scenario_when_a_bilingual_package_fires_a_card_without_chinese() {
        // given the rule's message in English only while the package declares zh-CN (validate would refuse it;
        // the scenario runner checks the rendered card as well)
        Path dir = Fixtures.copy("mini-zh", tmp.resolve("g"));
        Fixtures.replace(dir.resolve("older-adults/package.yaml"), "languages: [en, zh-CN]", "languages: [en]");
        Loader.Outcome outcome = Loader.load(dir, false);
        Fixtures.replace(dir.resolve("older-adults/messages.yaml"), "  zh-CN: \"{age}岁患者避免使用{drug}\"\n", "");
        Loader.Outcome englishOnly = Loader.load(dir, false);
        Scenario fires = englishOnly.packages().get(0).scenarios().stream().filter(s -> s.name().endsWith("80"))
            .findFirst().orElseThrow();
        // when
        ScenarioResult r = Loader.runOne(fires, englishOnly.ruleSet(),
            java.util.Map.of("older-adults", java.util.List.of("en", "zh-CN")));
        // then
        assertThat(outcome.problems()).isEmpty();
        assertThat(r.passed()).isFalse();
        assertThat(r.reasons()).anySatisfy(s -> assertThat(s).contains("DXG-0541").contains("without a zh-CN text"));
    }
}
