package org.dxguard.rules;

import org.dxguard.model.PatientFacts;

/**
 * A compiled, validated guideline rule set. Thread-safe: every {@link #evaluate} call runs in its own stateless
 * Drools session over a shared, immutable KieBase.
 */
public interface GuidelineEngine {
    /** Evaluates every active rule against one patient's facts. Never returns null. */
    RuleEvaluation evaluate(PatientFacts facts);

    /**
     * Evaluates every active rule against one patient's facts for a call in {@code locale}: the same findings, fired
     * rules and notes as {@link #evaluate(PatientFacts)}, but each finding's
     * {@link org.dxguard.model.RuleFinding#translations() translations} hold only the languages a card in
     * {@code locale} can use ({@link org.dxguard.model.RuleFinding#in} picks among them; none for English), so a call
     * does not format its findings in languages nobody reads. The English texts are always there. A null
     * {@code locale} means every language (as {@link #evaluate(PatientFacts)}). Never returns null.
     */
    default RuleEvaluation evaluate(PatientFacts facts, java.util.Locale locale) {
        return evaluate(facts);
    }

    /** Identifies the rule set, e.g. {@code ada-diabetes@1.0.0+onc-ddi@1.0.0#3f2a9c1d}. */
    String rulesetVersion();
}
