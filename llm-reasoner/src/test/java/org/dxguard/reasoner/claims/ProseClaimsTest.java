package org.dxguard.reasoner.claims;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.dxguard.model.Candidate;
import org.dxguard.model.Claim;
import org.dxguard.model.Code;
import org.dxguard.model.Evidence;
import org.dxguard.reasoner.CandidateExplanation;
import org.dxguard.reasoner.Explanation;
import org.dxguard.reasoner.MedicationSuggestion;
import org.junit.jupiter.api.Test;

/**
 * The claims of realistic prose (issue 17): stated results, doses tied to their drug, orders versus suggestions and
 * diagnoses proposed versus excluded, in English and Chinese.
 */
class ProseClaimsTest {
    private final ClaimExtractor x = ClaimExtractor.standard();
    private final List<Candidate> candidates = List.of(
        new Candidate(Code.snomed("37796009"), "Migraine", 0.8, 3,
            List.of(new Evidence("ev:headache", Code.snomed("25064002"), "Unilateral throbbing headache", 1.0)),
            List.of(new Evidence("ev:bp-low", Code.snomed("45007003"), "Low blood pressure", 1.0))),
        new Candidate(Code.snomed("6142004"), "流行性感冒", 0.6, 3, List.of(), List.of()));

    private List<Claim> kind(String text, Claim.Kind k) {
        return x.extractText(text, candidates).stream().filter(c -> c.kind() == k).toList();
    }

    // ------------------------------------------------------------------------------------------ results

    @Test
    void should_read_a_stated_result_when_a_test_value_or_reading_is_quoted() {
        assertThat(kind("Her TSH of 0.1 mIU/L shows over-replacement.", Claim.Kind.RESULT)).singleElement()
            .satisfies(c -> {
                assertThat(c.subject()).isEqualTo("TSH");
                assertThat(c.value()).isEqualTo(0.1);
                assertThat(c.unit()).isEqualTo("mIU/L");
            });
        assertThat(kind("C反应蛋白正常，基本可排除细菌感染。", Claim.Kind.RESULT)).singleElement()
            .satisfies(c -> assertThat(c.subject() + " " + c.action()).isEqualTo("CRP normal"));
        assertThat(kind("His chest radiograph shows a dense right lower lobe consolidation.", Claim.Kind.RESULT))
            .extracting(Claim::subject, Claim::action).containsExactly(org.assertj.core.groups.Tuple.tuple("XRAY", "stated"));
        assertThat(kind("眼底检查见视乳头水肿。", Claim.Kind.RESULT)).extracting(Claim::subject).containsExactly("FUNDOSCOPY");
        assertThat(kind("On ultrasound there were several gallstones.", Claim.Kind.RESULT)).extracting(Claim::subject)
            .containsExactly("ULTRASOUND");
        assertThat(kind("MRI: a large L5/S1 disc protrusion.", Claim.Kind.RESULT)).extracting(Claim::subject)
            .containsExactly("MRI");
        assertThat(kind("胸片：右下肺实变。", Claim.Kind.RESULT)).extracting(Claim::subject).containsExactly("XRAY");
        assertThat(kind("Urine dipstick positive for nitrites.", Claim.Kind.RESULT)).extracting(Claim::subject)
            .containsExactly("URINALYSIS");
        assertThat(kind("Blood pressure of 124/78 mmHg and a fever of 38.4 °C (about 101.1 °F) in a 68-year-old.",
            Claim.Kind.RESULT)).extracting(Claim::subject).containsExactly("BP_SYSTOLIC", "BP_DIASTOLIC", "TEMPERATURE",
            "TEMPERATURE", "AGE");
    }

    @Test
    void should_read_no_stated_result_when_a_test_is_planned_hypothetical_negated_or_a_threshold() {
        assertThat(kind("Chest radiograph if the cough persists.", Claim.Kind.RESULT)).isEmpty();
        assertThat(kind("If gout were confirmed, the treatment target would be a serum urate below 6 mg/dL; "
            + "no urate result is available yet.", Claim.Kind.RESULT)).isEmpty();
        assertThat(kind("An MRI would show it if it were a disc prolapse.", Claim.Kind.RESULT)).isEmpty();
        assertThat(kind("No chest radiograph has been done.", Claim.Kind.RESULT)).isEmpty();
        assertThat(kind("Send a urine culture and treat only if it is positive.", Claim.Kind.RESULT)).isEmpty();
        assertThat(kind("疼痛本身可使血压一过性升高，若症状加重应行胸部 X 线检查。", Claim.Kind.RESULT)).isEmpty();
        // a finding of the case named by its label is evidence, not a result
        assertThat(kind("Not reported yet: Low blood pressure.", Claim.Kind.RESULT)).isEmpty();
    }

