package org.dxguard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.dxguard.model.testing.RepoPaths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code dxguard safety run} over the safety module's fixture suite. */
class SafetyCommandTest {
    /** The safety module's fixture suite (its FHIR bundles are named relative to it). */
    private static final Path FIXTURES = RepoPaths.repo("safety/src/test/resources/safety/guard-fixtures.yaml");

    @Test
    void should_exit_zero_and_write_three_reports_when_suite_passes(@TempDir Path dir) {
        // given
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new SafetyCommand());
        cli.setOut(new PrintWriter(out));
        // when
        int code = cli.execute("run", FIXTURES.toString(), "--report", dir.toString());
        // then
        assertThat(code).as(out.toString()).isZero();
        assertThat(out.toString()).contains("veto recall 100.00 %").contains("PASS");
        assertThat(dir.resolve("safety-report.md")).content().contains("ADA-MET-001").contains("Confusion matrix");
        assertThat(dir.resolve("safety-report.html")).exists();
        assertThat(dir.resolve("TEST-safety.xml")).content().contains("<testsuite name=\"dxguard-safety\"");
    }

    @Test
    void should_exit_one_and_report_every_miss_when_expectation_is_wrong(@TempDir Path dir) throws Exception {
        // given a case that expects a veto the rules cannot give
        Path suite = dir.resolve("wrong.yaml");
        Files.writeString(suite, Files.readString(FIXTURES)
            .replace("vetoed: [ADA-MET-001]", "vetoed: [ADA-MET-002]")
            .replace("../../../../../", RepoPaths.repoRoot() + "/"));
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new SafetyCommand());
        cli.setOut(new PrintWriter(out));
        // when
        int code = cli.execute("run", suite.toString(), "--no-mutations", "--report", dir.resolve("r").toString());
        // then
        assertThat(code).isEqualTo(1);
        assertThat(out.toString()).contains("MISS partial").contains("FAIL");
        assertThat(dir.resolve("r/safety-report.md")).content().contains("### partial").contains("VETOED by ADA-MET-001");
    }
}
