package org.dxguard.guidelines;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.dxguard.guidelines.internal.Loader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Per-rule reviewer and review date in package.yaml, and the validate warning on a review older than a year. */
class RuleReviewDatesTest {
    private static final Clock DEC_2026 = Clock.fixed(Instant.parse("2026-12-07T10:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path tmp;

    private record Run(int code, String out) {}

    private Run validate(Path dir) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int code = GuidelineCommands.validate(dir, new PrintStream(buf, true, StandardCharsets.UTF_8), DEC_2026);
        return new Run(code, buf.toString(StandardCharsets.UTF_8));
    }

    private Path miniWithReview(String reviewLines) {
        Path dir = Fixtures.copy("mini", tmp.resolve("g"));
        Fixtures.replace(dir.resolve("older-adults/package.yaml"), "    needsClinicalReview: true",
            "    needsClinicalReview: true\n" + reviewLines);
        return dir;
    }

    @Test
    void should_warn_but_stay_valid_when_a_rule_has_no_reviewer() {
        // given the fixture, whose rule has no reviewer or review date
        Path dir = Fixtures.copy("mini", tmp.resolve("g"));
        // when
        Run r = validate(dir);
        // then
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("WARNING older-adults/package.yaml: rule MINI-SU-001 has no reviewer and reviewDate")
            .contains("RESULT: VALID");
    }

    @Test
    void should_warn_when_the_review_is_more_than_a_year_old() {
        // given a review 401 days before the clock
        Path dir = miniWithReview("    reviewer: \"A. Pharmacist\"\n    reviewDate: 2025-11-01\n");
        // when
        Run r = validate(dir);
        // then
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("WARNING older-adults/package.yaml: rule MINI-SU-001 was last reviewed 2025-11-01"
            + " by A. Pharmacist (401 days ago, more than a year)");
    }

    @Test
    void should_not_warn_when_the_review_is_exactly_a_year_old() {
        // given a review 365 days before the clock (boundary)
        Path dir = miniWithReview("    reviewer: \"A. Pharmacist\"\n    reviewDate: 2025-12-07\n");
        // when
        Run r = validate(dir);
        // then
        assertThat(r.code()).isZero();
        assertThat(r.out()).doesNotContain("WARNING");
    }

    @Test
    void should_report_a_problem_when_the_review_date_is_not_a_date() {
        // given
        Path dir = miniWithReview("    reviewer: \"A. Pharmacist\"\n    reviewDate: last spring\n");
        // when
        Run r = validate(dir);
        // then
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("rule MINI-SU-001: reviewDate 'last spring' is not a date (write YYYY-MM-DD)")
            .contains("RESULT: INVALID");
    }

    @Test
    void should_carry_a_reviewer_and_a_recent_review_date_on_every_packaged_rule() {
        // given the packaged guidelines
        Loader.Outcome o = Loader.load(Loader.packagedRoot(), false);
        // when
        var warnings = GuidelineCommands.reviewWarnings(o, java.time.LocalDate.of(2026, 12, 7));
        // then
        assertThat(o.problems()).isEmpty();
        assertThat(warnings).isEmpty();
        assertThat(o.packages()).filteredOn(p -> p.metadata().id().equals("ada-diabetes")).singleElement()
            .satisfies(p -> assertThat(p.metadata().source().citation()).contains("Standards of Care in Diabetes - 2026"));
    }
}