    @Test
    void should_leave_what_would_confirm_a_candidate_out_when_results_are_read() {
        // given
        Explanation e = new Explanation(List.of(new CandidateExplanation("Migraine", "Headache [ev:headache].",
            List.of("ev:headache"), List.of("New consolidation on a chest radiograph"), List.of("A normal CRP"),
            List.of("CT head shows no bleed"), List.of(), List.of())), "");
        // when
        List<Claim> results = x.extract(e, candidates).stream().filter(c -> c.kind() == Claim.Kind.RESULT).toList();
        // then only the next step's stated result is read
        assertThat(results).extracting(Claim::field).containsExactly("candidates[0].nextSteps[0]#s0");
    }

    // ------------------------------------------------------------------------------------------ doses

    @Test
    void should_tie_a_dose_to_its_own_drug_when_a_field_names_another() {
        // given a loperamide dose written into the insulin glargine medication's frequency
        Explanation e = new Explanation(List.of(new CandidateExplanation("Migraine", "Headache [ev:headache].",
            List.of("ev:headache"), List.of(), List.of(), List.of(), List.of(new MedicationSuggestion("insulin glargine",
            20.0, "units", "at bedtime, and loperamide 4 mg after every loose stool up to 24 mg a day", "continue")),
            List.of())), "");
        // when
        List<Claim> meds = x.extract(e, candidates).stream().filter(c -> c.kind() == Claim.Kind.MEDICATION).toList();
        // then glargine keeps its 20 units at bedtime and loperamide gets 4 mg with the stated 24 mg a day
        assertThat(meds).anySatisfy(m -> {
            assertThat(m.subject()).isEqualTo("insulin glargine");
            assertThat(m.dose().amount()).isEqualTo(20.0);
            assertThat(m.dose().maxPerDay()).isNull();
        }).anySatisfy(m -> {
            assertThat(m.subject()).isEqualTo("loperamide");
            assertThat(m.dose().amount()).isEqualTo(4.0);
            assertThat(m.dose().maxPerDay()).isEqualTo(24.0);
        });
    }

    @Test
    void should_read_a_dose_as_tied_to_no_drug_when_its_unit_cannot_be_the_drugs() {
        assertThat(kind("甘精胰岛素睡前照常注射 16 单位，每次稀便后再加 4 mg，每日可用到 24 mg。", Claim.Kind.DOSE))
            .extracting(Claim::subject).containsExactly("4 mg");
        assertThat(kind("Alongside his propranolol, 30 mL four times a day.", Claim.Kind.DOSE))
            .extracting(Claim::subject).containsExactly("30 mL");
        assertThat(kind("Acetaminophen 1 g every 6 hours (no more than 4 g in 24 hours).", Claim.Kind.DOSE)).isEmpty();
    }

    @Test
    void should_read_intervals_maxima_and_routes_when_doses_are_written_as_clinicians_write_them() {
        assertThat(kind("acetaminophen 1 g every 4-6 hours", Claim.Kind.MEDICATION).get(0).dose().frequency().perDay())
            .isEqualTo(6.0);
        assertThat(kind("对乙酰氨基酚 0.5 g，必要时每 6 小时一次，每日不超过 2 g", Claim.Kind.MEDICATION).get(0).dose())
            .satisfies(d -> {
                assertThat(d.frequency().perDay()).isEqualTo(4.0);
                assertThat(d.maxPerDay()).isEqualTo(2.0);
            });
        assertThat(kind("秋水仙碱 1 mg 每小时一次", Claim.Kind.MEDICATION).get(0).dose().frequency().perDay()).isEqualTo(24.0);
        assertThat(kind("diclofenac 4 g of 1 % gel to the knee four times daily", Claim.Kind.MEDICATION).get(0).dose()
            .route()).isEqualTo("topical");
        // a combination product named first by amoxicillin: its dose is the amoxicillin component's
        assertThat(kind("amoxicillin–clavulanate 875/125 mg twice daily", Claim.Kind.MEDICATION)).singleElement()
            .satisfies(m -> {
                assertThat(m.subject()).isEqualTo("amoxicillin");
                assertThat(m.dose().amount()).isEqualTo(875.0);
            });
    }

    // ------------------------------------------------------------------------------------------ orders

    @Test
    void should_read_an_order_when_a_medication_change_is_timed_or_imperative() {
        assertThat(kind("Stop furosemide today and restart it once the fever has settled.", Claim.Kind.INSTRUCTION))
            .extracting(Claim::subject, Claim::action).containsExactly(
                org.assertj.core.groups.Tuple.tuple("medication:furosemide", "timed"));
        assertThat(kind("今晚把格列齐特加倍到 120 mg。", Claim.Kind.INSTRUCTION)).extracting(Claim::action)
            .containsExactly("timed");
        assertThat(kind("立即停用左甲状腺素。", Claim.Kind.INSTRUCTION)).extracting(Claim::subject)
            .containsExactly("medication:levothyroxine");
        assertThat(kind("Double the levothyroxine to 200 mcg.", Claim.Kind.INSTRUCTION)).extracting(Claim::action)
            .containsExactly("imperative");
    }

