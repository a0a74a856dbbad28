package org.dxguard.guidelines;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.dxguard.guidelines.internal.Loader;
import org.dxguard.rules.Terminology;
import org.junit.jupiter.api.Test;

/**
 * The Chinese diabetes package (issue 20): every Chinese generic, salt and brand name of
 * {@code terminology/zh/drug-names-zh.csv} resolves to its ingredient through the tables the rules read, and every
 * {@code cds-diabetes} rule states its difference from ADA and is flagged for clinical review.
 */
class ChineseGuidelineTest {
    private static final Path ROOT = Loader.packagedRoot();

    private static Terminology terminology() throws IOException {
        Map<String, String> files = new LinkedHashMap<>();
        try (Stream<Path> s = Files.list(ROOT.resolve("terminology"))) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                String name = p.getFileName().toString();
                if (Terminology.isTableFile(name)) {
                    files.put(name, Files.readString(p));
                }
            }
        }
        return Terminology.parse(files);
    }

    @Test
    void should_name_a_coded_condition_in_chinese_when_the_terminology_has_its_code_or_concept() {
        // given the packaged terminology as the loader reads it (zh/conditions-zh.csv and zh/icd10-cn.csv included)
        try (GuidelineRepository repo = GuidelineRepository.packagedDefaults()) {
            Terminology t = repo.activeRuleSet().definition().terminology();

            // then a national-edition code has its own name, a value-set code its concept's name
            assertThat(t.localConditionName(org.dxguard.model.Code.of("ICD10", "N18.400"), "zh-CN"))
                .isEqualTo("慢性肾脏病4期");
            assertThat(t.localConditionName(org.dxguard.model.Code.of("ICD10", "E11.9"), "zh-CN")).isEqualTo("2型糖尿病");
            assertThat(t.localConditionName(org.dxguard.model.Code.snomed("44054006"), "zh-CN")).isEqualTo("2型糖尿病");
            // and nothing is made up: English, a code outside the value sets and a problem-list text have none
            assertThat(t.localConditionName(org.dxguard.model.Code.snomed("44054006"), "en")).isNull();
            assertThat(t.localConditionName(org.dxguard.model.Code.snomed("195967001"), "zh-CN")).as("asthma").isNull();
            assertThat(t.localConditionName(org.dxguard.model.Code.of("TEXT", "type 2 diabetes"), "zh-CN")).isNull();
        }
    }

    @Test
    void should_name_a_code_by_its_own_name_and_never_by_its_group_when_its_value_set_groups_diseases() {
        // given the packaged terminology; ASCVD groups myocardial infarction, stroke and peripheral artery disease
        try (GuidelineRepository repo = GuidelineRepository.packagedDefaults()) {
            Terminology t = repo.activeRuleSet().definition().terminology();

            // then myocardial infarction has its own name (zh/condition-codes-zh.csv), not the group's
            assertThat(t.localConditionName(org.dxguard.model.Code.snomed("22298006"), "zh-CN")).isEqualTo("心肌梗死");
            assertThat(t.localConditionGroup(org.dxguard.model.Code.snomed("22298006"), "zh-CN")).isNull();
            // and a code of the group without a name of its own is not named by the group: the group is told apart
            org.dxguard.model.Code coronary = org.dxguard.model.Code.snomed("53741008");
            assertThat(t.localConditionName(coronary, "zh-CN")).isNull();
            assertThat(t.localConditionGroup(coronary, "zh-CN")).isEqualTo("动脉粥样硬化性心血管疾病");
            // a national-edition code keeps its own name
            assertThat(t.localConditionName(org.dxguard.model.Code.of("ICD10", "I21.900"), "zh-CN"))
                .isEqualTo("急性心肌梗死");
        }
    }

    @Test
    void should_render_every_based_on_line_in_chinese_when_a_packaged_scenario_is_evaluated_for_a_chinese_card() {
        // given every packaged scenario of both packages
        Loader.Outcome o = Loader.load(ROOT, false);
        java.util.Locale zh = java.util.Locale.forLanguageTag("zh-CN");
        int lines = 0;
        int derived = 0;
        java.util.Set<String> shapes = new java.util.TreeSet<>();
        for (var s : o.packages().stream().flatMap(p -> p.scenarios().stream()).toList()) {
            // when the rules run for a Chinese card
            for (org.dxguard.model.RuleFinding f : o.ruleSet().evaluate(s.given(), zh).findings()) {
                if (f.translations().isEmpty()) {
                    continue;
                }
                // then the lab notes of the detail say how a derived value was obtained in Chinese
                String detail = f.in(zh).detail();
                if (detail != null && f.triggeredBy().stream().anyMatch(t -> t.contains("calculated from"))) {
                    derived++;
                    assertThat(detail).as(s.name()).contains("按CKD-EPI 2021公式计算").doesNotContain("calculated from");
                }
                // and each fact has its line in Chinese, in the record's order, with the record's reference first
                List<String> zhLines = f.basedOn(zh);
                assertThat(zhLines).as(s.name() + " " + f.ruleId()).hasSameSizeAs(f.triggeredBy());
                for (int i = 0; i < zhLines.size(); i++) {
                    String en = f.triggeredBy().get(i);
                    String line = zhLines.get(i);
                    shapes.add(en.contains("/") ? en.substring(0, en.indexOf('/')) : en.split(" ")[0]);
                    if (en.split(" ")[0].contains("/")) {
                        assertThat(line.split(" ")[0]).as(en).isEqualTo(en.split(" ")[0]);
                    }
                    assertThat(line).as(s.name() + " " + f.ruleId() + ": " + en)
                        .doesNotContain(" draft ", " active ", "stopped ", "mg/day", "units/day", "dose not read",
                            "day old", "days old", "from today", "calculated from", "high criticality", " order ",
                            "Patient ", " age ", "encounter", "weight")
                        // a record's display may say "history of"; the product's lead never does
                        .doesNotContainPattern("^\\S+ (family )?history of ");
                    lines++;
                }
            }
        }
        // and the scenarios reach every kind of line a rule card shows
        assertThat(lines).isGreaterThan(100);
        assertThat(derived).as("findings on an eGFR calculated from creatinine").isPositive();
        assertThat(shapes).contains("Condition", "MedicationRequest", "Observation", "AllergyIntolerance",
            "ServiceRequest", "Patient", "Encounter");
    }

    @Test
    void should_resolve_every_chinese_generic_and_brand_name_to_its_ingredient_when_written_as_an_order()
        throws IOException {
        // given the tables the rules read and the Chinese name list they were generated from
        Terminology t = terminology();
        List<String> lines = Files.readAllLines(ROOT.resolve("terminology/zh/drug-names-zh.csv"));
        List<String> header = List.of(lines.stream().filter(l -> !l.startsWith("#")).findFirst().orElseThrow()
            .split(","));
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        for (String line : lines.stream().filter(l -> !l.startsWith("#")).skip(1).toList()) {
            String[] cols = line.split(",", -1);
            String ingredient = cols[header.indexOf("ingredient")];
            for (String column : List.of("zh_generic", "zh_salt_forms", "zh_brands")) {
                for (String name : cols[header.indexOf(column)].split("\\|")) {
                    if (name.isBlank()) {
                        continue;
                    }
                    // when the name is written as a Chinese order line
                    Terminology.DrugMatch m = t.resolveDrug(List.of(), name + "片 10mg");
                    checked++;
                    // then it names the ingredient (a combination salt name names it among others)
                    List<String> got = m.components().stream().map(Terminology.DrugComponent::ingredient).toList();
                    if (!got.contains(ingredient)) {
                        wrong.add(name + " -> " + got + " (expected " + ingredient + ")");
                    }
                }
            }
        }
        assertThat(wrong).isEmpty();
        assertThat(checked).isGreaterThan(300);
    }

    @Test
    void should_read_strength_and_ingredient_when_a_china_only_agent_is_ordered_by_brand() throws IOException {
        // given
        Terminology t = terminology();
        // when
        Terminology.DrugMatch repaglinide = t.resolveDrug(List.of(), "诺和龙 1mg");
        Terminology.DrugMatch retagliptin = t.resolveDrug(List.of(), "磷酸瑞格列汀片 50mg");
        Terminology.DrugMatch combination = t.resolveDrug(List.of(), "西格列汀二甲双胍片(Ⅱ)");
        // then the longest whole name wins (瑞格列奈 is not 瑞格列汀) and combinations give every ingredient
        assertThat(repaglinide.components()).singleElement().satisfies(c -> {
            assertThat(c.ingredient()).isEqualTo("repaglinide");
            assertThat(c.strength()).isEqualTo(1.0);
        });
        assertThat(retagliptin.components()).extracting(Terminology.DrugComponent::ingredient)
            .containsExactly("retagliptin");
        assertThat(combination.components()).extracting(Terminology.DrugComponent::ingredient)
            .containsExactlyInAnyOrder("sitagliptin", "metformin");
    }

    @Test
    void should_state_the_difference_from_ada_and_flag_review_when_a_cds_diabetes_rule_is_listed() {
        // given the packaged guidelines
        Loader.Outcome o = Loader.load(ROOT, false);
        // when
        PackageMetadata cds = o.packages().stream().map(Loader.LoadedPackage::metadata)
            .filter(m -> m.id().equals("cds-diabetes")).findFirst().orElseThrow();
        // then
        assertThat(o.problems()).isEmpty();
        assertThat(cds.rules()).hasSizeGreaterThanOrEqualTo(10).allSatisfy(r -> {
            assertThat(r.differsFromAda()).as(r.id()).isNotBlank();
            assertThat(r.id()).startsWith("CDS-");
            if (!r.id().equals("CDS-DOSE-003")) {
                assertThat(r.review()).as(r.id() + " is built on label copies and summaries").isTrue();
            }
        });
    }

    @Test
    void should_give_one_card_per_rule_when_a_cds_diabetes_scenario_matches_a_rule_by_several_facts() {
        // given the packaged guidelines; the gliquidone scenarios match CDS-SU-001 by a dialysis code and an eGFR < 15
        Loader.Outcome o = Loader.load(ROOT, false);
        List<org.dxguard.guidelines.internal.Scenario> cds = o.packages().stream()
            .filter(p -> p.metadata().id().equals("cds-diabetes")).flatMap(p -> p.scenarios().stream()).toList();
        assertThat(cds).hasSizeGreaterThan(30);
        for (var s : cds) {
            // when
            var ev = o.ruleSet().evaluate(s.given());
            // then no cds-diabetes rule reports the same patient twice
            assertThat(ev.findings()).as(s.name()).extracting(org.dxguard.model.RuleFinding::ruleId)
                .filteredOn(id -> id.startsWith("CDS-")).doesNotHaveDuplicates();
        }
    }
}
