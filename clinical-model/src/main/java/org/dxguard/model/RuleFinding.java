package org.dxguard.model;

import java.util.List;
import java.util.Objects;

/**
 * What one guideline rule concluded for one patient. {@code summary} is the clinician-facing one-liner (&lt; 140
 * characters); {@code detail} may be longer (Markdown). {@code triggeredBy} lists the facts that made it fire
 * (e.g. {@code "Observation/egfr-1: eGFR 25 mL/min/{1.73_m2}"}); {@code action} is null when there is nothing
 * concrete to suggest. {@code needsClinicalReview} marks rules encoded from secondary sources.
 */
public record RuleFinding(String ruleId, String ruleVersion, String guidelineId, String citation, String citationUrl,
                          Severity severity, String summary, String detail, List<String> triggeredBy,
                          SuggestedAction action, boolean needsClinicalReview) {
    public static final int MAX_SUMMARY = 139;

    public RuleFinding {
        Checks.requireText(ruleId, "ruleId");
        Checks.requireText(ruleVersion, "ruleVersion");
        Checks.requireText(guidelineId, "guidelineId");
        Checks.requireText(citation, "citation");
        Objects.requireNonNull(severity, "severity must not be null");
        Checks.requireText(summary, "summary");
        if (summary.length() > MAX_SUMMARY) {
            throw new IllegalArgumentException("summary of rule " + ruleId + " is " + summary.length()
                + " characters; CDS Hooks requires fewer than 140");
        }
        citationUrl = Checks.blankToNull(citationUrl);
        detail = Checks.blankToNull(detail);
        triggeredBy = Checks.copy(triggeredBy);
    }
}
