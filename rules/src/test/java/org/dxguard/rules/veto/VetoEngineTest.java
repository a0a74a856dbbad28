package org.dxguard.rules.veto;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dxguard.model.Candidate;
import org.dxguard.model.Claim;
import org.dxguard.model.Code;
import org.dxguard.model.Condition;
import org.dxguard.model.Dose;
import org.dxguard.model.DoseFrequency;
import org.dxguard.model.Evidence;
import org.dxguard.model.Medication;
import org.dxguard.model.MedicationStatus;
import org.dxguard.model.Observation;
import org.dxguard.model.PatientFacts;
import org.dxguard.model.testing.RepoPaths;
import org.dxguard.rules.CompiledRuleSet;
import org.dxguard.rules.RuleMeta;
import org.dxguard.rules.RuleSetCompiler;
import org.dxguard.rules.RuleSetDefinition;
import org.dxguard.rules.RuleSource;
import org.dxguard.rules.Terminology;
import org.dxguard.rules.facts.TableRow;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The veto over the shipped metformin rules (real Drools, real terminology). */
class VetoEngineTest {
    private static final Instant AS_OF = Instant.parse("2025-06-01T12:00:00Z");
    private static VetoEngine veto;
    private static final List<Candidate> CANDIDATES = List.of(new Candidate(Code.snomed("44054006"),
        "Type 2 diabetes mellitus", 0.8, 3, List.of(new Evidence("ev-1", Code.loinc("4548-4"), "HbA1c", 1)), List.of()));

    @BeforeAll
    static void setUp() throws IOException {
        Path g = guidelines();
        Map<String, String> files = new LinkedHashMap<>();
        for (String f : Terminology.FILES) {
            files.put(f, Files.readString(g.resolve("terminology").resolve(f)));
        }
        Terminology t = Terminology.parse(files);
        RuleSetDefinition.Builder def = RuleSetDefinition.builder().terminology(t).versionLabel("test@1")
            .messages(org.dxguard.rules.Messages.parse("ada-diabetes/messages.yaml",
                Files.readString(g.resolve("ada-diabetes/messages.yaml"))))
            .source(new RuleSource("ada-diabetes", "ada-diabetes/rules/metformin.drl",
                Files.readString(g.resolve("ada-diabetes/rules/metformin.drl"))))
            .source(new RuleSource("ada-diabetes", "ada-diabetes/rules/insulin.drl",
                Files.readString(g.resolve("ada-diabetes/rules/insulin.drl"))))
            .tableFact(new TableRow("max-daily-dose", "metformin", "IR", 2550, null, null))
            .tableFact(new TableRow("max-daily-dose", "metformin", "ER", 2000, null, null));
        for (int i = 1; i <= 8; i++) {
            def.rule(new RuleMeta("ADA-MET-00" + i, "ada-diabetes", "t", "FDA 2016", null, false));
        }
        for (int i = 1; i <= 5; i++) {
            def.rule(new RuleMeta("ADA-INS-00" + i, "ada-diabetes", "t", "ADA 2025 section 9", null, true));
        }
        CompiledRuleSet rules = RuleSetCompiler.compile(def.build());
        veto = VetoEngine.create(rules, t);
        vetoWithExcerpts = VetoEngine.create(rules, t, () -> java.util.Set.of("ADA-EXC-001", "DX-EXC-013"));
    }

    private static VetoEngine vetoWithExcerpts;

    @Test
    void should_veto_a_cited_guideline_excerpt_when_it_does_not_exist() {
        // given one real excerpt id, one invented and one from a package that is not loaded
        List<Claim> claims = List.of(
            new Claim("c1", Claim.Kind.GUIDELINE_EXCERPT, "candidates[0].guidelineExcerptIds[0]", "ADA-EXC-001",
                "ADA-EXC-001", null, false, null, null, null),
            new Claim("c2", Claim.Kind.GUIDELINE_EXCERPT, "candidates[0].guidelineExcerptIds[1]", "ADA-EXC-999",
                "ADA-EXC-999", null, false, null, null, null));
        // when
        VetoResult known = vetoWithExcerpts.review(patient(48), CANDIDATES, claims);
        VetoResult none = veto.review(patient(48), CANDIDATES, claims);
        // then the invented one is vetoed by VETO-GRD-003 as critical, and without excerpts every citation is
        assertThat(known.verdicts()).extracting(v -> v.allowed()).containsExactly(true, false);
        assertThat(known.vetoes()).singleElement().satisfies(v -> {
            assertThat(v.ruleId()).isEqualTo("VETO-GRD-003");
            assertThat(v.severity()).isEqualTo(org.dxguard.model.Severity.CRITICAL);
            assertThat(v.reason()).contains("ADA-EXC-999");
        });
        assertThat(none.verdicts()).extracting(v -> v.allowed()).containsExactly(false, false);
        assertThat(veto.vetoRuleIds()).contains("VETO-GRD-003");
    }

    static Path guidelines() {
        return RepoPaths.repo("guidelines");
    }

    private static PatientFacts patient(double egfr) {
        return PatientFacts.builder().asOf(AS_OF).ageYears(60)
            .condition(new Condition("c1", List.of(new Code(Code.SNOMED, "38341003", "Hypertensive disorder")), null, true, null))
            .observation(new Observation("o1", List.of(Code.loinc("33914-3")), egfr, "mL/min/{1.73_m2}", null, null,
                AS_OF.minusSeconds(86400 * 5)))
            .build();
    }

