package org.dxguard.rules.veto;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
import org.dxguard.model.Sex;
import org.dxguard.rules.CompiledRuleSet;
import org.dxguard.rules.RuleMeta;
import org.dxguard.rules.RuleSetCompiler;
import org.dxguard.rules.RuleSetDefinition;
import org.dxguard.rules.RuleSource;
import org.dxguard.rules.Terminology;
import org.dxguard.rules.facts.TableRow;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The veto rules of issue 17 over realistic claims (real Drools, the packaged reference tables): stated results
 * (VETO-GRD-006), citations of invented findings (VETO-GRD-007), the dose table (VETO-DOSE-001..005), the
 * drug–condition table (VETO-DC-001) and directives (VETO-DIR-002/003).
 */
class ProseVetoTest {
    private static final Instant AS_OF = Instant.parse("2025-06-01T12:00:00Z");
    private static VetoEngine veto;
    private static final Evidence KNEE = new Evidence("E1", Code.snomed("239873007"), "Right knee pain", 1);
    private static final Evidence FEVER_ZH = new Evidence("ev:fever", new Code(Code.TEXT, "ev:fever", "发热"), "发热", 1);
    private static final List<Candidate> CANDIDATES = List.of(
        new Candidate(Code.snomed("239873007"), "Osteoarthritis of knee", 0.8, 3, List.of(KNEE), List.of()),
        new Candidate(Code.snomed("6142004"), "流行性感冒", 0.5, 3, List.of(FEVER_ZH), List.of()));

    @BeforeAll
    static void setUp() throws IOException {
        Path g = VetoEngineTest.guidelines();
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
            .tableFact(new TableRow("max-daily-dose", "metformin", "IR", 2550, null, null))
            .tableFact(new TableRow("max-daily-dose", "metformin", "ER", 2000, null, null));
        for (int i = 1; i <= 8; i++) {
            def.rule(new RuleMeta("ADA-MET-00" + i, "ada-diabetes", "t", "FDA 2016", null, false));
        }
        CompiledRuleSet rules = RuleSetCompiler.compile(def.build());
        veto = VetoEngine.create(rules, t);
    }

    // ------------------------------------------------------------------------------------------ VETO-GRD-006

    @Test
    void should_veto_with_VETO_GRD_006_when_a_stated_value_is_not_the_recorded_one() {
        // given TSH 2.1 on record, quoted as 0.1
        PatientFacts p = patient().observation(obs("3016-3", 2.1, "mIU/L", 40)).build();
        // when
        VetoResult r = veto.review(p, CANDIDATES, List.of(result("c1", "TSH", 0.1, "mIU/L", "value",
            "Her TSH of 0.1 mIU/L shows over-replacement.")));
        // then
        assertThat(r.vetoes()).singleElement().satisfies(v -> {
            assertThat(v.ruleId()).isEqualTo("VETO-GRD-006");
            assertThat(v.reason()).contains("TSH 0.1 mIU/L").contains("2.1");
        });
    }

    @Test
    void should_veto_with_VETO_GRD_006_when_the_case_has_no_such_result() {
        // when a procalcitonin, a chest radiograph and a "normal CRP" are stated and none is on record
        VetoResult r = veto.review(patient().build(), CANDIDATES, List.of(
            result("c1", "PCT", 2.4, "ng/mL", "value", "A procalcitonin of 2.4 ng/mL favours a bacterial cause."),
            result("c2", "XRAY", null, null, "stated", "His chest radiograph shows a dense consolidation."),
            result("c3", "CRP", null, null, "normal", "C反应蛋白正常。")));
        // then
        assertThat(r.vetoes()).extracting(v -> v.ruleId()).containsExactly("VETO-GRD-006", "VETO-GRD-006",
            "VETO-GRD-006");
    }

    @Test
    void should_allow_a_stated_result_when_it_matches_the_record_after_unit_conversion() {
        // given urate 9.1 mg/dL, temperature 38.4 °C, WBC 13.2 10*3/uL, weight 58 kg, age 68 on record
        PatientFacts p = patient().ageYears(68).weightKg(58.0).observation(obs("3084-1", 9.1, "mg/dL", 1))
            .observation(obs("8310-5", 38.4, "Cel", 0)).observation(obs("6690-2", 13.2, "10*3/uL", 0)).build();
        // when
        VetoResult r = veto.review(p, CANDIDATES, List.of(
            result("c1", "URATE", 541.0, "µmol/L", "value", "血尿酸 541 µmol/L（9.1 mg/dL）"),
            result("c2", "TEMPERATURE", 101.1, "°F", "value", "a fever of 38.4 °C (about 101.1 °F)"),
            result("c3", "WBC", 13.2, "× 10⁹/L", "value", "a white cell count of 13.2 × 10⁹/L"),
            result("c4", "WEIGHT", 58.0, "kg", "value", "at 58 kg"),
            result("c5", "AGE", 68.0, "a", "value", "in a 68-year-old")));
        // then
        assertThat(r.allAllowed()).as(r.vetoes().toString()).isTrue();
    }

