package org.dxguard.service.hooks;

import java.util.List;
import org.dxguard.rules.GuidelineEngine;
import org.dxguard.rules.RuleEvaluation;
import org.dxguard.service.cdshooks.Hook;
import org.dxguard.service.cdshooks.ServiceDescriptor;
import org.dxguard.service.observability.ServiceMetrics;
import org.dxguard.service.observability.Stage;

/**
 * Medication safety for order-select and order-sign: the guideline rules check the draft orders against this
 * patient's labs, conditions, allergies and active medications. {@link CardAttention} decides which findings
 * interrupt: those about the order being placed, or about a fact that is new since the same card was last shown;
 * standing problems go to the patient-view {@link MedicationReviewService}.
 */
public final class MedicationSafetyService implements CdsService {
    public static final String SELECT_ID = "dxguard-medication-select";
    public static final String SIGN_ID = "dxguard-medication-sign";
    /** One id for both order hooks, so the EHR can replace the order-select cards with the order-sign ones. */
    public static final String ID = "dxguard-medication";

    private final ServiceDescriptor descriptor;
    private final List<ServiceDescriptor> descriptors;
    private final Hook hook;
    private final GuidelineEngine engine;
    private final RuleCards ruleCards;
    private final CardAttention attention;

    private MedicationSafetyService(ServiceDescriptor descriptor, Hook hook, GuidelineEngine engine,
                                    RuleCards ruleCards, CardAttention attention) {
        this(List.of(descriptor), hook, engine, ruleCards, attention);
    }

    private MedicationSafetyService(List<ServiceDescriptor> descriptors, Hook hook, GuidelineEngine engine,
                                    RuleCards ruleCards, CardAttention attention) {
        this.descriptor = descriptors.get(0);
        this.descriptors = List.copyOf(descriptors);
        this.hook = hook;
        this.engine = engine;
        this.ruleCards = ruleCards;
        this.attention = java.util.Objects.requireNonNull(attention, "attention");
    }

    /** @param engine the active guideline rules (a hot-reloading engine keeps answering with the last good set) */
    public static MedicationSafetyService orderSelect(GuidelineEngine engine, RuleCards ruleCards,
                                                      CardAttention attention) {
        return new MedicationSafetyService(new ServiceDescriptor(Hook.ORDER_SELECT.id(),
            "dxguard medication safety (order-select)",
            "Checks the selected medication orders against diabetes pharmacotherapy guidelines, renal dosing, "
                + "contraindications, allergies and high-priority drug interactions for this patient.",
            SELECT_ID, PrefetchTemplates.medicationSafety(), null), Hook.ORDER_SELECT, engine, ruleCards, attention);
    }

    public static MedicationSafetyService orderSign(GuidelineEngine engine, RuleCards ruleCards,
                                                    CardAttention attention) {
        return new MedicationSafetyService(new ServiceDescriptor(Hook.ORDER_SIGN.id(),
            "dxguard medication safety (order-sign)",
            "Checks the medication orders being signed against diabetes pharmacotherapy guidelines, renal dosing, "
                + "contraindications, allergies and high-priority drug interactions for this patient.",
            SIGN_ID, PrefetchTemplates.medicationSafety(), null), Hook.ORDER_SIGN, engine, ruleCards, attention);
    }

    /**
     * order-select: "decision support should focus on the selected orders" (CDS Hooks order-select): keep the findings
     * about a selected order (it triggered the rule or is the action's target); findings about other draft orders or
     * only about what the patient already takes are left to order-sign. Without selections every finding is kept.
     */
    private static List<String> selections(HookCall call) {
        List<String> selections = new java.util.ArrayList<>();
        com.fasterxml.jackson.databind.JsonNode sel = call.request().context().get("selections");
        if (sel != null && sel.isArray()) {
            sel.forEach(x -> selections.add(x.asText()));
        }
        return selections;
    }

    static List<org.dxguard.model.RuleFinding> focusOnSelections(List<org.dxguard.model.RuleFinding> findings,
                                                               List<String> selections) {
        if (selections == null || selections.isEmpty()) {
            return findings;
        }
        java.util.Set<String> ids = new java.util.HashSet<>();
        java.util.Set<String> refs = new java.util.HashSet<>();
        for (String s : selections) {
            ids.add(s.substring(s.lastIndexOf('/') + 1));
            // a bare id is a MedicationRequest's; a typed one may be any order (a ServiceRequest for imaging)
            refs.add(s.contains("/") ? s.substring(s.lastIndexOf('/', s.lastIndexOf('/') - 1) + 1)
                : "MedicationRequest/" + s);
        }
        return findings.stream().filter(f -> (f.action() != null && ids.contains(f.action().targetMedicationId()))
            || f.triggeredBy().stream().anyMatch(t -> refs.stream().anyMatch(r -> t.startsWith(r + " draft"))))
            .toList();
    }

    /**
     * Medication safety for order-select and order-sign under one id ({@value #ID}): discovery lists it once per
     * hook; the hook of each call decides (order-select focuses on the selected orders). The per-hook ids stay.
     */
    public static MedicationSafetyService bothOrderHooks(GuidelineEngine engine, RuleCards ruleCards,
                                                         CardAttention attention) {
        String description = "Checks medication orders against diabetes pharmacotherapy guidelines, renal dosing, "
            + "contraindications, allergies and high-priority drug interactions for this patient; one id for "
            + "order-select and order-sign, so the order-sign cards can replace the order-select ones.";
        return new MedicationSafetyService(List.of(
            new ServiceDescriptor(Hook.ORDER_SELECT.id(), "dxguard medication safety", description, ID,
                PrefetchTemplates.medicationSafety(), null),
            new ServiceDescriptor(Hook.ORDER_SIGN.id(), "dxguard medication safety", description, ID,
                PrefetchTemplates.medicationSafety(), null)), null, engine, ruleCards, attention);
    }

    @Override
    public ServiceDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public List<ServiceDescriptor> descriptors() {
        return descriptors;
    }

    /** The current encounter is optional ({@link PrefetchTemplates#MEDICATION_OPTIONAL}). */
    @Override
    public java.util.Set<String> optionalPrefetch() {
        return PrefetchTemplates.MEDICATION_OPTIONAL;
    }

    @Override
    public List<Hook> hooks() {
        return hook == null ? List.of(Hook.ORDER_SELECT, Hook.ORDER_SIGN) : List.of(hook);
    }

    @Override
    public Decision decide(HookCall call) {
        return Stage.RULES.time(() -> {
            RuleEvaluation evaluation = engine.evaluate(call.facts(), call.locale());
            ServiceMetrics.current().dataNotes(evaluation.notes());
            List<org.dxguard.model.RuleFinding> findings = call.request().hook() == Hook.ORDER_SELECT
                ? focusOnSelections(evaluation.findings(), selections(call)) : evaluation.findings();
            CardAttention.Picked picked = attention.forOrder(findings, call);
            List<RuleCards.Issued> issued = ruleCards.issue(picked.findings(), call.request(), call.locale());
            attention.shown(picked, issued, call);
            return Decision.ofRules(evaluation, issued, picked.withheld());
        });
    }
}