    private static Claim med(String id, String drug, String action, boolean negated, Dose dose) {
        return new Claim(id, Claim.Kind.MEDICATION, "text#s0", "", drug, action, negated, dose, null, null);
    }

    @Test
    void should_veto_with_guideline_rule_when_recommended_drug_is_contraindicated() {
        // when
        VetoResult r = veto.review(patient(25), CANDIDATES, List.of(med("c1", "metformin", "start", false,
            new Dose(500, "mg", DoseFrequency.TWICE_DAILY, null))));
        // then
        assertThat(r.vetoes()).singleElement().satisfies(v -> {
            assertThat(v.ruleId()).isEqualTo("ADA-MET-001");
            assertThat(v.guidelineId()).isEqualTo("ada-diabetes");
            assertThat(v.citation()).isEqualTo("FDA 2016");
        });
    }

    @Test
    void should_allow_when_recommendation_is_negated_or_patient_is_fine() {
        // when / then
        assertThat(veto.review(patient(25), CANDIDATES, List.of(med("c1", "metformin", "start", true, null))).allAllowed())
            .isTrue();
        assertThat(veto.review(patient(60), CANDIDATES, List.of(med("c1", "metformin", "start", false,
            new Dose(1000, "mg", DoseFrequency.TWICE_DAILY, null)))).allAllowed()).isTrue();
    }

    @Test
    void should_veto_dose_above_maximum_when_claimed_in_grams() {
        // when
        VetoResult r = veto.review(patient(60), CANDIDATES, List.of(med("c1", "metformin", "mention", false,
            new Dose(1.5, "g", DoseFrequency.TWICE_DAILY, null))));
        // then
        assertThat(r.vetoingRules()).containsExactly("ADA-MET-005");
    }

    @Test
    void should_apply_extended_release_maximum_when_claim_names_er_form() {
        // given 2250 mg/day: above the ER maximum (2000), below the IR maximum (2550)
        Dose d = new Dose(2250, "mg", DoseFrequency.ONCE_DAILY, null);
        Claim er = new Claim("c1", Claim.Kind.MEDICATION, "text#s0", "", "metformin", "start", false, d, null, null, "ER");
        // when / then
        assertThat(veto.review(patient(60), CANDIDATES, List.of(er)).vetoingRules()).containsExactly("ADA-MET-005");
        assertThat(veto.review(patient(60), CANDIDATES, List.of(med("c1", "metformin", "start", false, d))).allAllowed())
            .isTrue();
    }

    @Test
    void should_veto_grounding_diagnosis_and_directive_claims_when_they_break_veto_rules() {
        // given
        List<Claim> claims = List.of(
            new Claim("c1", Claim.Kind.EVIDENCE, "text#s0", "", "ev-1", null, false, null, null, null),
            new Claim("c2", Claim.Kind.EVIDENCE, "text#s0", "", "E9", null, false, null, null, null),
            new Claim("c3", Claim.Kind.LAB_VALUE, "text#s1", "", "EGFR", null, false, null, 25.0, null),
            new Claim("c4", Claim.Kind.LAB_VALUE, "text#s1", "", "EGFR", null, false, null, 48.0, null),
            new Claim("c5", Claim.Kind.DIAGNOSIS, "text#s2", "", "Type 2 diabetes", null, false, null, null, null),
            new Claim("c6", Claim.Kind.DIAGNOSIS, "text#s2", "", "pheochromocytoma", null, false, null, null, null),
            new Claim("c7", Claim.Kind.DIAGNOSIS, "text#s2", "", "hypertensive disorder", null, false, null, null, null),
            new Claim("c8", Claim.Kind.DIRECTIVE, "text#s3", "", "immediately", null, false, null, null, null),
            new Claim("c9", Claim.Kind.DIRECTIVE, "text#s3", "", "immediately", null, true, null, null, null));
        // when
        VetoResult r = veto.review(patient(48), CANDIDATES, claims);
        // then
        assertThat(r.verdicts()).extracting(v -> v.allowed())
            .containsExactly(true, false, false, true, true, false, true, false, true);
        assertThat(r.vetoingRules()).containsExactlyInAnyOrder("VETO-GRD-001", "VETO-GRD-002", "VETO-DX-001", "VETO-DIR-001");
        assertThat(r.vetoes()).allSatisfy(v -> assertThat(v.guidelineId()).isEqualTo(VetoEngine.GUIDELINE_ID));
    }

    @Test
    void should_check_unnamed_insulin_as_basal_when_dose_given() {
        // given an insulin-naive patient of 80 kg and advice to start "insulin" (type not named)
        PatientFacts p = patient(60).toBuilder().weightKg(80.0).build();
        // when
        VetoResult high = veto.review(p, CANDIDATES, List.of(med("c1", "insulin", "start", false,
            new Dose(100, "units", DoseFrequency.ONCE_DAILY, null))));
        VetoResult usual = veto.review(p, CANDIDATES, List.of(med("c1", "insulin", "start", false,
            new Dose(10, "units", DoseFrequency.ONCE_DAILY, null))));
        // then the basal starting-dose rule judges it; over-basalization alone (a warning without action) is no veto
        assertThat(high.vetoingRules()).containsExactly("ADA-INS-001");
        assertThat(usual.allAllowed()).isTrue();
        assertThat(high.vetoRulesVersion()).startsWith("dxguard-veto@1.0.0#");
    }
}