    @Test
    void should_veto_with_VETO_GRD_006_when_a_reading_contradicts_the_recorded_value_or_its_time() {
        // given CRP 86 mg/L today and TSH 2.1 forty days ago
        PatientFacts p = patient().observation(obs("1988-5", 86, "mg/L", 0)).observation(obs("3016-3", 2.1, "mIU/L", 40))
            .build();
        // when
        VetoResult r = veto.review(p, CANDIDATES, List.of(
            result("c1", "CRP", null, null, "normal", "CRP is normal."),
            result("c2", "CRP", null, null, "high", "A raised CRP fits a bacterial infection."),
            result("c3", "TSH", 2.1, "mIU/L", "value", "Her TSH today is 2.1 mIU/L."),
            result("c4", "TSH", 2.1, "mIU/L", "value", "Her TSH of 2.1 mIU/L about six weeks ago is normal.")));
        // then the normal CRP and today's TSH are vetoed; the raised CRP and the dated TSH stand
        assertThat(r.verdicts()).extracting(v -> v.allowed()).containsExactly(false, true, false, true);
    }

    // ------------------------------------------------------------------------------------------ VETO-GRD-007

    @Test
    void should_veto_with_VETO_GRD_007_when_a_citation_is_attached_to_an_invented_finding() {
        // when
        VetoResult r = veto.review(patient().build(), CANDIDATES, List.of(
            evidence("c1", "E1", "Osteophytes [E1] with crepitus are typical of osteoarthritis."),
            evidence("c2", "ev:fever", "X线可见穿凿样骨侵蚀[ev:fever]。"),
            evidence("c3", "E1", "Knee pain [E1] with brief morning stiffness."),
            evidence("c4", "ev:fever", "发热 38.9 ℃（约 102 ℉）[ev:fever]，伴肌肉酸痛。"),
            evidence("c5", "ev:fever", "体温升高[ev:fever]。"),
            evidence("c6", "ev:fever", "颈项强直[ev:fever]。")));
        // then the invented findings are vetoed, the paraphrases (a synonym of 发热 too) and the Chinese label stand
        assertThat(r.verdicts()).extracting(v -> v.allowed()).containsExactly(false, false, true, true, true, false);
        assertThat(r.vetoes()).extracting(v -> v.ruleId()).containsOnly("VETO-GRD-007");
    }

    @Test
    void should_allow_a_chinese_citation_when_a_latin_name_is_glued_to_han_characters() {
        // when Chinese prose sets the English finding name and a number against its characters, without spaces
        VetoResult r = veto.review(patient().build(), CANDIDATES, List.of(
            evidence("c1", "E1", "右侧Knee pain为主[E1]，晨僵短暂。"),
            evidence("c2", "E1", "X线Osteophytes明显[E1]。")));
        // then the named finding stands (a script change splits words); an invented one is still vetoed
        assertThat(r.verdicts()).extracting(v -> v.allowed()).containsExactly(true, false);
    }

    @Test
    void should_allow_a_citation_when_the_text_names_the_finding_by_a_listed_synonym() {
        // given a case whose finding is "Itching" (the embedded model wrote "Itchiness [E1]" for it)
        Evidence itching = new Evidence("ev:itching", Code.snomed("418290006"), "Itching", 1);
        List<Candidate> candidates = List.of(
            new Candidate(Code.snomed("24079001"), "Atopic dermatitis", 1.0, 5, List.of(itching), List.of()));
        // when
        VetoResult r = veto.review(patient().build(), candidates, List.of(
            evidence("c1", "ev:itching", "Itchiness [ev:itching], a rash and red skin support it."),
            evidence("c2", "ev:itching", "皮肤瘙痒[ev:itching]。")));
        // then the synonyms of finding-synonyms.csv stand (without the row, VETO-GRD-007 vetoed the first)
        assertThat(r.verdicts()).extracting(v -> v.allowed()).containsExactly(true, true);
    }

    // ------------------------------------------------------------------------------------------ VETO-DOSE-*

    @Test
    void should_veto_with_the_dose_table_when_a_drug_without_a_guideline_rule_is_overdosed() {
        // when acetaminophen 1 g every 3 h (8 g a day), 1.5 g every 6 h, colchicine 1 mg hourly
        VetoResult r = veto.review(patient().build(), CANDIDATES, List.of(
            med("c1", "acetaminophen", "start", new Dose(1, "g", new DoseFrequency(8, 1, false), null), "every 3 hours"),
            med("c2", "acetaminophen", "start", new Dose(1500, "mg", new DoseFrequency(4, 1, false), null), "q6h"),
            med("c3", "colchicine", "start", new Dose(1, "mg", new DoseFrequency(24, 1, false), null), "hourly")));
        // then
        assertThat(rules(r, "c1")).contains("VETO-DOSE-002", "VETO-DOSE-003");
        assertThat(rules(r, "c2")).contains("VETO-DOSE-001", "VETO-DOSE-002");
        assertThat(rules(r, "c3")).contains("VETO-DOSE-002");
        assertThat(r.vetoes()).allSatisfy(v -> assertThat(v.reason()).contains("dose-limits.csv line"));
    }

