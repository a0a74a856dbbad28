package org.dxguard.service.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.dxguard.model.RuleFinding;
import org.dxguard.model.Severity;
import org.dxguard.model.SuggestedAction;
import org.junit.jupiter.api.Test;

class OrderSelectFocusTest {

    private static RuleFinding finding(String rule, String target, String... triggeredBy) {
        SuggestedAction a = target == null ? null
            : new SuggestedAction(SuggestedAction.Kind.CANCEL_ORDER, "Cancel", target, null, null);
        return new RuleFinding(rule, "1", "g", "cite", null, Severity.WARNING, "summary", null, List.of(triggeredBy),
            a, false);
    }

    @Test
    void should_keep_only_findings_about_selected_orders_when_order_select_has_selections() {
        // given one finding about the selected draft, one about another draft, one about an active medication only
        RuleFinding selected = finding("R1", "draft-a", "MedicationRequest/draft-a draft metformin");
        RuleFinding other = finding("R2", "draft-b", "MedicationRequest/draft-b draft empagliflozin");
        RuleFinding activeOnly = finding("R3", null, "MedicationRequest/med-1 active metformin");
        RuleFinding pairWithSelected = finding("R4", "draft-b", "MedicationRequest/draft-b draft x",
            "MedicationRequest/draft-a draft y");
        // when
        List<RuleFinding> kept = MedicationSafetyService.focusOnSelections(
            List.of(selected, other, activeOnly, pairWithSelected), List.of("MedicationRequest/draft-a"));
        // then
        assertThat(kept).extracting(RuleFinding::ruleId).containsExactly("R1", "R4");
        assertThat(MedicationSafetyService.focusOnSelections(List.of(selected, other), List.of())).hasSize(2);
    }

    @Test
    void should_keep_the_contrast_hold_when_the_selected_order_is_an_imaging_service_request() {
        // given: a metformin hold triggered by a selected CT order, and one by a CT that is not selected
        RuleFinding selectedCt = finding("ADA-MET-007", "med-met", "ServiceRequest/ct-1 draft iodinated contrast",
            "MedicationRequest/med-met active metformin");
        RuleFinding otherCt = finding("ADA-MET-008", "med-met", "ServiceRequest/ct-2 draft iodinated contrast");
        // when
        List<RuleFinding> kept = MedicationSafetyService.focusOnSelections(List.of(selectedCt, otherCt),
            List.of("ServiceRequest/ct-1"));
        // then
        assertThat(kept).extracting(RuleFinding::ruleId).containsExactly("ADA-MET-007");
    }
}
