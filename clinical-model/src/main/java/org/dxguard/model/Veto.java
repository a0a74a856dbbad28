package org.dxguard.model;

import java.util.Objects;

/**
 * Why one claim must not be shown: the rule that vetoed it (a guideline rule such as {@code ADA-MET-001}, or a
 * veto rule such as {@code VETO-GRD-001}), its version, guideline and citation, and a one-line reason.
 */
public record Veto(String claimId, String ruleId, String ruleVersion, String guidelineId, String citation,
                   String citationUrl, Severity severity, String reason) {
    public Veto {
        Checks.requireText(claimId, "claimId");
        Checks.requireText(ruleId, "ruleId");
        ruleVersion = ruleVersion == null ? "" : ruleVersion;
        Checks.requireText(guidelineId, "guidelineId");
        Checks.requireText(citation, "citation");
        citationUrl = Checks.blankToNull(citationUrl);
        Objects.requireNonNull(severity, "severity must not be null");
        Checks.requireText(reason, "reason");
    }
}
