package org.dxguard.model;

/**
 * A finding's clinician-facing texts in one language: the card summary (&lt; 140 characters), the detail (Markdown,
 * may be null) and the label of its suggested action (null when the finding suggests nothing). Rendered from the
 * guideline package's message templates when the rule fired.
 */
public record LocalizedText(String summary, String detail, String actionLabel) {
    public LocalizedText {
        Checks.requireText(summary, "summary");
        if (summary.length() > RuleFinding.MAX_SUMMARY) {
            throw new IllegalArgumentException("summary is " + summary.length()
                + " characters; CDS Hooks requires fewer than 140");
        }
        detail = Checks.blankToNull(detail);
        actionLabel = Checks.blankToNull(actionLabel);
    }
}
