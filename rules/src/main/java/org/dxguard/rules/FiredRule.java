package org.dxguard.rules;

import java.util.List;

/**
 * One rule activation: the rule's id and version and the facts it matched, described without names
 * (e.g. {@code "Observation/obs-7 eGFR 25 mL/min/{1.73_m2} (2025-01-02)"}).
 */
public record FiredRule(String ruleId, String ruleVersion, List<String> facts) {
    public FiredRule {
        if (ruleId == null || ruleId.isBlank()) {
            throw new IllegalArgumentException("fired rule needs an id");
        }
        ruleVersion = ruleVersion == null ? "" : ruleVersion;
        facts = facts == null ? List.of() : List.copyOf(facts);
    }
}
