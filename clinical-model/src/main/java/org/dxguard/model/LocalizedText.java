package org.dxguard.model;

import java.util.List;

/**
 * A finding's clinician-facing texts in one language: the card summary (&lt; 140 characters), the detail (Markdown,
 * may be null), the label of its suggested action (null when the finding suggests nothing) and the "Based on" lines
 * (the facts the rule matched, rendered in this language from their structured parts: reference, code, name, value,
 * unit, date; empty when not rendered, then the English {@link RuleFinding#triggeredBy} lines are shown). Rendered
 * from message templates when the rule fired.
 */
public record LocalizedText(String summary, String detail, String actionLabel, List<String> basedOn) {
    public LocalizedText {
        Checks.requireText(summary, "summary");
        if (summary.length() > RuleFinding.MAX_SUMMARY) {
            throw new IllegalArgumentException("summary is " + summary.length()
                + " characters; CDS Hooks requires fewer than 140");
        }
        detail = Checks.blankToNull(detail);
        actionLabel = Checks.blankToNull(actionLabel);
        basedOn = basedOn == null ? List.of() : List.copyOf(basedOn);
    }

    /** Texts without "Based on" lines. */
    public LocalizedText(String summary, String detail, String actionLabel) {
        this(summary, detail, actionLabel, List.of());
    }

    /** These texts with {@code lines} as the "Based on" lines. */
    public LocalizedText withBasedOn(List<String> lines) {
        return new LocalizedText(summary, detail, actionLabel, lines);
    }
}
