package org.dxguard.service.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.dxguard.model.RuleFinding;
import org.dxguard.model.Severity;
import org.dxguard.rules.Terminology;
import org.dxguard.service.Fixtures;
import org.dxguard.service.cdshooks.Card;
import org.dxguard.service.cdshooks.CdsJson;
import org.dxguard.service.cdshooks.CdsRequest;
import org.dxguard.service.cdshooks.Hook;
import org.junit.jupiter.api.Test;

/** A rule card's "Based on" lines for a Chinese clinician: coded names in Chinese, the record's display otherwise. */
class BasedOnLinesTest {
    private static final Locale ZH = Locale.SIMPLIFIED_CHINESE;
    /** The packaged terminology tables, as the guideline loader reads them (the Chinese names included). */
    private static final Terminology TERMINOLOGY = terminology(Path.of("../guidelines/terminology"));

    private static Terminology terminology(Path dir) {
        Map<String, String> files = new LinkedHashMap<>();
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
                if (Terminology.isTableFile(p.getFileName().toString())) {
                    files.put(p.getFileName().toString(), Files.readString(p));
                }
            }
            for (String zh : List.of(Terminology.CONDITION_NAMES_ZH, Terminology.ICD_NAMES_ZH)) {
                files.put(zh, Files.readString(dir.resolve(zh)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Terminology.parse(files);
    }

    /** Each line as the rules describe the fact, and as a Chinese card shows it. */
    private static final Map<String, String> CHINESE = orderedMap(
        // a value-set code and a national-edition code get their Chinese names, the code stays
        "Condition/c2 Type 2 diabetes mellitus (SNOMED 44054006)", "Condition/c2 2型糖尿病 (SNOMED 44054006)",
        "Condition/c3 CKD stage 4 (ICD10 N18.400)", "Condition/c3 慢性肾脏病4期 (ICD10 N18.400)",
        "Condition/c4 family history of Type 2 diabetes mellitus (SNOMED 44054006)",
        "Condition/c4 家族史：2型糖尿病 (SNOMED 44054006)",
        // a drug by its Chinese generic name, its status and daily amount in Chinese words
        "MedicationRequest/m1 draft metformin (RxNorm 861007) 3000 mg/day",
        "MedicationRequest/m1 待签署 二甲双胍 (RxNorm 861007) 3000 mg/日",
        "MedicationStatement/s1 stopped 2026-11-30 gemfibrozil", "MedicationStatement/s1 已于2026-11-30停用 吉非罗齐",
        // a lab by its kind's Chinese name, value, unit and date as they were
        "Observation/o1 eGFR 25 mL/min/{1.73_m2} (2026-12-01, 6 days old)",
        "Observation/o1 估算肾小球滤过率（eGFR） 25 mL/min/{1.73_m2} (2026-12-01，6天前)",
        "Observation/o2 potassium 5.9 mmol/L (2026-12-07, from today)", "Observation/o2 血钾 5.9 mmol/L (2026-12-07，今天)",
        // a code outside the value sets, and a drug the terminology does not know, keep the record's display
        "Condition/c5 Asthma (SNOMED 195967001)", "Condition/c5 Asthma (SNOMED 195967001)",
        "MedicationRequest/m2 active Local herbal tea", "MedicationRequest/m2 在用 Local herbal tea");

    private static Map<String, String> orderedMap(String... pairs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return m;
    }

    @Test
    void should_name_coded_conditions_drugs_and_labs_in_chinese_when_the_terminology_has_a_chinese_name() {
        // when / then: every line in Chinese, and the same lines unchanged on an English card
        CHINESE.forEach((line, zh) -> {
            assertThat(BasedOnLines.localize(line, ZH, TERMINOLOGY)).as(line).isEqualTo(zh);
            assertThat(BasedOnLines.localize(line, Locale.ENGLISH, TERMINOLOGY)).isEqualTo(line);
        });
    }

    @Test
    void should_show_no_english_name_in_based_on_when_a_chinese_medication_card_is_made() {
        // given a metformin finding based on a draft order, a lab and a coded condition
        CdsJson json = CdsJson.create();
        CdsRequest request = json.parseRequest(Fixtures.bytes("cdshooks/order-sign-request.json"),
            List.of(Hook.ORDER_SIGN));
        RuleFinding f = new RuleFinding("ADA-MET-001", "1.0.0", "ada-diabetes", "FDA Drug Safety Communication (2016)",
            null, Severity.CRITICAL, "eGFR 25（低于30）时禁用二甲双胍", null, List.of(
                "MedicationRequest/draft-1 draft metformin (RxNorm 861007) 1000 mg/day",
                "Observation/egfr-1 eGFR 25 mL/min/{1.73_m2} (2026-12-06, 1 day old)",
                "Condition/c1 Type 2 diabetes mellitus (SNOMED 44054006)"), null, false);

        // when
        Card zh = new RuleCards(json.mapper(), CardMetadata.general(), () -> TERMINOLOGY).card(f, request, ZH);
        Card en = new RuleCards(json.mapper(), CardMetadata.general(), () -> TERMINOLOGY).card(f, request,
            Locale.ENGLISH);

        // then
        assertThat(zh.detail()).contains("**依据：**").contains("待签署 二甲双胍").contains("2型糖尿病")
            .contains("估算肾小球滤过率（eGFR） 25").contains("1天前")
            .doesNotContain("metformin").doesNotContain("Type 2 diabetes").doesNotContain(" draft ")
            .doesNotContain("day old");
        assertThat(en.detail()).contains("draft metformin").contains("Type 2 diabetes mellitus");
    }
}