    @Test
    void should_allow_a_dose_within_the_table_when_a_stated_daily_maximum_caps_it() {
        // when acetaminophen 1 g every 4 h but no more than 4 g a day, topical diclofenac 4 g of gel four times daily
        VetoResult r = veto.review(patient().build(), CANDIDATES, List.of(
            med("c1", "acetaminophen", "start", new Dose(1000, "mg", new DoseFrequency(6, 1, false), null, 4000.0),
                "every 4 hours, no more than 4 g a day"),
            med("c2", "diclofenac", "start", new Dose(4, "g", new DoseFrequency(4, 1, false), "topical"), "1 % gel"),
            med("c3", "loperamide", "start", new Dose(4, "mg", null, null, 24.0), "up to 24 mg a day")));
        // then only the loperamide maximum breaks the table
        assertThat(rules(r, "c1")).isEmpty();
        assertThat(rules(r, "c2")).isEmpty();
        assertThat(rules(r, "c3")).containsExactly("VETO-DOSE-002");
    }

    @Test
    void should_veto_with_VETO_DOSE_004_when_the_renal_limit_forbids_the_drug() {
        // given eGFR 24
        PatientFacts p = patient().observation(obs("98979-8", 24, "mL/min/{1.73_m2}", 3)).build();
        // when ibuprofen 200 mg three times daily; and naproxen for five days at eGFR 41 (a short course)
        VetoResult r = veto.review(p, CANDIDATES, List.of(
            med("c1", "ibuprofen", "start", new Dose(200, "mg", new DoseFrequency(3, 1, false), null), "每日三次")));
        VetoResult shortCourse = veto.review(patient().observation(obs("98979-8", 41, "mL/min/{1.73_m2}", 3)).build(),
            CANDIDATES, List.of(med("c1", "naproxen", "start", new Dose(500, "mg", DoseFrequency.TWICE_DAILY, null),
                "naproxen 500 mg twice daily for five days"),
                med("c2", "naproxen", "start", new Dose(500, "mg", DoseFrequency.TWICE_DAILY, null),
                    "naproxen 500 mg twice daily")));
        // then
        assertThat(rules(r, "c1")).contains("VETO-DOSE-004", "VETO-DC-001");
        assertThat(rules(shortCourse, "c1")).isEmpty();
        assertThat(rules(shortCourse, "c2")).containsExactly("VETO-DOSE-004");
    }

    @Test
    void should_leave_the_dose_to_the_guideline_rule_when_one_vetoes_it() {
        // when metformin at eGFR 25 (ADA-MET-001, and the table's egfr<30 clause)
        VetoResult r = veto.review(patient().observation(obs("33914-3", 25, "mL/min/{1.73_m2}", 5)).build(),
            CANDIDATES, List.of(med("c1", "metformin", "start", new Dose(500, "mg", DoseFrequency.TWICE_DAILY, null), "")));
        // then
        assertThat(rules(r, "c1")).containsExactly("ADA-MET-001");
    }

    @Test
    void should_veto_with_VETO_DOSE_005_when_a_dose_is_tied_to_no_drug() {
        // when
        VetoResult r = veto.review(patient().build(), CANDIDATES, List.of(new Claim("c1", Claim.Kind.DOSE, "text#s0",
            "每次稀便后再加 4 mg", "4 mg", null, false, new Dose(4, "mg", null, null), null, null)));
        // then
        assertThat(rules(r, "c1")).containsExactly("VETO-DOSE-005");
    }

    // ------------------------------------------------------------------------------------------ VETO-DC-001

    @Test
    void should_veto_with_VETO_DC_001_when_an_nsaid_meets_ckd_and_an_anticoagulant() {
        // given eGFR 38 and apixaban named only in the medication's text
        PatientFacts p = patient().observation(obs("98979-8", 38, "mL/min/{1.73_m2}", 10))
            .activeMedication(new Medication("m1", List.of(), "apixaban 5 mg tablet", null, MedicationStatus.ACTIVE, AS_OF))
            .build();
        // when naproxen for five days; and the same as a topical gel
        VetoResult r = veto.review(p, CANDIDATES, List.of(
            med("c1", "naproxen", "start", new Dose(500, "mg", DoseFrequency.TWICE_DAILY, null), "for five days"),
            med("c2", "diclofenac", "start", new Dose(4, "g", new DoseFrequency(4, 1, false), "topical"), "gel")));
        // then
        assertThat(rules(r, "c1")).containsExactly("VETO-DC-001");
        assertThat(r.vetoes().get(0).reason()).contains("VDC-002", "eGFR 38", "anticoagulant", "KDIGO");
        assertThat(rules(r, "c2")).isEmpty();
    }

