package org.dxguard.bench;

import org.dxguard.model.ErrorCode;

/** Error codes of the load tools ({@code dxguard bench}), DXG-0750–0759 of the command-line range. */
public final class BenchErrors {
    /** A result or plot file could not be read or written. */
    public static final ErrorCode IO = ErrorCode.of("DXG-0750", false,
        "Check that the path exists and is writable.");
    /** A file given to {@code bench plot} is not a result written by {@code bench replay --out}. */
    public static final ErrorCode BAD_RESULT = ErrorCode.of("DXG-0751", false,
        "Give JSON files written by 'dxguard bench replay --out FILE'.");
    /** The cohort could not be generated or read. */
    public static final ErrorCode COHORT = ErrorCode.of("DXG-0752", false,
        "Check --cohort-dir (writable, empty or holding an earlier cohort) and free disk space.");
    /** The target did not answer a first call. */
    public static final ErrorCode UNREACHABLE = ErrorCode.of("DXG-0753", true,
        "Start the service first (bin/dxguard serve --trusted-ehrs FILE) and check --target.");
    /** A given key does not match the requested algorithm. */
    public static final ErrorCode BAD_OPTIONS = ErrorCode.of("DXG-0754", false,
        "See 'dxguard bench replay --help'.");

    /** Synthea's own libraries are not in this installation (the runtime image leaves them out). */
    public static final ErrorCode NO_SYNTHEA = ErrorCode.of("DXG-0755", false,
        "bench replay needs Synthea's libraries: run it from a checkout (bin/dxguard), or build the image with "
            + "--build-arg WITH_BENCH=true (deploy/README.md).");

    /** The service's discovery asks for a prefetch query the load tool cannot answer from a Synthea record. */
    public static final ErrorCode BAD_TEMPLATE = ErrorCode.of("DXG-0756", false,
        "Teach bench.synthea.Prefetch the FHIR search parameter named in the message, or use bench call with a "
            + "request file.");

    private BenchErrors() {}
}
