package org.dxguard.guidelines;

import java.util.List;

/**
 * The outcome of one scenario: package, file, name, pass/fail with the reasons it failed, and the rules that
 * fired (for the report).
 */
public record ScenarioResult(String packageId, String file, String name, boolean passed, List<String> reasons,
                             List<String> firedRules) {
    public ScenarioResult {
        reasons = reasons == null ? List.of() : List.copyOf(reasons);
        firedRules = firedRules == null ? List.of() : List.copyOf(firedRules);
    }

    /** {@code file :: name}. */
    public String label() {
        return file + " :: " + name;
    }
}
