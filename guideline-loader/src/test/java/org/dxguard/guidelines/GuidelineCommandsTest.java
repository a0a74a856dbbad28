package org.dxguard.guidelines;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GuidelineCommandsTest {
    @TempDir
    Path tmp;

    record Run(int code, String out) {}

    static Run run(BiFunction<Path, PrintStream, Integer> cmd, Path dir) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int code = cmd.apply(dir, new PrintStream(buf, true, StandardCharsets.UTF_8));
        return new Run(code, buf.toString(StandardCharsets.UTF_8));
    }

    @Test
    void should_exit_0_with_valid_report_when_validating_a_good_directory() {
        // given
        Path dir = Fixtures.copy("mini", tmp.resolve("g"));
        // when
        Run r = run(GuidelineCommands::validate, dir);
        // then
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("package older-adults@0.1.0 [draft] 1 rules, 2 scenarios")
            .contains("RESULT: VALID (1 rules, 2 scenarios)");
    }

    @Test
    void should_exit_1_naming_file_line_and_rule_when_drl_does_not_compile() {
        // given
        Path dir = Fixtures.copy("mini", tmp.resolve("g"));
        Fixtures.replace(dir.resolve("older-adults/rules/glyburide.drl"), "then", "then\n    undefinedCall(;");
        // when
        Run r = run(GuidelineCommands::validate, dir);
        // then
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("older-adults/rules/glyburide.drl:").contains("RESULT: INVALID");
    }

    @Test
    void should_report_pass_and_fail_per_scenario_when_testing() {
        // given a scenario whose expectation is wrong
        Path dir = Fixtures.copy("mini", tmp.resolve("g"));
        Fixtures.replace(dir.resolve("older-adults/scenarios/glyburide.yaml"), "age: 40", "age: 70");
        // when
        Run r = run(GuidelineCommands::test, dir);
        // then
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("PASS older-adults/scenarios/glyburide.yaml :: glyburide at 80")
            .contains("FAIL older-adults/scenarios/glyburide.yaml :: glyburide at 40")
            .contains("expected MINI-SU-001 not to fire, but it did")
            .contains("RESULT: 1 passed, 1 failed, 2 total");
    }

    @Test
    void should_exit_0_when_testing_a_good_directory() {
        // given
        Path dir = Fixtures.copy("mini", tmp.resolve("g"));
        // when
        Run r = run(GuidelineCommands::test, dir);
        // then
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("RESULT: 2 passed, 0 failed, 2 total");
    }

    @Test
    void should_name_file_and_scenario_when_a_scenario_has_an_unknown_key() {
        // given
        Path dir = Fixtures.copy("mini", tmp.resolve("g"));
        Fixtures.replace(dir.resolve("older-adults/scenarios/glyburide.yaml"), "age: 40", "agee: 40");
        // when
        Run r = run(GuidelineCommands::validate, dir);
        // then
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("older-adults/scenarios/glyburide.yaml :: glyburide at 40: unknown key 'agee'");
    }

    @Test
    void should_exit_2_when_the_directory_does_not_exist() {
        // when
        Run r = run(GuidelineCommands::validate, tmp.resolve("missing"));
        // then
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).contains("DXG-0503").contains("is not a directory");
    }

    @Test
    void should_export_the_packaged_defaults_that_then_validate() throws Exception {
        // given
        Path target = tmp.resolve("export");
        // when
        Run exported = run(GuidelineCommands::export, target);
        // then
        assertThat(exported.code()).isZero();
        assertThat(target.resolve("ada-diabetes/package.yaml")).exists();
        assertThat(target.resolve("terminology/drugs.csv")).exists();
        assertThat(target.resolve("README.md")).exists();
        assertThat(run(GuidelineCommands::validate, target).code()).isZero();
        // and a second export into the now non-empty directory is refused
        assertThat(run(GuidelineCommands::export, target).code()).isEqualTo(2);
        assertThat(Files.list(target).count()).isGreaterThan(3);
    }
}
