package org.dxguard.model;

import java.util.regex.Pattern;

/**
 * A stable error code ({@code DXG-0042}) with whether retrying can help and what to do about it.
 * Ranges: 0001–0099 clinical-model, 0100–0199 service/HTTP, 0200–0299 rules, 0300–0399 knowledge-graph,
 * 0400–0499 llm-reasoner, 0500–0599 guideline-loader, 0600–0699 veto and audit, 0700–0799 command line.
 */
public record ErrorCode(String code, boolean retriable, String hint) {
    private static final Pattern FORMAT = Pattern.compile("DXG-\\d{4}");

    public ErrorCode {
        if (code == null || !FORMAT.matcher(code).matches()) {
            throw new IllegalArgumentException("error code must look like DXG-0042, was " + code);
        }
        hint = hint == null ? "" : hint;
    }

    public static ErrorCode of(String code, boolean retriable, String hint) {
        return new ErrorCode(code, retriable, hint);
    }

    /** Codes owned by clinical-model. */
    public static final ErrorCode INVALID_FACT = of("DXG-0001", false,
        "The input describes an impossible fact; fix the source record.");
}
