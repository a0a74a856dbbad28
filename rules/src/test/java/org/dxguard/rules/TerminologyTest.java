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
}
