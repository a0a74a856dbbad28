package org.dxguard.rules;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.dxguard.model.RuleFinding;

/**
 * The outcome of one evaluation: the findings for the clinician, every rule that fired (for the decision record,
 * including rules that fired without producing a finding), the rule-set version and the time it took.
 */
public record RuleEvaluation(List<RuleFinding> findings, List<FiredRule> fired, String rulesetVersion,
                             Duration elapsed) {
    public RuleEvaluation {
        findings = findings == null ? List.of() : List.copyOf(findings);
        fired = fired == null ? List.of() : List.copyOf(fired);
        Objects.requireNonNull(rulesetVersion, "rulesetVersion must not be null");
        elapsed = elapsed == null ? Duration.ZERO : elapsed;
    }

    /** True when the given rule fired at least once. */
    public boolean firedRule(String ruleId) {
        return fired.stream().anyMatch(f -> f.ruleId().equals(ruleId));
    }
}
