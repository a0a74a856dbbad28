package org.dxguard.rules;

import org.dxguard.model.PatientFacts;

/**
 * A compiled, validated guideline rule set. Thread-safe: every {@link #evaluate} call runs in its own stateless
 * Drools session over a shared, immutable KieBase.
 */
public interface GuidelineEngine {
    /** Evaluates every active rule against one patient's facts. Never returns null. */
    RuleEvaluation evaluate(PatientFacts facts);

    /** Identifies the rule set, e.g. {@code ada-diabetes@1.0.0+onc-ddi@1.0.0#3f2a9c1d}. */
    String rulesetVersion();
}
