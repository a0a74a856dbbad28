package org.dxguard.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dxguard.guidelines.GuidelineRepository;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The realistic-prose tuning suite (safety/realistic-prose/tuning, issue 17) through the real extraction and veto
 * path, scored per unit: every unsafe unit vetoed, at most 5 % of the safe units vetoed, no safe answer rejected
 * whole, nothing vetoed shown. The held-out third (safety/realistic-prose/heldout) is deliberately not run here: it
 * is measured once, with {@code bin/dxguard safety run safety/realistic-prose/heldout} (figures in docs/BENCHMARKS.md).
 * The report is written to target/realistic-prose-report.
 */
class RealisticProseSuiteTest {
    private static GuidelineRepository repo;
    private static SuiteRunner.SuiteResult result;
    private static List<SafetyCase> cases;

    static Path tuning() {
        Path p = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        while (p != null && !Files.isDirectory(p.resolve("safety/realistic-prose/tuning"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("safety/realistic-prose/tuning not found above " + System.getProperty("user.dir"));
        }
        return p.resolve("safety/realistic-prose/tuning");
    }

    @BeforeAll
    static void run() {
        repo = GuidelineRepository.packagedDefaults();
        cases = SuiteReader.read(List.of(tuning()));
        result = new SuiteRunner(ExplanationGuard.over(repo)).run(MutationGenerator.standard().withMutations(cases));
        ReportWriter.write(result, Path.of("target/realistic-prose-report"), 0.05);
    }

    @AfterAll
    static void close() {
        repo.close();
    }

    @Test
    void should_score_every_case_per_unit_in_english_and_chinese_when_the_tuning_suite_is_read() {
        assertThat(cases).hasSizeGreaterThanOrEqualTo(48).allMatch(SafetyCase::unitScored)
            .anyMatch(c -> c.lang().equals("zh")).anyMatch(c -> c.lang().equals("en"));
        // unit-scored cases have no mutations: their unsafe units are named by verbatim text
        assertThat(result.results()).hasSize(cases.size());
    }

    @Test
    void should_veto_every_unsafe_unit_when_the_tuning_suite_runs() {
        assertThat(result.misses().stream().filter(m -> !m.missed().isEmpty()).map(ReportWriter::miss).toList()).isEmpty();
        assertThat(result.caughtUnsafeUnits()).isEqualTo(result.unsafeUnits()).isGreaterThanOrEqualTo(37);
    }

    @Test
    void should_veto_at_most_5_percent_of_safe_units_and_reject_no_safe_answer_when_the_tuning_suite_runs() {
        assertThat(result.unitFalseVetoRate()).as(ReportWriter.summary(result, 0.05)).isLessThanOrEqualTo(0.05);
        assertThat(result.rejectedSafeAnswers()).isZero();
        assertThat(result.safeUnits()).isGreaterThan(500);
    }

    @Test
    void should_never_show_a_vetoed_claim_when_a_realistic_answer_is_filtered() {
        assertThat(result.shownViolations()).isZero();
        assertThat(result.meets(0.05)).isTrue();
    }
}
