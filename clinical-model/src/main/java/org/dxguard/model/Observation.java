package org.dxguard.model;

import java.time.Instant;
import java.util.List;

/**
 * A measured value (lab, vital sign) or a coded observation. {@code value}/{@code unit} hold a numeric result in
 * the unit the source gave (UCUM where possible); {@code valueCode} or {@code valueText} hold a non-numeric one.
 * {@code effective} may be null when the source had no date. {@code referenceHigh} is the upper limit of the
 * result's reference range as the lab sent it, in {@code unit} (null when none was sent, or when its unit was not
 * the value's or not convertible to it: never guessed; issue 16, ALT as a multiple of the upper limit of normal).
 */
public record Observation(String id, List<Code> codes, Double value, String unit, Code valueCode, String valueText,
                          Instant effective, Double referenceHigh) {
    /** An observation without a reference range. */
    public Observation(String id, List<Code> codes, Double value, String unit, Code valueCode, String valueText,
                       Instant effective) {
        this(id, codes, value, unit, valueCode, valueText, effective, null);
    }

    public Observation {
        if (referenceHigh != null && !(referenceHigh > 0 && !referenceHigh.isInfinite())) {
            throw new IllegalArgumentException("a reference range's upper limit must be a positive finite number");
        }
        codes = Checks.copy(codes);
        if (codes.isEmpty()) {
            throw new IllegalArgumentException("observation needs at least one code");
        }
        if (value != null && (value.isNaN() || value.isInfinite())) {
            throw new IllegalArgumentException("observation value must be a finite number");
        }
        unit = Checks.blankToNull(unit);
        valueText = Checks.blankToNull(valueText);
    }

    public boolean hasCode(String system, String code) {
        return codes.stream().anyMatch(c -> c.is(system, code));
    }

    public boolean isNumeric() {
        return value != null;
    }
}
