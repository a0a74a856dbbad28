package org.dxguard.service.hooks;

import java.util.List;
import org.dxguard.rules.GuidelineEngine;
import org.dxguard.rules.RuleEvaluation;
import org.dxguard.service.cdshooks.Hook;
import org.dxguard.service.cdshooks.ServiceDescriptor;
import org.dxguard.service.observability.Stage;

/**
 * Medication safety for order-select and order-sign: the guideline rules check the draft orders against this
 * patient's labs, conditions, allergies and active medications.
 */
public final class MedicationSafetyService implements CdsService {
    public static final String SELECT_ID = "dxguard-medication-select";
    public static final String SIGN_ID = "dxguard-medication-sign";

    private final ServiceDescriptor descriptor;
    private final Hook hook;
    private final GuidelineEngine engine;
    private final RuleCards ruleCards;

    private MedicationSafetyService(ServiceDescriptor descriptor, Hook hook, GuidelineEngine engine,
                                    RuleCards ruleCards) {
        this.descriptor = descriptor;
        this.hook = hook;
        this.engine = engine;
        this.ruleCards = ruleCards;
    }

    /** @param engine the active guideline rules (a hot-reloading engine keeps answering with the last good set) */
    public static MedicationSafetyService orderSelect(GuidelineEngine engine, RuleCards ruleCards) {
        return new MedicationSafetyService(new ServiceDescriptor(Hook.ORDER_SELECT.id(),
            "dxguard medication safety (order-select)",
            "Checks the selected medication orders against diabetes pharmacotherapy guidelines, renal dosing, "
                + "contraindications, allergies and high-priority drug interactions for this patient.",
            SELECT_ID, PrefetchTemplates.medicationSafety(), null), Hook.ORDER_SELECT, engine, ruleCards);
    }

    public static MedicationSafetyService orderSign(GuidelineEngine engine, RuleCards ruleCards) {
        return new MedicationSafetyService(new ServiceDescriptor(Hook.ORDER_SIGN.id(),
            "dxguard medication safety (order-sign)",
            "Checks the medication orders being signed against diabetes pharmacotherapy guidelines, renal dosing, "
                + "contraindications, allergies and high-priority drug interactions for this patient.",
            SIGN_ID, PrefetchTemplates.medicationSafety(), null), Hook.ORDER_SIGN, engine, ruleCards);
    }

    @Override
    public ServiceDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public List<Hook> hooks() {
        return List.of(hook);
    }

    @Override
    public Decision decide(HookCall call) {
        return Stage.RULES.time(() -> {
            RuleEvaluation evaluation = engine.evaluate(call.facts());
            return Decision.ofRules(evaluation, ruleCards.issue(evaluation.findings(), call.request()));
        });
    }
}
