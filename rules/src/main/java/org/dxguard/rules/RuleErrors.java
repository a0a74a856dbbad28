package org.dxguard.rules;

import org.dxguard.model.ErrorCode;

/** Stable error codes of the rules module (range DXG-0200..0299). */
public final class RuleErrors {
    private RuleErrors() {}

    /** A DRL file does not compile. */
    public static final ErrorCode COMPILE_FAILED = ErrorCode.of("DXG-0201", false,
        "Fix the DRL at the reported file and line, then validate with 'dxguard guidelines validate DIR'.");
    /** A rule lacks its id/version annotations, or the id is not listed in the package metadata. */
    public static final ErrorCode RULE_METADATA = ErrorCode.of("DXG-0202", false,
        "Give every rule @ruleId(\"...\") and @version(\"...\") and list the id with its citation in package.yaml.");
    /** A terminology or reference table cannot be read. */
    public static final ErrorCode TABLE_INVALID = ErrorCode.of("DXG-0203", false,
        "Fix the CSV row named in the message (column count, numbers, known columns).");
    /** Rule evaluation failed at run time. */
    public static final ErrorCode EVALUATION_FAILED = ErrorCode.of("DXG-0204", true,
        "A rule threw while evaluating; the decision record names it. Retry, then report the rule to its owner.");
    /** A rule modifies working memory (insert/update/modify/delete), which could loop. */
    public static final ErrorCode RULE_MUTATES = ErrorCode.of("DXG-0205", false,
        "Rules must only report findings; remove insert/update/modify/delete from the consequence.");
    /** A code in a terminology table is not well formed for its system (SNOMED CT, ICD-10, LOINC, RxNorm). */
    public static final ErrorCode CODE_MALFORMED = ErrorCode.of("DXG-0206", false,
        "Correct the code named in the message (copy it from the code system's browser); check digits catch typing "
            + "errors. See guidelines/README.md, 'Value sets'.");
}
