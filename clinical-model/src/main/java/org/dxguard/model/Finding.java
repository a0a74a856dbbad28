package org.dxguard.model;

import java.util.Objects;

/**
 * A clinical finding used for the differential: a symptom, sign, risk factor or abnormal result, present or
 * explicitly absent ("denies chest pain"), with an optional value for categorical findings, and where it was read
 * ({@code source}, null when unknown: see {@link FindingSource}).
 */
public record Finding(Code code, boolean present, String value, FindingSource source) {
    public Finding {
        Objects.requireNonNull(code, "finding code must not be null");
        value = Checks.blankToNull(value);
    }

    /** A finding without provenance. */
    public Finding(Code code, boolean present, String value) {
        this(code, present, value, null);
    }

    public static Finding present(Code code) {
        return new Finding(code, true, null);
    }

    public static Finding absent(Code code) {
        return new Finding(code, false, null);
    }

    /** The same finding read from {@code where}. */
    public Finding withSource(FindingSource where) {
        return new Finding(code, present, value, where);
    }

    /** The same finding with another code (the graph's finding a coded one maps to), keeping value and source. */
    public Finding withCode(Code other) {
        return new Finding(other, present, value, source);
    }
}
