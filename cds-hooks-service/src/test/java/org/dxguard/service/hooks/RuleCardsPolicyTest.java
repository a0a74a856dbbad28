package org.dxguard.service.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.dxguard.model.RuleFinding;
import org.dxguard.model.Severity;
import org.dxguard.model.SuggestedAction;
import org.dxguard.service.Fixtures;
import org.dxguard.service.cdshooks.Card;
import org.dxguard.service.cdshooks.CdsJson;
import org.dxguard.service.cdshooks.CdsRequest;
import org.dxguard.service.cdshooks.Coding;
import org.dxguard.service.cdshooks.Hook;
import org.junit.jupiter.api.Test;

class RuleCardsPolicyTest {
    private final CdsJson json = CdsJson.create();
    private final RuleCards ruleCards = new RuleCards(json.mapper(), CardMetadata.load(null));

    private static RuleFinding finding(String rule, Severity severity, SuggestedAction action) {
        return new RuleFinding(rule, "1.0.0", "ada-diabetes", "cite", null, severity,
            severity + " about Observation/egfr-1 eGFR 25 mL/min/{1.73_m2}", "Why: MedicationRequest/met-1 is active.",
            List.of("Observation/egfr-1 eGFR 25 mL/min/{1.73_m2}", "MedicationRequest/met-1 active metformin"), action,
            false);
    }

    private CdsRequest withActiveMetformin() throws Exception {
        ObjectNode body = (ObjectNode) json.mapper().readTree(Fixtures.bytes("cdshooks/standing-metformin-egfr25.json"));
        ((ObjectNode) body.at("/prefetch/observations/entry/0/resource")).put("effectiveDateTime", "2026-12-01");
        body.put("hookInstance", "11111111-1111-4111-8111-111111111111");
        return json.parseRequest(json.mapper().writeValueAsBytes(body), List.of(Hook.ORDER_SIGN));
    }

    @Test
    void should_order_cards_critical_then_warning_then_info_when_rules_report_in_another_order() throws Exception {
        // given
        List<RuleFinding> findings = List.of(finding("A-1", Severity.INFO, null), finding("A-2", Severity.CRITICAL,
            null), finding("A-3", Severity.WARNING, null), finding("A-4", Severity.CRITICAL, null));

        // when
        List<RuleCards.Issued> issued = ruleCards.issue(findings, withActiveMetformin());

        // then
        assertThat(issued).extracting(RuleCards.Issued::ruleId).containsExactly("A-2", "A-4", "A-3", "A-1");
    }

    @Test
    void should_offer_the_rules_own_override_reasons_and_require_one_when_the_card_is_critical() throws Exception {
        // given / when
        Card critical = ruleCards.card(finding("ADA-MET-001", Severity.CRITICAL, null), withActiveMetformin());
        Card warning = ruleCards.card(finding("ONC-DDI-11", Severity.WARNING, null), withActiveMetformin());

        // then
        assertThat(critical.overrideReasons()).extracting(Coding::code).startsWith("nephrology-advises-continuing")
            .contains("benefit-outweighs-risk").doesNotHaveDuplicates();
        assertThat(critical.extension()).containsEntry(Card.OVERRIDE_REASON_REQUIRED, true);
        assertThat(warning.overrideReasons()).extracting(Coding::code).startsWith("monitoring-in-place");
        assertThat(warning.extension()).isEmpty();
        assertThat(critical.summary()).isEqualTo("CRITICAL about eGFR 25 mL/min/1.73 m²");
        assertThat(critical.detail()).startsWith("Why: is active.").doesNotContain("{1.73_m2}")
            .contains("- Observation/egfr-1 eGFR 25 mL/min/1.73 m²");
    }

    @Test
    void should_put_the_medication_on_hold_with_its_restart_condition_when_the_rule_declares_a_temporary_hold()
        throws Exception {
        // given ADA-MET-007 (hold for contrast), declared in guidelines/cards/temporary-holds.csv
        SuggestedAction hold = new SuggestedAction(SuggestedAction.Kind.STOP_MEDICATION,
            "Hold metformin at the time of contrast; re-check eGFR after 48 h", "active-metformin-1", null, null);

        // when
        Card card = ruleCards.card(finding("ADA-MET-007", Severity.WARNING, hold), withActiveMetformin());
        Card stop = ruleCards.card(finding("ADA-MET-001", Severity.CRITICAL, hold), withActiveMetformin());

        // then
        JsonNode held = card.suggestions().get(0).actions().get(0).resource();
        assertThat(held.path("status").asText()).isEqualTo("on-hold");
        assertThat(held.path("note").get(0).path("text").asText()).startsWith("Restart 48 h after the contrast study");
        assertThat(card.suggestions().get(0).label()).contains("Restart 48 h");
        assertThat(stop.suggestions().get(0).actions().get(0).resource().path("status").asText()).isEqualTo("stopped");
    }

    @Test
    void should_name_file_and_line_when_card_metadata_is_invalid() {
        // given / when / then
        assertThatThrownBy(() -> CardMetadata.parse("cards", "rule,code,display\n*,Bad Code,x\n",
            "rule,restart,source\n")).hasMessageContaining("DXG-0652").hasMessageContaining("cards/override-reasons.csv:2");
        assertThatThrownBy(() -> CardMetadata.parse("cards", "rule,code,display\nADA-MET-001,a,b\n",
            "rule,restart,source\n")).hasMessageContaining("no general reasons");
    }
}
