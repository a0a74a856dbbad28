package org.dxguard.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.dxguard.rules.facts.AllergyFact;
import org.dxguard.rules.facts.Alerts;
import org.dxguard.rules.facts.ConditionFact;
import org.dxguard.rules.facts.Describable;
import org.dxguard.rules.facts.DoseProblem;
import org.dxguard.rules.facts.DrugFact;
import org.dxguard.rules.facts.EncounterFact;
import org.dxguard.rules.facts.FactLines;
import org.dxguard.rules.facts.LabFact;
import org.dxguard.rules.facts.PatientFact;
import org.dxguard.rules.facts.ProcedureOrderFact;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A card's "Based on" lines rendered from the facts' parts (issue 20): the English templates give exactly the decision
 * record's lines, the Chinese ones name conditions, drugs, labs, allergies, procedures and the derived eGFR in Chinese.
 */
class FactLinesTest {
    private static FactLines lines;

    @BeforeAll
    static void load() {
        lines = new FactLines(Alerts.ENGINE_MESSAGES, TestData.terminologyWithNames());
    }

    /** Every shape of fact a rule can match, and its line on a Chinese card. */
    private static Map<Describable, String> facts() {
        Map<Describable, String> m = new LinkedHashMap<>();
        m.put(new ConditionFact("c2", 0, "TYPE2_DIABETES", "SNOMED 44054006", "Type 2 diabetes mellitus"),
            "Condition/c2 2型糖尿病 (SNOMED 44054006)");
        m.put(new ConditionFact("c3", 1, "CKD_4", "ICD10 N18.400", "CKD stage 4"),
            "Condition/c3 慢性肾脏病4期 (ICD10 N18.400)");
        m.put(new ConditionFact("c4", 2, "FAMILY_MTC_OR_MEN2", "SNOMED 44054006",
            "family history of Type 2 diabetes mellitus"), "Condition/c4 家族史：2型糖尿病 (SNOMED 44054006)");
        m.put(new ConditionFact("c6", 3, "HISTORY_PANCREATITIS", "ICD10 K85.9", "history of Acute pancreatitis"),
            "Condition/c6 既往史：胰腺炎 (ICD10 K85.9)");
        // a code of a grouping value set without its own name: the record's display, the group named as a group
        m.put(new ConditionFact("c7", 4, "ASCVD", "ICD10 I70.2", "Atherosclerosis of arteries of the extremities"),
            "Condition/c7 Atherosclerosis of arteries of the extremities（属于：动脉粥样硬化性心血管疾病） (ICD10 I70.2)");
        // a code with its own Chinese name is named by it, not by its group
        m.put(new ConditionFact("c8", 5, "ASCVD", "SNOMED 22298006", "Myocardial infarction"),
            "Condition/c8 心肌梗死 (SNOMED 22298006)");
        // a problem-list text is the clinician's own wording
        m.put(new ConditionFact("c9", 6, "TYPE2_DIABETES", "text", "二型糖尿病"), "Condition/c9 二型糖尿病（病历文本）");
        m.put(new ConditionFact("Procedure/p1", 7, "DIALYSIS", "SNOMED 105502003",
            "Dependence on renal dialysis (derived from a dialysis procedure on 2026-12-01)"),
            "Procedure/p1 依赖肾透析 (SNOMED 105502003)");
        m.put(new ConditionFact("pregnancy-status", 8, "PREGNANCY", "", "pregnancy status: pregnant"),
            "患者 妊娠状态：妊娠");
        m.put(drug("m1", true, "", "metformin", "861007", 3000, -1, null),
            "MedicationRequest/m1 待签署 二甲双胍 (RxNorm 861007) 3000 mg/日");
        m.put(drug("s1", false, "2026-11-30", "gemfibrozil", "", -1, -1, null),
            "MedicationStatement/s1 已于2026-11-30停用 吉非罗齐");
        m.put(drug("m3", false, "", "insulin glargine", "", -1, 40, null),
            "MedicationRequest/m3 在用 甘精胰岛素 40 单位/日");
        m.put(drug("m4", true, "", "metformin", "", -1, -1, new DoseProblem(DoseProblem.Kind.NO_FREQUENCY, 500, "mg")),
            "MedicationRequest/m4 待签署 二甲双胍，剂量无法读取：500 mg，未给出用药频次");
        m.put(drug("m2", false, "", "", "", -1, -1, null), "MedicationRequest/m2 在用 Local herbal tea");
        m.put(new LabFact("o1", "EGFR", "98979-8", 25, "mL/min/{1.73_m2}", 6, true, "2026-12-01"),
            "Observation/o1 估算肾小球滤过率（eGFR） 25 mL/min/{1.73_m2}（2026-12-01，6天前）");
        m.put(new LabFact("o2", "POTASSIUM", "2823-3", 5.9, "mmol/L", 0, true, "2026-12-07"),
            "Observation/o2 血钾 5.9 mmol/L（2026-12-07，当天）");
        m.put(new LabFact("o3", "HBA1C", "4548-4", 8.1, "%", -1, true, ""), "Observation/o3 糖化血红蛋白（HbA1c） 8.1 %");
        m.put(new LabFact("cr1", "EGFR", "", 28.4, "mL/min/{1.73_m2}", 1, true, "2026-12-06", true, 90,
            "calculated from creatinine 2.1 mg/dL by CKD-EPI 2021", LabFact.From.creatinine(2.1)),
            "Observation/cr1 估算肾小球滤过率（eGFR） 28.4 mL/min/{1.73_m2}（由血肌酐 2.1 mg/dL按CKD-EPI 2021公式计算）（2026-12-06，1天前）");
        m.put(new LabFact("alt1", "ALT", "1742-6", 130, "U/L", 2, true, "2026-12-05"),
            "Observation/alt1 丙氨酸氨基转移酶（ALT） 130 U/L（2026-12-05，2天前）");
        m.put(new LabFact("alt1", "ALT_ULN", "1742-6", 3.25, "x ULN", 2, true, "2026-12-05", true, 180,
            "ALT 130 U/L / upper reference limit 40 U/L sent by the lab", LabFact.From.ofLimit(130, "U/L", 40)),
            "Observation/alt1 ALT/参考范围上限倍数 3.25 倍参考范围上限（丙氨酸氨基转移酶（ALT） 130 U/L，检验科给出的参考范围上限 40 U/L）"
                + "（2026-12-05，2天前）");
        m.put(new AllergyFact("a1", "metformin", Set.of("BIGUANIDE"), true, "Metformin"),
            "AllergyIntolerance/a1 二甲双胍（高危）");
        m.put(new AllergyFact("a2", "", Set.of("SULFONYLUREA"), false, "Sulfonylurea antidiabetic"),
            "AllergyIntolerance/a2 Sulfonylurea antidiabetic");
        m.put(new ProcedureOrderFact("sr1", 0, "SURGERY", true, "Total knee replacement", "SNOMED 609588000", null),
            "ServiceRequest/sr1 待签署 手术医嘱 Total knee replacement");
        m.put(new PatientFact(70, "FEMALE", 62.5, true), "患者 70岁，体重 62.5 kg，妊娠");
        m.put(new PatientFact(-1, "UNKNOWN", 0, false), "患者 年龄不详");
        m.put(new EncounterFact("e1", "IMP", "in-progress", true), "Encounter/e1 进行中的住院就诊");
        m.put(new EncounterFact("e2", "", "in-progress", false), "Encounter/e2 进行中的类别不明的就诊");
        return m;
    }

