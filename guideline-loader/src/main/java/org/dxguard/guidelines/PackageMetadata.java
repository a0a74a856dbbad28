package org.dxguard.guidelines;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.List;

/**
 * The contents of a package's {@code package.yaml}: identity, source citation, effective date, owner, review
 * status, the catalog of its rules (id, title, citation, URL, needs-clinical-review flag) and the languages its
 * messages ({@code messages.yaml}) must all have ({@code languages: [en, zh-CN]}; default {@code [en]}).
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record PackageMetadata(String id, String title, String version, Source source, String effectiveDate,
                              String owner, String reviewStatus, List<RuleEntry> rules, List<String> languages) {
    public PackageMetadata {
        rules = rules == null ? List.of() : List.copyOf(rules);
        languages = languages == null || languages.isEmpty() ? List.of("en") : List.copyOf(languages);
    }

    /** A package whose messages are in English only. */
    public PackageMetadata(String id, String title, String version, Source source, String effectiveDate,
                           String owner, String reviewStatus, List<RuleEntry> rules) {
        this(id, title, version, source, effectiveDate, owner, reviewStatus, rules, null);
    }

    /**
     * The package's main source. {@code supersedes}: the edition it replaced and what the change did to this package
     * (e.g. the ADA Standards of Care 2025 superseded by 2026), so a reader sees which edition the content follows.
     */
    public record Source(String citation, String url, String supersedes) {
        public Source(String citation, String url) {
            this(citation, url, null);
        }
    }

    /**
     * One rule's catalog entry. {@code labMaxAgeDays}: how old (days) each lab kind the rule reads may be, when the
     * rule needs fresher values than {@code terminology/lab-freshness.csv} allows (e.g. {@code {EGFR: 90}}).
     * {@code reviewer} and {@code reviewDate} (ISO {@code YYYY-MM-DD}): who last checked the rule against its source
     * and when; {@code guidelines validate} warns when either is missing or the review is more than a year old.
     * {@code reviewNote}: what the review decided, with its source (e.g. why a reviewer's finding was not followed).
     * {@code differsFromAda}: for a package that adapts another guideline (e.g. {@code cds-diabetes}, Chinese
     * Diabetes Society), how this rule differs from the ADA Standards of Care, with the section cited; optional.
     */
    public record RuleEntry(String id, String title, String citation, String url, Boolean needsClinicalReview,
                            java.util.Map<String, Integer> labMaxAgeDays, String reviewer, String reviewDate,
                            String reviewNote, String differsFromAda) {
        public RuleEntry(String id, String title, String citation, String url, Boolean needsClinicalReview) {
            this(id, title, citation, url, needsClinicalReview, null, null, null, null, null);
        }

        public RuleEntry(String id, String title, String citation, String url, Boolean needsClinicalReview,
                         java.util.Map<String, Integer> labMaxAgeDays) {
            this(id, title, citation, url, needsClinicalReview, labMaxAgeDays, null, null, null, null);
        }

        public RuleEntry {
            labMaxAgeDays = labMaxAgeDays == null ? java.util.Map.of() : java.util.Map.copyOf(labMaxAgeDays);
        }

        public boolean review() {
            return Boolean.TRUE.equals(needsClinicalReview);
        }
    }

    /** A rule whose last review is older than this many days gets a warning from {@code guidelines validate}. */
    public static final int REVIEW_MAX_AGE_DAYS = 365;

    /** Review statuses an author may use. */
    public static final List<String> REVIEW_STATUSES = List.of("draft", "in-review", "approved", "retired");
}
