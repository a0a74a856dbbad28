package org.dxguard.service.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.dxguard.model.LocalizedText;
import org.dxguard.model.RuleFinding;
import org.dxguard.model.Severity;
import org.dxguard.service.Fixtures;
import org.dxguard.service.cdshooks.Card;
import org.dxguard.service.cdshooks.CdsJson;
import org.dxguard.service.cdshooks.CdsRequest;
import org.dxguard.service.cdshooks.Hook;
import org.junit.jupiter.api.Test;

/**
 * A rule card's "Based on" lines come with the finding in the call's language (the rule engine renders them from the
 * matched facts' parts, {@code FactLinesTest} in the rules module); the decision record's English lines otherwise.
 */
class BasedOnCardTest {
    private final CdsJson json = CdsJson.create();
    private final CdsRequest request = json.parseRequest(Fixtures.bytes("cdshooks/order-sign-request.json"),
        List.of(Hook.ORDER_SIGN));
    private final RuleCards cards = new RuleCards(json.mapper(), CardMetadata.general());

    private static final List<String> ENGLISH = List.of(
        "MedicationRequest/draft-1 draft metformin (RxNorm 861007) 1000 mg/day",
        "Observation/cr-1 eGFR 25 mL/min/{1.73_m2} (calculated from creatinine 2.3 mg/dL by CKD-EPI 2021) "
            + "(2026-12-06, 1 day old)",
        "AllergyIntolerance/a1 Metformin (high criticality)");
    private static final List<String> CHINESE = List.of(
        "MedicationRequest/draft-1 待签署 二甲双胍 (RxNorm 861007) 1000 mg/日",
        "Observation/cr-1 eGFR 25 mL/min/{1.73_m2}（由血肌酐 2.3 mg/dL按CKD-EPI 2021公式计算）（2026-12-06，1天前）",
        "AllergyIntolerance/a1 二甲双胍（高危）");

    private static RuleFinding finding(Map<String, LocalizedText> translations) {
        return new RuleFinding("ADA-MET-001", "1.0.0", "ada-diabetes", "FDA Drug Safety Communication (2016)", null,
            Severity.CRITICAL, "Metformin is contraindicated at eGFR 25 (below 30)", null, ENGLISH, null, false,
            translations);
    }

    @Test
    void should_show_the_chinese_fact_lines_when_the_finding_carries_them_for_a_chinese_card() {
        // given a finding whose Chinese texts carry the rendered lines
        RuleFinding f = finding(Map.of("zh-CN",
            new LocalizedText("eGFR 25（低于30）时禁用二甲双胍", null, null, CHINESE)));

        // when
        Card zh = cards.card(f.in(Locale.SIMPLIFIED_CHINESE), request, Locale.SIMPLIFIED_CHINESE);
        Card en = cards.card(f, request, Locale.ENGLISH);

        // then the Chinese card has no English fact words (units read as people read them), the English one has
        assertThat(zh.detail()).contains("**依据：**").contains("- MedicationRequest/draft-1 待签署 二甲双胍")
            .contains("mL/min/1.73 m²（由血肌酐 2.3 mg/dL按CKD-EPI 2021公式计算）").contains("二甲双胍（高危）")
            .doesNotContain(" draft ").doesNotContain("calculated from").doesNotContain("day old")
            .doesNotContain("high criticality");
        assertThat(en.detail()).contains("**Based on:**").contains("draft metformin (RxNorm 861007) 1000 mg/day")
            .contains("(calculated from creatinine 2.3 mg/dL by CKD-EPI 2021)").contains("Metformin (high criticality)");
    }

    @Test
    void should_show_the_record_lines_when_a_finding_has_no_lines_in_the_card_language() {
        // given a finding with English texts only (a rule of a package that declares no Chinese)
        RuleFinding f = finding(Map.of());

        // when
        Card zh = cards.card(f, request, Locale.SIMPLIFIED_CHINESE);

        // then the decision record's lines, as recorded
        assertThat(zh.detail()).contains("draft metformin (RxNorm 861007) 1000 mg/day");
    }
}
