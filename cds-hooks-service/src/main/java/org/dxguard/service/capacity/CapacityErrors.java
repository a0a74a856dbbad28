package org.dxguard.service.capacity;

import org.dxguard.model.ErrorCode;

/** Error codes of admission and warm-up (DXG-0670…0689, issue 21). */
public final class CapacityErrors {
    private CapacityErrors() {}

    /** A hook call refused because every decision slot was busy (503 with {@code Retry-After}). */
    public static final ErrorCode OVERLOADED = ErrorCode.of("DXG-0670", true,
        "The service is at capacity and did not start this decision. Show no card for this call (the order or "
            + "chart is not blocked); a later call may be retried after the Retry-After seconds. Operators: add "
            + "replicas or cores, or see --max-concurrent-calls.");
    /** A warm-up call that failed (logged; the warm-up ends and the instance turns ready anyway). */
    public static final ErrorCode WARM_UP_FAILED = ErrorCode.of("DXG-0675", false,
        "A synthetic warm-up call failed; the instance turns ready without the rest of its warm-up. Report it: "
            + "the packaged warm-up fixtures no longer match the service.");
}
