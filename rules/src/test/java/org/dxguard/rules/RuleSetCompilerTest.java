package org.dxguard.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RuleSetCompilerTest {
    private static RuleMeta meta(String id) {
        return new RuleMeta(id, "test", "t", "Test citation", "https://example.org/c", false);
    }

    @Test
    void should_report_file_line_and_rule_when_a_constraint_names_an_unknown_field() {
        // given
        RuleSetDefinition def = RuleSetDefinition.builder().source(TestData.drl("broken.drl")).rule(meta("T-010"))
            .build();
        // when
        RuleCompilationException e = catchThrowableOfType(() -> RuleSetCompiler.compile(def),
            RuleCompilationException.class);
        // then
        assertThat(e.getMessage()).startsWith("DXG-0201");
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo("test/rules/broken.drl");
            assertThat(p.line()).isEqualTo(10);
            assertThat(p.rule()).isEqualTo("T-010");
            assertThat(p.message()).contains("ingredientt");
        });
    }

    @Test
    void should_reject_rules_without_id_and_version_annotations() {
        // given
        RuleSetDefinition def = RuleSetDefinition.builder().source(TestData.drl("no-id.drl")).build();
        // when
        RuleCompilationException e = catchThrowableOfType(() -> RuleSetCompiler.compile(def),
            RuleCompilationException.class);
        // then
        assertThat(e.getMessage()).startsWith("DXG-0202");
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.format()).isEqualTo(
                "test/rules/no-id.drl:7: rule no annotations: missing @ruleId(\"...\") annotation");
        });
    }

    @Test
    void should_reject_a_rule_that_modifies_working_memory() {
        // given
        RuleSetDefinition def = RuleSetDefinition.builder().source(TestData.drl("mutating.drl")).rule(meta("T-020"))
            .build();
        // when
        RuleCompilationException e = catchThrowableOfType(() -> RuleSetCompiler.compile(def),
            RuleCompilationException.class);
        // then
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(13);
            assertThat(p.rule()).isEqualTo("T-020");
            assertThat(p.message()).contains("must not insert/update/modify/delete");
        });
    }

    @Test
    void should_reject_rule_ids_missing_from_the_catalog_and_catalog_entries_without_rules() {
        // given
        RuleSetDefinition def = RuleSetDefinition.builder().source(TestData.drl("egfr.drl")).rule(meta("T-001"))
            .rule(meta("T-999")).build();
        // when
        RuleCompilationException e = catchThrowableOfType(() -> RuleSetCompiler.compile(def),
            RuleCompilationException.class);
        // then
        assertThat(e.problems()).extracting(CompileProblem::format).containsExactlyInAnyOrder(
            "test/rules/egfr.drl:17: rule T-002: rule id is not listed in the package metadata (package.yaml 'rules:') with its citation",
            "test/package.yaml: rule T-999: listed in the package metadata but no DRL rule carries @ruleId(\"T-999\")");
    }

    @Test
    void should_ask_for_the_reporting_global_of_the_rule_base_when_another_one_is_declared() {
        // given guideline DRL (global Alerts alert) compiled as a rule base that reports through another global
        RuleSetDefinition def = RuleSetDefinition.builder().source(TestData.drl("egfr.drl")).rule(meta("T-001"))
            .build();
        // when
        RuleCompilationException e = catchThrowableOfType(
            () -> RuleSetCompiler.compileRuleBase(def, "org.dxguard.rules.veto.VetoCollector veto"),
            RuleCompilationException.class);
        // then
        assertThat(e.problems()).singleElement().satisfies(p -> assertThat(p.message())
            .isEqualTo("declare 'global org.dxguard.rules.veto.VetoCollector veto;' so rules can report findings"));
    }

    @Test
    void should_give_a_new_rule_set_version_when_only_a_message_is_reworded() {
        // given two definitions of the same rules whose messages differ in one English pattern
        RuleSetDefinition before = RuleSetDefinition.builder().source(TestData.drl("egfr.drl"))
            .rule(meta("T-001")).rule(meta("T-002")).messages(Messages.parse("m.yaml",
                "T-001.summary:\n  en: \"Metformin is contraindicated\"\n")).build();
        RuleSetDefinition after = RuleSetDefinition.builder().source(TestData.drl("egfr.drl"))
            .rule(meta("T-001")).rule(meta("T-002")).messages(Messages.parse("m.yaml",
                "T-001.summary:\n  en: \"Metformin must not be used\"\n")).build();
        // when
        String v1 = RuleSetCompiler.compile(before).rulesetVersion();
        String v2 = RuleSetCompiler.compile(after).rulesetVersion();
        // then the decision records can tell which wording a card had
        assertThat(v1).isNotEqualTo(v2);
        assertThat(RuleSetCompiler.compile(before).rulesetVersion()).isEqualTo(v1);
    }

    @Test
    void should_give_a_new_rule_set_version_when_only_a_value_set_is_edited() {
        // given two definitions of the same rules whose pregnancy-test value set differs in one row
        String header = "loinc,display,source\n2106-3,Choriogonadotropin [Presence] in Urine,VSAC\n";
        RuleSetDefinition before = RuleSetDefinition.builder().source(TestData.drl("egfr.drl"))
            .rule(meta("T-001")).rule(meta("T-002"))
            .terminology(Terminology.parse(Map.of("pregnancy-tests.csv", header))).build();
        RuleSetDefinition after = RuleSetDefinition.builder().source(TestData.drl("egfr.drl"))
            .rule(meta("T-001")).rule(meta("T-002"))
            .terminology(Terminology.parse(Map.of("pregnancy-tests.csv",
                header + "2118-8,Choriogonadotropin [Presence] in Serum or Plasma,VSAC\n"))).build();
        // when
        String v1 = RuleSetCompiler.compile(before).rulesetVersion();
        String v2 = RuleSetCompiler.compile(after).rulesetVersion();
        // then the decision records can tell which value sets decided
        assertThat(v1).isNotEqualTo(v2);
        assertThat(RuleSetCompiler.compile(before).rulesetVersion()).isEqualTo(v1);
    }
}
