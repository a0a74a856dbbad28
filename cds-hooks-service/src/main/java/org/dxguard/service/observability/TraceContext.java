package org.dxguard.service.observability;

import java.util.concurrent.ThreadLocalRandom;

/**
 * The trace id of one request: from a W3C {@code traceparent} header (its 32-hex trace id), else from
 * {@code X-Request-Id} (1–128 characters of {@code [A-Za-z0-9._:-]}; anything else is ignored, so a header cannot
 * inject text into logs), else generated (32 random hex digits). It goes into the SLF4J MDC under
 * {@link #MDC_KEY}, the response headers and the decision record.
 *
 * @param traceId       the id logged and recorded
 * @param traceFlags    the W3C trace flags to answer with (two hex digits)
 * @param fromTraceparent whether the caller sent a valid {@code traceparent}
 */
public record TraceContext(String traceId, String traceFlags, boolean fromTraceparent) {
    /** The MDC key (and JSON log field) holding the trace id. */
    public static final String MDC_KEY = "traceId";
    public static final String TRACEPARENT = "traceparent";
    public static final String REQUEST_ID = "X-Request-Id";
    private static final int MAX_REQUEST_ID = 128;

    public TraceContext {
        if (traceId == null || traceId.isEmpty()) {
            throw new IllegalArgumentException("traceId is required");
        }
        traceFlags = traceFlags == null ? "00" : traceFlags;
    }

    /** From the request's headers (either may be null). */
    public static TraceContext from(String traceparent, String requestId) {
        if (traceparent != null) {
            TraceContext parsed = parseTraceparent(traceparent.trim());
            if (parsed != null) {
                return parsed;
            }
        }
        if (requestId != null && validRequestId(requestId)) {
            return new TraceContext(requestId, "00", false);
        }
        return new TraceContext(randomHex(32), "00", false);
    }

    /** {@code version-traceid-parentid-flags}; version ff and all-zero ids are invalid (W3C Trace Context §3.2). */
    static TraceContext parseTraceparent(String h) {
        if (h.length() < 55 || h.charAt(2) != '-' || h.charAt(35) != '-' || h.charAt(52) != '-') {
            return null;
        }
        String version = h.substring(0, 2);
        String traceId = h.substring(3, 35);
        String parentId = h.substring(36, 52);
        String flags = h.substring(53, 55);
        boolean futureVersion = !version.equals("00");
        if (!isLowerHex(version) || version.equals("ff") || (!futureVersion && h.length() != 55)
            || (futureVersion && h.length() > 55 && h.charAt(55) != '-')) {
            return null;
        }
        if (!isLowerHex(traceId) || !isLowerHex(parentId) || !isLowerHex(flags) || allZero(traceId)
            || allZero(parentId)) {
            return null;
        }
        return new TraceContext(traceId, flags, true);
    }

    /** The {@code traceparent} to answer with (a new span id of this service), or null if the id is not W3C. */
    public String responseTraceparent() {
        if (traceId.length() != 32 || !isLowerHex(traceId)) {
            return null;
        }
        return "00-" + traceId + "-" + randomHex(16) + "-" + traceFlags;
    }

    private static boolean validRequestId(String id) {
        if (id.isEmpty() || id.length() > MAX_REQUEST_ID) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.'
                || c == '_' || c == ':' || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static boolean isLowerHex(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }

    private static boolean allZero(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) != '0') {
                return false;
            }
        }
        return true;
    }

    private static String randomHex(int digits) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        char[] out = new char[digits];
        for (int i = 0; i < digits; i++) {
            out[i] = Character.forDigit(r.nextInt(16), 16);
        }
        if (allZero(new String(out))) {
            out[digits - 1] = '1';
        }
        return new String(out);
    }
}
