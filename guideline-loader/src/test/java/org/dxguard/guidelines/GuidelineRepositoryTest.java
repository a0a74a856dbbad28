package org.dxguard.guidelines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.dxguard.model.Code;
import org.dxguard.model.Dose;
import org.dxguard.model.DoseFrequency;
import org.dxguard.model.DxGuardException;
import org.dxguard.model.Medication;
import org.dxguard.model.MedicationStatus;
import org.dxguard.model.PatientFacts;
import org.dxguard.model.RuleFinding;
import org.dxguard.rules.GuidelineEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GuidelineRepositoryTest {
    @TempDir
    Path tmp;

    static PatientFacts glyburideAt(int age) {
        return PatientFacts.builder().ageYears(age).asOf(Instant.parse("2025-06-01T00:00:00Z"))
            .draftOrder(new Medication("draft-gly", List.of(Code.rxnorm("4815")), null,
                new Dose(5, "mg", DoseFrequency.ONCE_DAILY, null), MedicationStatus.DRAFT, null))
            .build();
    }

    static List<String> ruleIds(GuidelineEngine e, PatientFacts f) {
        return e.evaluate(f).findings().stream().map(RuleFinding::ruleId).toList();
    }

    @Test
    void should_serve_findings_with_metadata_when_loading_a_valid_directory() {
        // given
        Path dir = Fixtures.copy("mini", tmp.resolve("g"));
        // when
        try (GuidelineRepository repo = GuidelineRepository.fromDirectory(dir, false)) {
            List<RuleFinding> findings = repo.engine().evaluate(glyburideAt(80)).findings();
            // then
            assertThat(findings).singleElement().satisfies(f -> {
                assertThat(f.ruleId()).isEqualTo("MINI-SU-001");
                assertThat(f.ruleVersion()).isEqualTo("0.1.0");
                assertThat(f.guidelineId()).isEqualTo("older-adults");
                assertThat(f.citation()).contains("Beers");
                assertThat(f.needsClinicalReview()).isTrue();
                assertThat(f.triggeredBy()).anyMatch(t -> t.startsWith("MedicationRequest/draft-gly"));
            });
            assertThat(repo.packages()).singleElement().satisfies(p -> {
                assertThat(p.id()).isEqualTo("older-adults");
                assertThat(p.scenariosPassed()).isEqualTo(2);
                assertThat(p.scenariosFailed()).isZero();
            });
            assertThat(repo.engine().rulesetVersion()).startsWith("older-adults@0.1.0#");
            assertThat(repo.lastReloadError()).isEmpty();
        }
    }

    @Test
    void should_reject_reload_naming_file_and_line_and_keep_serving_when_drl_is_broken() {
        // given
        Path dir = Fixtures.copy("mini", tmp.resolve("g"));
        try (GuidelineRepository repo = GuidelineRepository.fromDirectory(dir, false)) {
            String before = repo.engine().rulesetVersion();
            Fixtures.replace(dir.resolve("older-adults/rules/glyburide.drl"), "ageYears >= 65", "ageYearz >= 65");
            // when
            boolean activated = repo.reload();
            // then
            assertThat(activated).isFalse();
            assertThat(repo.lastReloadError()).get().asString()
                .contains("older-adults/rules/glyburide.drl:11").contains("MINI-SU-001").contains("ageYearz");
            assertThat(repo.engine().rulesetVersion()).isEqualTo(before);
            assertThat(ruleIds(repo.engine(), glyburideAt(80))).containsExactly("MINI-SU-001");
            assertThat(repo.packages().get(0).lastReloadError()).contains("glyburide.drl");
        }
    }

    @Test
    void should_tell_reload_listeners_whether_each_reload_was_activated_or_rejected() throws Exception {
        // given a listener on a loaded repository
        Path dir = Fixtures.copy("mini", tmp.resolve("g"));
        try (GuidelineRepository repo = GuidelineRepository.fromDirectory(dir, false)) {
            java.util.List<Boolean> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
            AutoCloseable listening = repo.onReload(seen::add);
            // when a broken edit is reloaded, then the fix, then the listener is closed and one more reload runs
            Fixtures.replace(dir.resolve("older-adults/rules/glyburide.drl"), "ageYears >= 65", "ageYearz >= 65");
            repo.reload();
            Fixtures.replace(dir.resolve("older-adults/rules/glyburide.drl"), "ageYearz >= 65", "ageYears >= 65");
            repo.reload();
            listening.close();
            repo.reload();
            // then
            assertThat(seen).containsExactly(false, true);
        }
    }

    @Test
    void should_reject_reload_naming_the_scenario_when_a_scenario_fails() {
        // given
        Path dir = Fixtures.copy("mini", tmp.resolve("g"));
        try (GuidelineRepository repo = GuidelineRepository.fromDirectory(dir, false)) {
            Fixtures.replace(dir.resolve("older-adults/rules/glyburide.drl"), "ageYears >= 65", "ageYears >= 85");
            // when
            boolean activated = repo.reload();
            // then
            assertThat(activated).isFalse();
            assertThat(repo.lastReloadError()).get().asString()
                .contains("older-adults/scenarios/glyburide.yaml :: glyburide at 80")
                .contains("expected MINI-SU-001 to fire");
            assertThat(ruleIds(repo.engine(), glyburideAt(80))).containsExactly("MINI-SU-001");
        }
    }

    @Test
    void should_reject_package_when_a_rule_has_no_negative_scenario() {
        // given
        Path dir = Fixtures.copy("mini", tmp.resolve("g"));
        Fixtures.replace(dir.resolve("older-adults/scenarios/glyburide.yaml"), "notFired: [MINI-SU-001]",
            "notFired: []");
        // when / then
        assertThatThrownBy(() -> GuidelineRepository.fromDirectory(dir, false))
            .isInstanceOf(DxGuardException.class)
            .hasMessageContaining("MINI-SU-001: no negative scenario");
    }

    @Test
    void should_reject_package_when_a_rule_id_is_not_in_the_metadata() {
        // given
        Path dir = Fixtures.copy("mini", tmp.resolve("g"));
        Fixtures.replace(dir.resolve("older-adults/package.yaml"), "id: MINI-SU-001", "id: MINI-SU-002");
        // when / then
        assertThatThrownBy(() -> GuidelineRepository.fromDirectory(dir, false))
            .isInstanceOf(DxGuardException.class)
            .hasMessageContaining("glyburide.drl:8: rule MINI-SU-001: rule id is not listed in the package metadata")
            .hasMessageContaining("MINI-SU-002: listed in the package metadata but no DRL rule carries");
    }

    @Test
    void should_name_file_and_line_when_package_yaml_has_an_unknown_field() {
        // given
        Path dir = Fixtures.copy("mini", tmp.resolve("g"));
        Fixtures.replace(dir.resolve("older-adults/package.yaml"), "owner: dxguard tests", "owner: dxguard tests\nownr: typo");
        // when
        GuidelineCommandsTest.Run r = GuidelineCommandsTest.run(GuidelineCommands::validate, dir);
        // then
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("older-adults/package.yaml:8: Unrecognized field \"ownr\"");
    }

    @Test
    void should_load_packaged_defaults_when_asked() {
        // when
        try (GuidelineRepository repo = GuidelineRepository.packagedDefaults()) {
            // then
            assertThat(repo.packages()).extracting(PackageStatus::id)
                .containsExactly("ada-diabetes", "cds-diabetes", "contraindications", "differential", "onc-ddi");
            assertThat(repo.packages()).allSatisfy(p -> assertThat(p.scenariosFailed()).isZero());
            assertThat(repo.activeRuleSet().rules()).hasSizeGreaterThanOrEqualTo(40);
        }
    }
}
