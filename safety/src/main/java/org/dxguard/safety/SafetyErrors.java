package org.dxguard.safety;

import org.dxguard.model.ErrorCode;

/** Error codes of the safety suites (veto range DXG-0630..0639). */
public final class SafetyErrors {
    private SafetyErrors() {}

    /** A suite file cannot be read or a case is malformed. */
    public static final ErrorCode SUITE_INVALID = ErrorCode.of("DXG-0630", false,
        "Fix the suite file at the case named (see safety/README.md for the format).");
    /** The report directory cannot be written. */
    public static final ErrorCode REPORT_FAILED = ErrorCode.of("DXG-0631", false,
        "Check that the --report directory is writable.");
    /** The data file of {@code safety model-outputs} is missing, unreadable or not the embedded model's prompts. */
    public static final ErrorCode MODEL_OUTPUTS_INVALID = ErrorCode.of("DXG-0632", false,
        "Pass a file written by 'dxguard reasoner export-training-data --prompt-version differential-tiny-v1' "
            + "(llm-reasoner/embedded-model/MODEL_CARD.md).");
    /** The review file of {@code safety model-outputs --out} cannot be written. */
    public static final ErrorCode REVIEW_OUTPUT_FAILED = ErrorCode.of("DXG-0633", false,
        "Check that the --out directory is writable.");
}
