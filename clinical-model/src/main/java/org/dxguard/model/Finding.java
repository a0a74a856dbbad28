package org.dxguard.model;

import java.util.Objects;

/**
 * A clinical finding used for the differential: a symptom, sign, risk factor or abnormal result, present or
 * explicitly absent ("denies chest pain"), with an optional value for categorical findings.
 */
public record Finding(Code code, boolean present, String value) {
    public Finding {
        Objects.requireNonNull(code, "finding code must not be null");
        value = Checks.blankToNull(value);
    }

    public static Finding present(Code code) {
        return new Finding(code, true, null);
    }

    public static Finding absent(Code code) {
        return new Finding(code, false, null);
    }
}