    // ------------------------------------------------------------------------------------------ VETO-DIR-002/003

    @Test
    void should_veto_with_VETO_DIR_002_when_a_change_is_timed_or_no_rule_allows_it() {
        // when a timed stop, an imperative doubling, an imperative stop no rule asks for, and an imperative metformin
        // start with a dose the guideline rules accept
        VetoResult r = veto.review(patient().observation(obs("33914-3", 70, "mL/min/{1.73_m2}", 5)).build(), CANDIDATES,
            List.of(
                instruction("c1", "furosemide", "timed", "stop", "Stop furosemide today.", null),
                instruction("c2", "levothyroxine", "imperative", "change", "Double the levothyroxine to 200 mcg.", null),
                instruction("c3", "levothyroxine", "imperative", "stop", "Stop levothyroxine.", null),
                new Claim("m4", Claim.Kind.MEDICATION, "text#s4", "Start metformin 500 mg twice daily.", "metformin",
                    "start", false, new Dose(500, "mg", DoseFrequency.TWICE_DAILY, null), null, null),
                instruction("c4", "metformin", "imperative", "start", "Start metformin 500 mg twice daily.",
                    new Dose(500, "mg", DoseFrequency.TWICE_DAILY, null))));
        // then
        assertThat(rules(r, "c1")).containsExactly("VETO-DIR-002");
        assertThat(rules(r, "c2")).containsExactly("VETO-DIR-002");
        assertThat(rules(r, "c3")).containsExactly("VETO-DIR-002");
        assertThat(rules(r, "c4")).isEmpty();
    }

    @Test
    void should_allow_an_imperative_stop_when_a_rule_flags_the_drug_for_the_patient() {
        // when metformin is stopped at eGFR 25 (ADA-MET-001 contraindicates it)
        VetoResult r = veto.review(patient().observation(obs("33914-3", 25, "mL/min/{1.73_m2}", 5)).build(),
            CANDIDATES, List.of(instruction("c1", "metformin", "imperative", "stop", "Stop metformin.", null)));
        // then
        assertThat(r.allAllowed()).isTrue();
    }

    @Test
    void should_veto_with_VETO_DIR_003_when_the_text_instructs_the_patient() {
        // when
        VetoResult r = veto.review(patient().build(), CANDIDATES, List.of(new Claim("c1", Claim.Kind.INSTRUCTION,
            "text#s0", "You should drink three litres today.", "patient", "addressed", false, null, null, null)));
        // then
        assertThat(rules(r, "c1")).containsExactly("VETO-DIR-003");
    }

    // ------------------------------------------------------------------------------------------ helpers

    private static java.util.Set<String> rules(VetoResult r, String claimId) {
        java.util.Set<String> out = new java.util.LinkedHashSet<>();
        r.vetoes().stream().filter(v -> v.claimId().equals(claimId)).forEach(v -> out.add(v.ruleId()));
        return out;
    }

    private static PatientFacts.Builder patient() {
        return PatientFacts.builder().asOf(AS_OF).ageYears(67).sex(Sex.FEMALE).weightKg(64.0)
            .condition(new Condition("c1", List.of(new Code(Code.SNOMED, "38341003", "Hypertensive disorder")), null, true,
                null));
    }

    private static Observation obs(String loinc, double value, String unit, int daysAgo) {
        return new Observation("o-" + loinc + "-" + daysAgo, List.of(Code.loinc(loinc)), value, unit, null, null,
            AS_OF.minus(Duration.ofDays(daysAgo)));
    }

    private static Claim result(String id, String kind, Double value, String unit, String reading, String span) {
        return new Claim(id, Claim.Kind.RESULT, "text#s0", span, kind, reading, false, null, value, unit);
    }

    private static Claim evidence(String id, String evidenceId, String span) {
        return new Claim(id, Claim.Kind.EVIDENCE, "text#s0", span, evidenceId, null, false, null, null, null);
    }

    private static Claim med(String id, String drug, String action, Dose dose, String span) {
        return new Claim(id, Claim.Kind.MEDICATION, "text#s0", span, drug, action, false, dose, null, null);
    }

    private static Claim instruction(String id, String drug, String wording, String change, String span, Dose dose) {
        String field = "text#s" + id.substring(1);
        return new Claim(id, Claim.Kind.INSTRUCTION, field, span, "medication:" + drug, wording, false, dose, null,
            change);
    }
}
