package org.dxguard.guidelines;

import java.util.List;

/**
 * Where one guideline package stands: identity, review status, number of rules, scenario results of the last
 * load, and the last reload error that concerned it (empty when none).
 */
public record PackageStatus(String id, String version, String title, String reviewStatus, int rules,
                            int scenariosPassed, int scenariosFailed, List<String> failedScenarios,
                            String lastReloadError) {
    public PackageStatus {
        failedScenarios = failedScenarios == null ? List.of() : List.copyOf(failedScenarios);
        lastReloadError = lastReloadError == null ? "" : lastReloadError;
    }
}