    private static DrugFact drug(String id, boolean draft, String stopped, String ingredient, String rxcui,
                                 double mg, double units, DoseProblem problem) {
        return new DrugFact(id, 0, rxcui, ingredient, Set.of(), Set.of(), draft, "IR", mg, units, -1, "", 1,
            ingredient.isEmpty() ? "Local herbal tea" : ingredient, problem, stopped.isEmpty() ? "MedicationRequest"
            : "MedicationStatement", stopped);
    }

    @Test
    void should_give_the_decision_record_line_when_a_fact_is_rendered_in_english() {
        // given every shape of fact
        facts().keySet().forEach(f ->
            // when / then: the English template is the record's line, so the audit content does not change
            assertThat(lines.line(f, "en")).as(f.toString()).isEqualTo(f.describe()));
    }

    @Test
    void should_name_every_part_in_chinese_when_a_fact_is_rendered_for_a_chinese_card() {
        // given every shape of fact
        facts().forEach((f, zh) ->
            // when / then
            assertThat(lines.line(f, "zh-CN")).as(f.describe()).isEqualTo(zh));
    }

    @Test
    void should_mark_the_record_display_when_a_code_has_no_chinese_name_and_no_group() {
        // given asthma, outside every value set, and an ingredient without a Chinese name
        ConditionFact asthma = new ConditionFact("c5", 0, "X", "SNOMED 195967001", "Asthma");

        // when / then: the record's display, marked, never a translation
        assertThat(lines.line(asthma, "zh-CN")).isEqualTo("Condition/c5 Asthma（无中文名） (SNOMED 195967001)");
    }

    @Test
    void should_say_why_a_dose_was_not_read_as_the_record_does_in_english_and_in_chinese_for_a_chinese_card() {
        for (DoseProblem.Kind kind : DoseProblem.Kind.values()) {
            // given a reason of each kind, with an amount and a unit where the kind names them
            DoseProblem problem = new DoseProblem(kind, 0.5, "g");
            // when
            String en = lines.doseProblem(problem, "en");
            String zh = lines.doseProblem(problem, "zh-CN");
            // then: English is the decision record's text; Chinese has no English words
            assertThat(en).as(kind.name()).isEqualTo(problem.toString());
            assertThat(zh).as(kind.name()).doesNotContainPattern("[A-Za-z]{3,}");
            assertThat(zh.isEmpty()).as(kind.name()).isEqualTo(kind == DoseProblem.Kind.NONE);
        }
    }
}
