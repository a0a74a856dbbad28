package org.dxguard.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.dxguard.model.Code;
import org.dxguard.model.DxGuardException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TerminologyTest {
    private static Terminology t;

    @BeforeAll
    static void load() {
        t = TestData.terminology();
    }

    @Test
    void should_map_clinical_drug_to_ingredient_strength_and_release_when_code_is_synthea_metformin_er() {
        // when
        var comps = t.components("860975");
        // then
        assertThat(comps).singleElement().satisfies(c -> {
            assertThat(c.ingredient()).isEqualTo("metformin");
            assertThat(c.strength()).isEqualTo(500.0);
            assertThat(c.unit()).isEqualTo("mg");
            assertThat(c.extendedRelease()).isTrue();
        });
        assertThat(t.ingredient("metformin").orElseThrow().classes()).contains("BIGUANIDE");
        assertThat(t.ingredient("metformin").orElseThrow().flags()).contains("RENAL");
    }

    @Test
    void should_resolve_ingredient_code_and_combination_products_when_looked_up() {
        // when / then
        assertThat(t.components("6809")).extracting(Terminology.DrugComponent::ingredient).containsExactly("metformin");
        assertThat(t.components("106892")).extracting(Terminology.DrugComponent::ingredient)
            .containsExactlyInAnyOrder("insulin isophane", "insulin regular");
        assertThat(t.components("999999999")).isEmpty();
    }

    @Test
    void should_cover_every_drug_named_in_the_clinical_facts_and_synthea_diabetes_drugs() {
        // given the drugs CLINICAL-FACTS.md names and the diabetes/cardiovascular codes Synthea 3.3.0 emits
        var named = new String[] {"metformin", "dapagliflozin", "empagliflozin", "canagliflozin", "exenatide",
            "lixisenatide", "pioglitazone", "glyburide", "gliclazide", "glipizide", "glimepiride", "insulin glargine",
            "atazanavir", "febuxostat", "azathioprine", "mercaptopurine", "irinotecan", "ramelteon", "tizanidine",
            "tranylcypromine", "procarbazine", "simvastatin", "lovastatin"};
        var synthea = new String[] {"860975", "897122", "865098", "1373463", "106892", "314076", "311034",
            "979485", "855332", "309362", "197604", "313988", "310798"};
        // then
        for (String n : named) {
            assertThat(t.ingredient(n)).as(n).isPresent();
        }
        for (String c : synthea) {
            assertThat(t.components(c)).as(c).isNotEmpty();
        }
    }

    @Test
    void should_tag_conditions_labs_and_allergens_when_codes_are_known() {
        // when / then
        assertThat(t.conditionTags(Code.snomed("46177005"))).extracting(Terminology.ConditionTag::tag)
            .contains("CHRONIC_KIDNEY_DISEASE", "END_STAGE_RENAL_DISEASE");
        assertThat(t.conditionTags(new Code(Code.ICD10_CM, "Z99.2", null)))
            .extracting(Terminology.ConditionTag::tag).containsExactly("DIALYSIS");
        assertThat(t.labKind(Code.loinc("98979-8"))).contains("EGFR");
        assertThat(t.labKind(Code.loinc("4548-4"))).contains("HBA1C");
        assertThat(t.allergen(Code.snomed("91936005")).orElseThrow().drugClass()).isEqualTo("PENICILLIN");
    }

    @Test
    void should_find_ingredients_in_free_text_when_no_code_is_known() {
        // when / then
        assertThat(t.ingredientsInText("Simvastatin 20 MG tablet")).containsExactly("simvastatin");
        assertThat(t.ingredientsInText("insulin glargine 100 units/mL pen")).containsExactly("insulin glargine");
        assertThat(t.ingredientsInText("vitamin D")).isEmpty();
    }

    @Test
    void should_name_file_and_line_when_a_table_row_is_invalid() {
        // given
        String csv = "ingredient,rxcui,classes,flags\nmetformin,6809,BIGUANIDE,\nmetformin,6809,BIGUANIDE,\n";
        // when / then
        assertThatThrownBy(() -> Terminology.parse(Map.of("ingredients.csv", csv)))
            .isInstanceOf(DxGuardException.class)
            .hasMessageContaining("DXG-0203").hasMessageContaining("ingredients.csv:3")
            .hasMessageContaining("listed twice");
    }

    @Test
    void should_match_icd10_national_editions_snomed_descendants_and_chinese_text_when_value_sets_apply() {
        // when / then: ICD-10 national clinical edition extends E11.9; ICD-10-CM N18.32; a SNOMED descendant; text
        assertThat(t.conditionTags(new Code("http://hl7.org/fhir/sid/icd-10-cn", "E11.900", null)))
            .extracting(Terminology.ConditionTag::tag).contains("TYPE2_DIABETES");
        assertThat(t.conditionTags(new Code(Code.ICD10_CM, "N18.32", null)))
            .extracting(Terminology.ConditionTag::tag).containsExactly("CHRONIC_KIDNEY_DISEASE");
        assertThat(t.conditionTags(new Code(Code.ICD10_CM, "K70.30", null)))
            .extracting(Terminology.ConditionTag::tag).contains("LIVER_DISEASE");
        assertThat(t.conditionTags(Code.snomed("700379002")))
            .extracting(Terminology.ConditionTag::tag).contains("CHRONIC_KIDNEY_DISEASE");
        assertThat(t.conditionTagsInText("慢性肾脏病3期")).extracting(Terminology.ConditionTag::tag)
            .contains("CHRONIC_KIDNEY_DISEASE");
        assertThat(t.conditionTagsInText("家族史：心力衰竭")).isEmpty();
        assertThat(t.conditionTags(new Code(Code.ICD10_CM, "N18.6", null)))
            .extracting(Terminology.ConditionTag::tag).doesNotContain("DIALYSIS");
    }

    @Test
    void should_match_problem_list_phrases_on_word_bounds_and_name_dose_forms_when_patterns_are_precompiled() {
        // given: phrases inside a longer text (the word-bounded patterns compiled once per terminology)
        // when / then: an English phrase counts only as a whole word inside a text, a Chinese one as a substring
        assertThat(t.conditionTagsInText("Stage 3 CKD, stable")).extracting(Terminology.ConditionTag::tag)
            .containsExactly("CHRONIC_KIDNEY_DISEASE");
        assertThat(t.conditionTagsInText("stage 3 xckd")).isEmpty();
        assertThat(t.conditionTagsInText("end stage renal failure on hemodialysis 3x/week"))
            .extracting(Terminology.ConditionTag::tag).contains("DIALYSIS");
        assertThat(t.conditionTagsInText("no ckd")).isEmpty();
        assertThat(t.conditionTagsInText("患者有慢性肾脏病")).extracting(Terminology.ConditionTag::tag)
            .containsExactly("CHRONIC_KIDNEY_DISEASE");
        // and the dose form is read from any description, first match in the order tablet, capsule, injection, liquid
        assertThat(t.resolveDrug(java.util.List.of(), "metformin 500 mg tabs").form()).isEqualTo("tablet");
        assertThat(t.resolveDrug(java.util.List.of(), "Simvastatin\n20 MG Oral Capsule").form()).isEqualTo("capsule");
        assertThat(t.resolveDrug(java.util.List.of(), "insulin glargine 100 units/mL pen").form()).isEqualTo("injection");
        assertThat(t.resolveDrug(java.util.List.of(), "二甲双胍口服液").form()).isEqualTo("liquid");
        assertThat(t.resolveDrug(java.util.List.of(), "metformin stable").form()).isEmpty();
    }

    @Test
    void should_resolve_drugs_from_chinese_brand_inn_and_free_text_descriptions_with_strength() {
        // when
        var zh = t.resolveDrug(java.util.List.of(), "二甲双胍片 0.5g");
        var er = t.resolveDrug(java.util.List.of(), "metformin ER 750mg tab");
        var inn = t.resolveDrug(java.util.List.of(), "glibenclamide 5 mg");
        var combo = t.resolveDrug(java.util.List.of(), "Janumet 50/1000");
        var sandbox = t.resolveDrug(java.util.List.of(Code.rxnorm("861004")), null);
        // then
        assertThat(zh.components()).singleElement().satisfies(c -> {
            assertThat(c.ingredient()).isEqualTo("metformin");
            assertThat(c.strength()).isEqualTo(500.0);
            assertThat(c.unit()).isEqualTo("mg");
        });
        assertThat(zh.form()).isEqualTo("tablet");
        assertThat(er.components()).singleElement().satisfies(c -> {
            assertThat(c.strength()).isEqualTo(750.0);
            assertThat(c.extendedRelease()).isTrue();
        });
        assertThat(inn.components()).extracting(Terminology.DrugComponent::ingredient).containsExactly("glyburide");
        assertThat(combo.components()).extracting(Terminology.DrugComponent::ingredient)
            .containsExactlyInAnyOrder("metformin", "sitagliptin");
        assertThat(sandbox.components()).singleElement().satisfies(c -> assertThat(c.strength()).isEqualTo(1000.0));
        assertThat(t.resolveDrug(java.util.List.of(), "vitamin D").unknown()).isTrue();
    }

    @Test
    void should_refuse_a_code_malformed_for_its_system_when_reading_tables() {
        // given a SNOMED code with a wrong check digit, an ICD-10 code of the wrong form, a LOINC with a bad check digit
        String snomed = "system,code,tag,display\nSNOMED,44054007,TYPE2_DIABETES,typo\n";
        String icd = "system,code,tag,display\nICD10,E1.9,TYPE2_DIABETES,typo\n";
        String loinc = "loinc,kind\n2345-8,GLUCOSE\n";
        // when / then
        assertThatThrownBy(() -> Terminology.parse(Map.of("conditions.csv", snomed)))
            .hasMessageContaining("DXG-0206").hasMessageContaining("conditions.csv:2").hasMessageContaining("Verhoeff");
        assertThatThrownBy(() -> Terminology.parse(Map.of("conditions.csv", icd))).hasMessageContaining("DXG-0206");
        assertThatThrownBy(() -> Terminology.parse(Map.of("labs.csv", loinc))).hasMessageContaining("check digit");
    }

    @Test
    void should_refuse_a_pregnancy_test_code_with_a_wrong_check_digit_when_reading_tables() {
        // given the pregnancy-test value set with 2106-4 (2106-3 mistyped)
        String tests = "loinc,display,source\n2106-4,Choriogonadotropin (pregnancy test) [Presence] in Urine,VSAC\n";
        // when / then
        assertThatThrownBy(() -> Terminology.parse(Map.of("pregnancy-tests.csv", tests)))
            .hasMessageContaining("DXG-0206").hasMessageContaining("pregnancy-tests.csv:2")
            .hasMessageContaining("check digit");
    }

    @Test
    void should_refuse_a_malformed_procedure_code_or_kind_when_reading_the_dialysis_value_set() {
        // given a CPT code of four digits, an ICD-10-PCS code with the letter O, and an unknown kind
        String head = "system,code,kind,recentDays,display,source\n";
        // when / then
        assertThatThrownBy(() -> Terminology.parse(Map.of("dialysis-procedures.csv", head + "CPT,9093,DIALYSIS,30,x,y\n")))
            .hasMessageContaining("DXG-0206").hasMessageContaining("dialysis-procedures.csv:2");
        assertThatThrownBy(() -> Terminology.parse(Map.of("dialysis-procedures.csv",
            head + "ICD10PCS,5A1DO0Z,DIALYSIS,30,x,y\n"))).hasMessageContaining("DXG-0206");
        assertThatThrownBy(() -> Terminology.parse(Map.of("dialysis-procedures.csv",
            head + "HCPCS,G0257,DIALYSYS,30,x,y\n"))).hasMessageContaining("kind 'DIALYSYS'");
        assertThatThrownBy(() -> Terminology.parse(Map.of("dialysis-procedures.csv",
            head + "SNOMED,302497006,DIALYSIS,,x,y\n"))).hasMessageContaining("recentDays");
    }

    @Test
    void should_say_pregnant_for_the_codes_of_the_pregnancy_value_set_when_the_mapping_asks() {
        // when / then: SNOMED CT (listed, a descendant, an added code), ICD-10-CM and a national edition's longer code
        assertThat(t.isPregnancyCondition(new Code(Code.SNOMED, "77386006", null))).isTrue();
        assertThat(t.isPregnancyCondition(new Code(Code.SNOMED, "65147003", null))).as("twin pregnancy").isTrue();
        assertThat(t.isPregnancyCondition(new Code(Code.SNOMED, "169560008", null))).isTrue();
        assertThat(t.isPregnancyCondition(new Code(Code.ICD10_CM, "Z34.00", null))).isTrue();
        assertThat(t.isPregnancyCondition(new Code("http://hl7.org/fhir/sid/icd-10-cn", "Z33.100", null))).isTrue();
        assertThat(t.isPregnancyCondition(new Code(Code.SNOMED, "11687002", null))).as("gestational diabetes").isFalse();
        assertThat(t.isPregnancyCondition(new Code(Code.TEXT, "pregnancy", null))).as("text is not a code").isFalse();
        assertThat(t.pregnancyTestCodes()).contains("2106-3", "80385-8");
        assertThat(t.dialysisWindow(new Code("http://www.ama-assn.org/go/cpt", "90935", null)))
            .hasValue(java.time.Duration.ofDays(30));
        assertThat(t.dialysisWindow(new Code("http://hl7.org/fhir/sid/icd-10-pcs", "5a1d70z", null))).isPresent();
        assertThat(t.isKidneyTransplant(new Code(Code.SNOMED, "70536003", null))).isTrue();
        assertThat(t.procedureTokens()).contains("http://www.ama-assn.org/go/cpt|90935")
            .noneMatch(token -> token.endsWith("*"));
    }

    @Test
    void should_give_only_the_history_tag_when_a_problem_list_text_says_history() {
        // when / then
        assertThat(t.conditionTagsInText("History of pancreatitis")).extracting(Terminology.ConditionTag::tag)
            .containsExactly("HISTORY_PANCREATITIS");
        assertThat(t.conditionTagsInText("胰腺炎病史")).extracting(Terminology.ConditionTag::tag)
            .containsExactly("HISTORY_PANCREATITIS");
        assertThat(t.conditionTagsInText("既往膀胱癌")).extracting(Terminology.ConditionTag::tag)
            .containsExactly("HISTORY_BLADDER_CANCER");
        assertThat(t.conditionTagsInText("胰腺炎")).extracting(Terminology.ConditionTag::tag)
            .containsExactly("PANCREATITIS");
        assertThat(t.conditionTags(new Code(Code.ICD10_CM, "Z85.51", null))).extracting(Terminology.ConditionTag::tag)
            .containsExactly("HISTORY_BLADDER_CANCER");
        assertThat(t.conditionTags(new Code(Code.ICD10_CM, "Z85.850", null))).as("thyroid cancer of unstated type")
            .isEmpty();
    }

    @Test
    void should_tell_catheter_angiography_from_ct_angiography_when_a_contrast_study_is_ordered() {
        // when / then
        assertThat(t.intraArterialContrastStudy(java.util.List.of(new Code("http://www.ama-assn.org/go/cpt", "93458",
            null)), null)).isTrue();
        assertThat(t.intraArterialContrastStudy(java.util.List.of(), "Coronary angiography")).isTrue();
        assertThat(t.intraArterialContrastStudy(java.util.List.of(), "冠状动脉造影")).isTrue();
        assertThat(t.intraArterialContrastStudy(java.util.List.of(), "CT coronary angiography")).isFalse();
        assertThat(t.intraArterialContrastStudy(java.util.List.of(), "冠脉CTA")).isFalse();
        assertThat(t.intraArterialContrastStudy(java.util.List.of(), "CT abdomen with contrast")).isFalse();
        assertThat(t.iodinatedContrastStudy(java.util.List.of(), "Lower extremity arteriography")).isPresent();
        assertThat(t.intraArterialContrastStudy(java.util.List.of(), "Right heart catheterization")).as("no contrast")
            .isFalse();
    }
}
