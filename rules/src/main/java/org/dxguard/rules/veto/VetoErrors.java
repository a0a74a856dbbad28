package org.dxguard.rules.veto;

import org.dxguard.model.ErrorCode;

/** Error codes of the veto (range DXG-0600..0699, shared with the audit log: the veto uses 0610..0629). */
public final class VetoErrors {
    private VetoErrors() {}

    /** The packaged veto rule base does not compile or lacks metadata: a build defect. */
    public static final ErrorCode RULES_INVALID = ErrorCode.of("DXG-0610", false,
        "The packaged veto rules (org/dxguard/rules/veto/veto-rules.drl/.csv) are broken; fix them and rebuild.");
    /** Evaluating the claims failed; the explanation must be withheld. */
    public static final ErrorCode REVIEW_FAILED = ErrorCode.of("DXG-0611", true,
        "The veto could not judge the model output, so the explanation is withheld. Retry; report the rule named.");
    /**
     * The veto's packaged reference tables (dose-limits.csv, drug-conditions.csv, drug-classes.csv, result-kinds.csv,
     * copied in from guidelines/ at build time) are missing or unreadable: a build defect.
     */
    public static final ErrorCode REFERENCE_INVALID = ErrorCode.of("DXG-0620", false,
        "Fix the table named (guidelines/drug-reference/*.csv or guidelines/terminology/result-kinds.csv, READMEs "
            + "next to them) and rebuild.");
}
