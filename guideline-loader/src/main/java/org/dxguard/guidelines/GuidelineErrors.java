package org.dxguard.guidelines;

import org.dxguard.model.ErrorCode;

/** Stable error codes of guideline-loader (range DXG-0500..0599; issue 20's excerpt checks DXG-0920..0929). */
public final class GuidelineErrors {
    private GuidelineErrors() {}

    public static final ErrorCode PACKAGE_INVALID = ErrorCode.of("DXG-0501", false,
        "Fix the package named in the message (package.yaml fields, rule ids, citations), then run "
            + "'dxguard guidelines validate DIR'.");
    public static final ErrorCode SCENARIO_FAILED = ErrorCode.of("DXG-0502", false,
        "A scenario's expectation does not hold; run 'dxguard guidelines test DIR' to see which and why.");
    public static final ErrorCode IO = ErrorCode.of("DXG-0503", true,
        "Check that the guideline directory exists and is readable.");
    public static final ErrorCode SCENARIO_INVALID = ErrorCode.of("DXG-0504", false,
        "Fix the scenario file named in the message (see guidelines/README.md for the format).");
    public static final ErrorCode EXCERPT_LANGUAGE_MISSING = ErrorCode.of("DXG-0920", false,
        "Add the excerpt's text in the language the package declares (e.g. a 'zh:' block with title and text, in "
            + "dxguard's own words, marked needsClinicalReview: true until a clinician reading that language has "
            + "checked it), or remove the language from 'languages' in package.yaml; then run "
            + "'dxguard guidelines validate DIR'.");
}
