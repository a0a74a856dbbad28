package org.dxguard.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.dxguard.model.Code;
import org.dxguard.model.Dose;
import org.dxguard.model.DoseFrequency;
import org.dxguard.model.Medication;
import org.dxguard.model.MedicationStatus;
import org.dxguard.model.Observation;
import org.dxguard.model.PatientFacts;
import org.dxguard.model.RuleFinding;
import org.dxguard.model.Severity;
import org.dxguard.model.SuggestedAction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CompiledRuleSetTest {
    private static CompiledRuleSet engine;
    private static final Instant AS_OF = Instant.parse("2025-01-10T00:00:00Z");

    @BeforeAll
    static void compile() {
        engine = RuleSetCompiler.compile(RuleSetDefinition.builder().terminology(TestData.terminology())
            .source(TestData.drl("egfr.drl"))
            .rule(new RuleMeta("T-001", "test-guideline", "t", "Test citation", "https://example.org/c", true))
            .rule(new RuleMeta("T-002", "test-guideline", "t", "Test citation", null, false))
            .versionLabel("test@1.0.0").build());
    }

    private static PatientFacts metforminAtEgfr(double egfr) {
        return PatientFacts.builder().asOf(AS_OF).ageYears(70)
            .observation(new Observation("obs-7", List.of(Code.loinc("33914-3")), egfr, "mL/min/{1.73_m2}", null, null,
                Instant.parse("2025-01-02T08:00:00Z")))
            .draftOrder(new Medication("draft-1", List.of(Code.rxnorm("860975")), null,
                new Dose(2, "tablet", DoseFrequency.TWICE_DAILY, "oral"), MedicationStatus.DRAFT, AS_OF))
            .build();
    }

    @Test
    void should_report_finding_with_rule_metadata_triggering_facts_and_dose_change_when_rule_fires() {
        // when
        RuleEvaluation ev = engine.evaluate(metforminAtEgfr(25));
        // then
        assertThat(ev.findings()).singleElement().satisfies(f -> {
            assertThat(f.ruleId()).isEqualTo("T-001");
            assertThat(f.ruleVersion()).isEqualTo("2.1.0");
            assertThat(f.guidelineId()).isEqualTo("test-guideline");
            assertThat(f.citationUrl()).isEqualTo("https://example.org/c");
            assertThat(f.severity()).isEqualTo(Severity.CRITICAL);
            assertThat(f.summary()).isEqualTo("Metformin at eGFR 25");
            assertThat(f.needsClinicalReview()).isTrue();
            assertThat(f.triggeredBy()).containsExactly(
                "MedicationRequest/draft-1 draft metformin (RxNorm 860975) 2000 mg/day",
                "Observation/obs-7 eGFR 25 mL/min/{1.73_m2} (2025-01-02, 7 days old)");
            SuggestedAction a = f.action();
            assertThat(a.kind()).isEqualTo(SuggestedAction.Kind.CHANGE_DOSE);
            assertThat(a.targetMedicationId()).isEqualTo("draft-1");
            assertThat(a.newDose().amount()).isEqualTo(500.0);
            assertThat(a.newDose().unit()).isEqualTo("mg");
            assertThat(a.newDose().frequency()).isEqualTo(DoseFrequency.TWICE_DAILY);
            assertThat(a.newDose().route()).isEqualTo("oral");
        });
        assertThat(ev.fired()).singleElement().satisfies(r -> {
            assertThat(r.ruleId()).isEqualTo("T-001");
            assertThat(r.ruleVersion()).isEqualTo("2.1.0");
            assertThat(r.facts()).hasSize(2);
        });
        assertThat(ev.rulesetVersion()).startsWith("test@1.0.0#").isEqualTo(engine.rulesetVersion());
        assertThat(ev.elapsed()).isPositive();
    }

    @Test
    void should_stay_silent_when_egfr_is_above_the_threshold() {
        // when
        RuleEvaluation ev = engine.evaluate(metforminAtEgfr(31));
        // then
        assertThat(ev.findings()).isEmpty();
        assertThat(ev.fired()).isEmpty();
    }

    @Test
    void should_truncate_summaries_to_the_cds_hooks_limit() {
        // given
        PatientFacts f = PatientFacts.builder().asOf(AS_OF).draftOrder(new Medication("d", List.of(Code.rxnorm("314076")),
            null, null, MedicationStatus.DRAFT, null)).build();
        // when
        List<RuleFinding> findings = engine.evaluate(f).findings();
        // then
        assertThat(findings).singleElement().satisfies(x -> assertThat(x.summary()).hasSize(RuleFinding.MAX_SUMMARY));
    }

    @Test
    void should_be_usable_from_several_threads_at_once() throws Exception {
        // given
        var pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            // when
            var futures = new java.util.ArrayList<java.util.concurrent.Future<Integer>>();
            for (int i = 0; i < 40; i++) {
                double egfr = i % 2 == 0 ? 20 : 60;
                futures.add(pool.submit(() -> engine.evaluate(metforminAtEgfr(egfr)).findings().size()));
            }
            // then
            for (int i = 0; i < futures.size(); i++) {
                assertThat(futures.get(i).get()).isEqualTo(i % 2 == 0 ? 1 : 0);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
