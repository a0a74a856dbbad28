package org.dxguard.rules;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.dxguard.model.RuleFinding;

/**
 * The outcome of one evaluation: the findings for the clinician, every rule that fired (for the decision record,
 * including rules that fired without producing a finding), the rule-set version, the time it took, and the data
 * notes: what in the record the rules could not use as sent, or derived (unusable values, unknown drugs, unread
 * doses, calculated eGFR), for the decision record.
 */
public record RuleEvaluation(List<RuleFinding> findings, List<FiredRule> fired, String rulesetVersion,
                             Duration elapsed, List<DataNote> notes) {
    public RuleEvaluation(List<RuleFinding> findings, List<FiredRule> fired, String rulesetVersion, Duration elapsed) {
        this(findings, fired, rulesetVersion, elapsed, List.of());
    }

    public RuleEvaluation {
        notes = notes == null ? List.of() : List.copyOf(notes);
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
