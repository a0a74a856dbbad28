package org.dxguard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code dxguard ask} in this JVM, evidence-only (no model server in the test environment). */
class AskCommandTest {
    private static final String RECORD = Path.of("src/test/resources/ask/record-egfr25.json").toString();

    @Test
    void should_print_the_answer_citations_and_rule_findings_when_asked_about_a_record() {
        // given a record with eGFR 25

        // when
        CliRun run = CliRun.of("ask", "Can this patient start metformin?", "--record", RECORD);

        // then
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).contains("contraindicated").contains("eGFR: 25").contains("2026-11-20")
            .contains("citations:\n  ADA-EXC-001").contains("rule findings:\n  ADA-MET-001  critical")
            .contains("explainer: evidence-only");
    }

    @Test
    void should_answer_in_chinese_as_json_when_the_question_is_chinese() {
        // when
        CliRun run = CliRun.of("ask", "这位患者能开始用二甲双胍吗？", "--record", RECORD, "--json");

        // then
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).contains("\"language\" : \"zh\"").contains("\"ruleId\" : \"ADA-MET-001\"")
            .contains("二甲双胍与肾功能");
    }

    @Test
    void should_exit_1_with_a_code_when_the_record_cannot_be_read() {
        // when
        CliRun run = CliRun.of("ask", "Can this patient start metformin?", "--record", "no-such-file.json");

        // then
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).contains("DXG-0770");
    }
}
