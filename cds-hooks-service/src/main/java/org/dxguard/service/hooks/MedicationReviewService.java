package org.dxguard.service.hooks;

import java.util.List;
import org.dxguard.rules.GuidelineEngine;
import org.dxguard.rules.RuleEvaluation;
import org.dxguard.service.cdshooks.Hook;
import org.dxguard.service.cdshooks.ServiceDescriptor;
import org.dxguard.service.observability.ServiceMetrics;
import org.dxguard.service.observability.Stage;

/**
 * The patient-view medication review: when the chart opens, the guideline rules check what the patient already
 * takes against their labs, conditions and allergies, and the standing problems (a contraindication among active
 * medications, a lab that is due) are shown once: the same card with the same facts is not shown again within the
 * repeat window ({@link CardAttention#forReview}). The order hooks no longer repeat these on unrelated orders.
 */
public final class MedicationReviewService implements CdsService {
    public static final String ID = "dxguard-medication-review";

    private final ServiceDescriptor descriptor;
    private final GuidelineEngine engine;
    private final RuleCards ruleCards;
    private final CardAttention attention;

    public MedicationReviewService(GuidelineEngine engine, RuleCards ruleCards, CardAttention attention) {
        this.descriptor = new ServiceDescriptor(Hook.PATIENT_VIEW.id(), "dxguard medication review",
            "When the chart opens: checks the medications this patient already takes against diabetes "
                + "pharmacotherapy guidelines, renal dosing, contraindications, allergies and high-priority drug "
                + "interactions; each standing problem is shown once (not again with the same facts within the "
                + "repeat window) instead of on every order.",
            ID, PrefetchTemplates.medicationSafety(), null);
        this.engine = engine;
        this.ruleCards = ruleCards;
        this.attention = attention;
    }

    @Override
    public ServiceDescriptor descriptor() {
        return descriptor;
    }

    /** The current encounter is optional ({@link PrefetchTemplates#MEDICATION_OPTIONAL}). */
    @Override
    public java.util.Set<String> optionalPrefetch() {
        return PrefetchTemplates.MEDICATION_OPTIONAL;
    }

    @Override
    public List<Hook> hooks() {
        return List.of(Hook.PATIENT_VIEW);
    }

    @Override
    public Decision decide(HookCall call) {
        return Stage.RULES.time(() -> {
            RuleEvaluation evaluation = engine.evaluate(call.facts(), call.locale());
            ServiceMetrics.current().dataNotes(evaluation.notes());
            CardAttention.Picked picked = attention.forReview(evaluation.findings(), call);
            List<RuleCards.Issued> issued = ruleCards.issue(picked.findings(), call.request(), call.locale());
            attention.shown(picked, issued, call);
            return Decision.ofRules(evaluation, issued, picked.withheld());
        });
    }
}
