package org.dxguard.guidelines;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * The contents of a package's {@code package.yaml}: identity, source citation, effective date, owner, review
 * status and the catalog of its rules (id, title, citation, URL, needs-clinical-review flag).
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record PackageMetadata(String id, String title, String version, Source source, String effectiveDate,
                              String owner, String reviewStatus, List<RuleEntry> rules) {
    public PackageMetadata {
        rules = rules == null ? List.of() : List.copyOf(rules);
    }

    /** The package's main source. */
    public record Source(String citation, String url) {}

    /**
     * One rule's catalog entry. {@code labMaxAgeDays}: how old (days) each lab kind the rule reads may be, when the
     * rule needs fresher values than {@code terminology/lab-freshness.csv} allows (e.g. {@code {EGFR: 90}}).
     */
    public record RuleEntry(String id, String title, String citation, String url, Boolean needsClinicalReview,
                            java.util.Map<String, Integer> labMaxAgeDays) {
        public RuleEntry(String id, String title, String citation, String url, Boolean needsClinicalReview) {
            this(id, title, citation, url, needsClinicalReview, null);
        }

        public RuleEntry {
            labMaxAgeDays = labMaxAgeDays == null ? java.util.Map.of() : java.util.Map.copyOf(labMaxAgeDays);
        }

        public boolean review() {
            return Boolean.TRUE.equals(needsClinicalReview);
        }
    }

    /** Review statuses an author may use. */
    public static final List<String> REVIEW_STATUSES = List.of("draft", "in-review", "approved", "retired");
}
