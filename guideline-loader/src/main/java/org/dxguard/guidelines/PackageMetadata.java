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

    /** One rule's catalog entry. */
    public record RuleEntry(String id, String title, String citation, String url, Boolean needsClinicalReview) {
        public boolean review() {
            return Boolean.TRUE.equals(needsClinicalReview);
        }
    }

    /** Review statuses an author may use. */
    public static final List<String> REVIEW_STATUSES = List.of("draft", "in-review", "approved", "retired");
}