    @Test
    void should_read_no_order_when_a_change_is_suggested_or_conditional() {
        assertThat(kind("Stop metformin now that eGFR is 25 and review other options.", Claim.Kind.INSTRUCTION)).isEmpty();
        assertThat(kind("可与主管医生讨论将氢氯噻嗪换为氯沙坦。", Claim.Kind.INSTRUCTION)).isEmpty();
        assertThat(kind("A review of her antihypertensives by her clinician is reasonable.", Claim.Kind.INSTRUCTION))
            .isEmpty();
        assertThat(kind("Hold metformin while she is vomiting and restart it when she eats.", Claim.Kind.INSTRUCTION))
            .isEmpty();
        assertThat(kind("建议您为患者复查肾功能。", Claim.Kind.INSTRUCTION)).isEmpty();
    }

    @Test
    void should_read_a_patient_instruction_when_the_text_addresses_the_patient() {
        assertThat(kind("You should drink at least three litres of fluid today.", Claim.Kind.INSTRUCTION))
            .extracting(Claim::subject).contains("patient");
        assertThat(kind("你今晚就开始吃阿莫西林。", Claim.Kind.INSTRUCTION)).extracting(Claim::subject).contains("patient");
        assertThat(kind("If you develop chest pain, seek emergency care.", Claim.Kind.INSTRUCTION)).isEmpty();
        assertThat(kind("Drink at least two litres of water a day.", Claim.Kind.INSTRUCTION)).extracting(Claim::subject)
            .contains("patient");
        // a finding's label is not an imperative
        assertThat(kind("Sleep Disturbances", Claim.Kind.INSTRUCTION)).isEmpty();
    }

    @Test
    void should_not_read_conditional_safety_netting_as_a_directive_when_it_contains_immediately() {
        assertThat(kind("He should seek emergency care immediately if he becomes confused.", Claim.Kind.DIRECTIVE))
            .allMatch(Claim::negated).isNotEmpty();
        assertThat(kind("如出现呼吸困难、胸痛或意识改变，应立即就医。", Claim.Kind.DIRECTIVE)).allMatch(Claim::negated);
        assertThat(kind("Any new leg weakness or numbness needs emergency care without delay.", Claim.Kind.DIRECTIVE))
            .allMatch(Claim::negated).isNotEmpty();
        assertThat(kind("Glucose is high; call 911 if confused.", Claim.Kind.DIRECTIVE)).noneMatch(Claim::negated);
        assertThat(kind("Give insulin glargine 10 units immediately.", Claim.Kind.DIRECTIVE)).noneMatch(Claim::negated);
    }

    // ------------------------------------------------------------------------------------------ diagnoses

    @Test
    void should_read_a_diagnosis_proposed_as_likely_when_it_is_named_in_english_or_chinese() {
        assertThat(kind("The most likely diagnosis is normal pressure hydrocephalus, which explains the falls.",
            Claim.Kind.DIAGNOSIS)).extracting(Claim::subject).containsExactly("normal pressure hydrocephalus");
        assertThat(kind("Overall this is streptococcal pharyngitis.", Claim.Kind.DIAGNOSIS)).extracting(Claim::subject)
            .containsExactly("streptococcal pharyngitis");
        assertThat(kind("The most likely diagnosis is cryptogenic organising pneumonitis.", Claim.Kind.DIAGNOSIS))
            .extracting(Claim::subject).containsExactly("cryptogenic organising pneumonitis");
        assertThat(kind("最可能的诊断是急性支气管炎，流感可能性不大。", Claim.Kind.DIAGNOSIS)).extracting(Claim::subject)
            .containsExactly("acute bronchitis");
        assertThat(kind("Overall the picture is typical of interstitial cystitis.", Claim.Kind.DIAGNOSIS))
            .extracting(Claim::subject).containsExactly("interstitial cystitis");
        // a diagnosis added to the differential is proposed too
        assertThat(kind("Migraine is the most likely candidate; appendicitis is also considered.", Claim.Kind.DIAGNOSIS))
            .extracting(Claim::subject).contains("appendicitis");
        // an umbrella word names no diagnosis
        assertThat(kind("The raised CRP is suggestive of a bacterial infection.", Claim.Kind.DIAGNOSIS)).isEmpty();
    }

    @Test
    void should_read_no_diagnosis_when_it_is_named_to_exclude_monitor_or_as_a_risk() {
        assertThat(kind("Meningitis must be considered if fever, neck stiffness or a rash appear.", Claim.Kind.DIAGNOSIS))
            .isEmpty();
        assertThat(kind("Pneumonia should still be excluded with a chest radiograph.", Claim.Kind.DIAGNOSIS)).isEmpty();
        assertThat(kind("Hypoglycaemia is a risk on insulin glargine if she cannot eat.", Claim.Kind.DIAGNOSIS)).isEmpty();
        assertThat(kind("Limit acute treatment to avoid medication-overuse headache.", Claim.Kind.DIAGNOSIS)).isEmpty();
        assertThat(kind("需排除蛛网膜下腔出血等继发性头痛。", Claim.Kind.DIAGNOSIS)).isEmpty();
        assertThat(kind("Migraine is the most likely diagnosis: a unilateral throbbing headache fits.", Claim.Kind.DIAGNOSIS))
            .extracting(Claim::subject).containsOnly("Migraine");
    }
}
