package org.dxguard.service.safety;

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
}
