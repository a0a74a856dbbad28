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

class ClaimExtractorTest {
    private final ClaimExtractor x = ClaimExtractor.standard();
    private final List<Candidate> candidates = List.of(new Candidate(Code.snomed("44054006"), "Type 2 diabetes mellitus",
        0.8, 3, List.of(new Evidence("ev-1", Code.loinc("4548-4"), "HbA1c 9.1 %", 1.0)), List.of()));

    private List<Claim> meds(String text) {
        return x.extractText(text, candidates).stream().filter(c -> c.kind() == Claim.Kind.MEDICATION).toList();
    }

    @Test
    void should_read_drug_dose_and_frequency_when_written_with_digits() {
        // when
        List<Claim> c = meds("Start metformin 500 mg bid.");
        // then
        assertThat(c).singleElement().satisfies(m -> {
            assertThat(m.subject()).isEqualTo("metformin");
            assertThat(m.action()).isEqualTo("start");
            assertThat(m.negated()).isFalse();
            assertThat(m.dose().dailyAmount()).isEqualTo(1000.0);
        });
    }

    @Test
    void should_read_number_words_and_grams_when_dose_is_spelled_out() {
        assertThat(meds("Give metformin two thousand milligrams twice daily.").get(0).dose().dailyMilligrams())
            .hasValue(4000.0);
        assertThat(meds("Recommend Glucophage 2 g twice a day.").get(0).dose().dailyMilligrams()).hasValue(4000.0);
        assertThat(meds("Metformin 500-1000 mg bid is reasonable.").get(0).dose().dailyMilligrams()).hasValue(2000.0);
    }

    @Test
    void should_mark_extended_release_when_form_is_named() {
        assertThat(meds("Start metformin XR 2250 mg daily.").get(0).release()).isEqualTo("ER");
        assertThat(meds("建议二甲双胍缓释片 2250毫克，每日一次。").get(0).release()).isEqualTo("ER");
        assertThat(meds("Start metformin 500 mg bid.").get(0).release()).isNull();
    }

    @Test
    void should_mark_negated_when_text_says_do_not_start() {
        // when
        List<Claim> c = meds("Do not start metformin; start insulin glargine 10 units daily instead.");
        // then
        assertThat(c).hasSize(2);
        assertThat(c.get(0).negated()).isTrue();
        assertThat(c.get(0).recommendsDrug()).isFalse();
        assertThat(c.get(1).subject()).isEqualTo("insulin glargine");
        assertThat(c.get(1).recommendsDrug()).isTrue();
        assertThat(meds("Metformin is contraindicated at this eGFR.").get(0).negated()).isTrue();
    }

    @Test
    void should_read_chinese_drug_names_and_numerals_when_answer_is_chinese() {
        // when
        List<Claim> c = meds("建议开始使用二甲双胍 一千五百毫克，每日两次。");
        // then
        assertThat(c).singleElement().satisfies(m -> {
            assertThat(m.subject()).isEqualTo("metformin");
            assertThat(m.recommendsDrug()).isTrue();
            assertThat(m.dose().dailyMilligrams()).hasValue(3000.0);
        });
        assertThat(meds("不要使用二甲双胍。").get(0).negated()).isTrue();
        assertThat(meds("开始胰岛素 100 单位 每日一次").get(0).subject()).isEqualTo("insulin");
    }

    @Test
    void should_resolve_brands_and_misspellings_when_not_generic() {
        assertThat(meds("Start Jardiance 10 mg daily.").get(0).subject()).isEqualTo("empagliflozin");
        assertThat(meds("Start metfromin 500 mg daily.").get(0).subject()).isEqualTo("metformin");
        assertThat(meds("Start metforminn 500 mg daily.").get(0).subject()).isEqualTo("metformin");
    }

    @Test
    void should_attach_dose_from_another_field_when_split() {
        // given
        CandidateExplanation c = new CandidateExplanation("Type 2 diabetes mellitus", "Raised HbA1c [ev-1].",
            List.of("ev-1"), List.of(), List.of(), List.of("Start metformin.", "Dose: 3000 mg daily."), List.of());
        // when
        List<Claim> claims = x.extract(new Explanation(List.of(c), ""), candidates);
        // then
        assertThat(claims).filteredOn(k -> k.kind() == Claim.Kind.MEDICATION && k.dose() != null)
            .singleElement().satisfies(k -> assertThat(k.field()).isEqualTo("candidates[0].nextSteps[1]#s0"));
    }

