package org.dxguard.rules;

/**
 * What the package metadata says about one rule: its guideline, the citation (and URL) a card shows as source,
 * whether it was encoded from a secondary source and still needs clinical review, and how old (days) each lab kind
 * it reads may be ({@code labMaxAgeDays}, e.g. {@code EGFR: 90}; stricter than the terminology's freshness table).
 */
public record RuleMeta(String ruleId, String guidelineId, String title, String citation, String citationUrl,
                       boolean needsClinicalReview, java.util.Map<String, Integer> labMaxAgeDays) {
    public RuleMeta(String ruleId, String guidelineId, String title, String citation, String citationUrl,
                    boolean needsClinicalReview) {
        this(ruleId, guidelineId, title, citation, citationUrl, needsClinicalReview, java.util.Map.of());
    }

    public RuleMeta {
        labMaxAgeDays = labMaxAgeDays == null ? java.util.Map.of() : java.util.Map.copyOf(labMaxAgeDays);
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
