package org.dxguard.service.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.dxguard.model.Code;
import org.dxguard.model.Dose;
import org.dxguard.model.DoseFrequency;
import org.dxguard.model.RuleFinding;
import org.dxguard.model.Severity;
import org.dxguard.model.SuggestedAction;
import org.dxguard.service.Fixtures;
import org.dxguard.service.cdshooks.Action;
import org.dxguard.service.cdshooks.Card;
import org.dxguard.service.cdshooks.CdsJson;
import org.dxguard.service.cdshooks.CdsRequest;
import org.dxguard.service.cdshooks.Hook;
import org.junit.jupiter.api.Test;

class RuleCardsTest {
    private final CdsJson json = CdsJson.create();
    private final RuleCards ruleCards = new RuleCards(json.mapper());
    private final CdsRequest request = json.parseRequest(Fixtures.bytes("cdshooks/order-sign-request.json"),
        List.of(Hook.ORDER_SIGN));

    private static RuleFinding finding(Severity severity, SuggestedAction action) {
        return new RuleFinding("ADA-MET-001", "1.0.0", "ada-diabetes", "FDA Drug Safety Communication (2016)",
            "https://www.fda.gov/drugs/drug-safety-and-availability", severity,
            "Metformin is contraindicated at eGFR 25 (below 30)", "Do not start metformin.",
            List.of("Observation/egfr-1 eGFR 25 mL/min/{1.73_m2}"), action, false);
    }

    @Test
    void should_make_delete_action_for_draft_when_rule_suggests_cancel() {
        // given
        RuleFinding f = finding(Severity.CRITICAL, new SuggestedAction(SuggestedAction.Kind.CANCEL_ORDER,
            "Cancel the metformin order", "draft-metformin-1", null, null));

        // when
        Card card = ruleCards.card(f, request);

        // then
        assertThat(card.indicator().wire()).isEqualTo("critical");
        assertThat(card.source().label()).isEqualTo("FDA Drug Safety Communication (2016)");
        assertThat(card.selectionBehavior()).isEqualTo(Card.SelectionBehavior.AT_MOST_ONE);
        Action action = card.suggestions().get(0).actions().get(0);
        assertThat(action.type()).isEqualTo(Action.Type.DELETE);
        assertThat(action.resourceId()).isEqualTo("MedicationRequest/draft-metformin-1");
        assertThat(card.overrideReasons()).isNotEmpty().allSatisfy(c -> assertThat(c.display()).isNotBlank());
        assertThat(card.detail()).contains("ADA-MET-001").contains("eGFR 25");
    }

    @Test
    void should_update_draft_with_new_dose_when_rule_suggests_dose_change() {
        // given
        Dose newDose = new Dose(500, "mg", DoseFrequency.TWICE_DAILY, null);
        RuleFinding f = finding(Severity.WARNING, new SuggestedAction(SuggestedAction.Kind.CHANGE_DOSE,
            "Reduce to 500 mg twice daily", "draft-metformin-1", newDose, null));

        // when
        Action action = ruleCards.card(f, request).suggestions().get(0).actions().get(0);

        // then
        assertThat(action.type()).isEqualTo(Action.Type.UPDATE);
        JsonNode resource = action.resource();
        assertThat(resource.path("id").asText()).isEqualTo("draft-metformin-1");
        assertThat(resource.at("/dosageInstruction/0/doseAndRate/0/doseQuantity/value").asDouble()).isEqualTo(500);
        assertThat(resource.at("/dosageInstruction/0/timing/repeat/frequency").asInt()).isEqualTo(2);
        assertThat(request.context().at("/draftOrders/entry/0/resource/dosageInstruction/0/doseAndRate/0"
            + "/doseQuantity/value").asDouble()).as("request is not modified").isEqualTo(1000);
    }

    @Test
    void should_create_service_request_when_rule_suggests_lab_order() {
        RuleFinding f = finding(Severity.WARNING, new SuggestedAction(SuggestedAction.Kind.ORDER_LAB,
            "Order an eGFR", null, null, new Code(Code.LOINC, "33914-3", "eGFR")));

        Action action = ruleCards.card(f, request).suggestions().get(0).actions().get(0);

        assertThat(action.type()).isEqualTo(Action.Type.CREATE);
        assertThat(action.resource().path("resourceType").asText()).isEqualTo("ServiceRequest");
        assertThat(action.resource().at("/code/coding/0/code").asText()).isEqualTo("33914-3");
        assertThat(action.resource().at("/subject/reference").asText()).isEqualTo("Patient/pat-dkd-1");
    }

    @Test
    void should_have_no_suggestions_when_rule_has_no_action() {
        Card card = ruleCards.card(finding(Severity.INFO, null), request);

        assertThat(card.suggestions()).isEmpty();
        assertThat(card.selectionBehavior()).isNull();
    }

    @Test
    void should_show_one_card_when_a_rule_reports_the_same_finding_twice() {
        RuleFinding once = finding(Severity.CRITICAL, null);

        List<Card> cards = ruleCards.cards(List.of(once, once), request);

        assertThat(cards).hasSize(1);
    }
}
