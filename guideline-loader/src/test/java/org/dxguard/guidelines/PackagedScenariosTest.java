package org.dxguard.guidelines;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.dxguard.guidelines.internal.Loader;
import org.dxguard.guidelines.internal.Scenario;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Runs every scenario of every packaged guideline package (one dynamic test per scenario). */
class PackagedScenariosTest {
    private static Loader.Outcome outcome;

    @BeforeAll
    static void load() {
        outcome = Loader.load(Loader.packagedRoot(), false);
    }

    @Test
    void should_compile_with_complete_metadata_and_coverage_when_loading_packaged_guidelines() {
        // given the packaged guidelines (loaded once)
        // then
        assertThat(outcome.problems()).isEmpty();
        assertThat(outcome.ruleSet()).isNotNull();
        assertThat(outcome.packages()).extracting(p -> p.metadata().id())
            .contains("ada-diabetes", "contraindications", "onc-ddi");
    }

    @Test
    void should_cite_every_rule_and_flag_secondary_sources_for_review_when_packaged() {
        // given the active rule set's catalog
        var rs = outcome.ruleSet();
        // then every rule has an id, a version, a citation, and secondary-source rules need review
        assertThat(rs.rules()).hasSizeGreaterThanOrEqualTo(40).allSatisfy(r -> {
            assertThat(r.version()).as(r.ruleId()).matches("\\d+\\.\\d+\\.\\d+");
            var meta = rs.meta(r.ruleId()).orElseThrow();
            assertThat(meta.citation()).as(r.ruleId()).isNotBlank();
            if (meta.citation().toLowerCase().contains("secondary")) {
                assertThat(meta.needsClinicalReview()).as(r.ruleId() + " cites a secondary source").isTrue();
            }
        });
        assertThat(rs.rules()).extracting(org.dxguard.rules.RuleInfo::ruleId).doesNotHaveDuplicates();
    }

    @TestFactory
    Stream<DynamicTest> should_meet_expectations_when_running_each_packaged_scenario() {
        List<Scenario> all = outcome.packages().stream().flatMap(p -> p.scenarios().stream()).toList();
        assertThat(all).hasSizeGreaterThan(60);
        return all.stream().map(s -> DynamicTest.dynamicTest(s.packageId() + ": " + s.name(), () -> {
            // given the scenario's patient; when
            ScenarioResult r = Loader.runOne(s, outcome.ruleSet(), Loader.languages(outcome.packages()));
            // then
            assertThat(r.reasons()).as(r.label()).isEmpty();
            assertThat(r.passed()).isTrue();
        }));
    }
}