    @Test
    void should_read_structured_fields_when_explanation_is_structured() {
        // given
        CandidateExplanation c = new CandidateExplanation("Type 2 diabetes", "HbA1c 9.1 % [ev-1] and [E9].",
            List.of("ev-1"), List.of(), List.of(), List.of(),
            List.of(new MedicationSuggestion("Lantus", 40.0, "units", "once daily", "start")));
        // when
        List<Claim> claims = x.extract(new Explanation(List.of(c), "Start immediately."), candidates);
        // then
        assertThat(claims).anySatisfy(k -> {
            assertThat(k.kind()).isEqualTo(Claim.Kind.DIAGNOSIS);
            assertThat(k.subject()).isEqualTo("Type 2 diabetes mellitus");
        });
        assertThat(claims).filteredOn(k -> k.kind() == Claim.Kind.EVIDENCE).extracting(Claim::subject)
            .containsExactlyInAnyOrder("ev-1", "ev-1", "E9");
        assertThat(claims).anySatisfy(k -> {
            assertThat(k.kind()).isEqualTo(Claim.Kind.MEDICATION);
            assertThat(k.subject()).isEqualTo("insulin glargine");
            assertThat(k.dose().dailyAmount()).isEqualTo(40.0);
        });
        assertThat(claims).anySatisfy(k -> assertThat(k.kind()).isEqualTo(Claim.Kind.DIRECTIVE));
        assertThat(claims).anySatisfy(k -> {
            assertThat(k.kind()).isEqualTo(Claim.Kind.LAB_VALUE);
            assertThat(k.subject()).isEqualTo("HBA1C");
            assertThat(k.value()).isEqualTo(9.1);
        });
    }

    @Test
    void should_skip_thresholds_when_number_is_a_limit_not_a_quote() {
        // when
        List<Claim> claims = x.extractText("Metformin is contraindicated when eGFR is below 30. Avoid at eGFR 30-45. "
            + "eGFR 30 or below is a concern. 肾小球滤过率低于30时禁用。", candidates);
        // then
        assertThat(claims).noneMatch(k -> k.kind() == Claim.Kind.LAB_VALUE);
        assertThat(x.extractText("Her eGFR of 22 mL/min/1.73m2 is low.", candidates))
            .anySatisfy(k -> assertThat(k.value()).isEqualTo(22.0));
    }

    @Test
    void should_find_out_of_list_diagnosis_when_named_with_diagnostic_wording() {
        // when
        List<Claim> claims = x.extractText("The picture is most consistent with pheochromocytoma. "
            + "Pulmonary embolism is unlikely. A history of hypertension is noted.", candidates);
        // then
        assertThat(claims).filteredOn(k -> k.kind() == Claim.Kind.DIAGNOSIS && !k.negated())
            .extracting(Claim::subject).containsExactly("pheochromocytoma");
    }

    @Test
    void should_not_flag_directive_when_wording_is_negated() {
        assertThat(x.extractText("This does not need to be started immediately.", candidates))
            .filteredOn(k -> k.kind() == Claim.Kind.DIRECTIVE).allMatch(Claim::negated);
        assertThat(x.extractText("立即开始胰岛素治疗。", candidates))
            .anyMatch(k -> k.kind() == Claim.Kind.DIRECTIVE && !k.negated());
    }

    @Test
    void should_keep_the_whole_sentence_with_its_citations_as_span_when_evidence_is_cited_in_text() {
        // given a list followed by its citations, then a mis-paired citation, in one rationale
        CandidateExplanation c = new CandidateExplanation("COVID-19",
            "Fever, cough and chills [ev:fever][ev:cough][ev:chills] support it. Chills [ev:arthralgia] too.",
            List.of("ev:fever"), List.of(), List.of(), List.of(), List.of());
        // when
        List<Claim> ev = x.extract(new Explanation(List.of(c), "COVID-19 leads."), candidates).stream()
            .filter(k -> k.kind() == Claim.Kind.EVIDENCE).toList();
        // then every text citation carries its sentence (what the veto reads the attached text from), the
        // structured one its bare id
        assertThat(ev).extracting(Claim::subject, Claim::field, Claim::span).containsExactly(
            org.assertj.core.groups.Tuple.tuple("ev:fever", "candidates[0].citedEvidenceIds[0]", "ev:fever"),
            org.assertj.core.groups.Tuple.tuple("ev:fever", "candidates[0].rationale#s0",
                "Fever, cough and chills [ev:fever][ev:cough][ev:chills] support it."),
            org.assertj.core.groups.Tuple.tuple("ev:cough", "candidates[0].rationale#s0",
                "Fever, cough and chills [ev:fever][ev:cough][ev:chills] support it."),
            org.assertj.core.groups.Tuple.tuple("ev:chills", "candidates[0].rationale#s0",
                "Fever, cough and chills [ev:fever][ev:cough][ev:chills] support it."),
            org.assertj.core.groups.Tuple.tuple("ev:arthralgia", "candidates[0].rationale#s1", "Chills [ev:arthralgia] too."));
    }
}
