package org.dxguard.rules;

/**
 * What the package metadata says about one rule: its guideline, the citation (and URL) a card shows as source,
 * and whether it was encoded from a secondary source and still needs clinical review.
 */
public record RuleMeta(String ruleId, String guidelineId, String title, String citation, String citationUrl,
                       boolean needsClinicalReview) {
    public RuleMeta {
        if (ruleId == null || ruleId.isBlank()) {
            throw new IllegalArgumentException("rule id must not be blank");
        }
        if (guidelineId == null || guidelineId.isBlank()) {
            throw new IllegalArgumentException("guideline id must not be blank for rule " + ruleId);
        }
        title = title == null ? "" : title;
        citationUrl = citationUrl == null || citationUrl.isBlank() ? null : citationUrl;
    }
}
