package org.dxguard.model;

import java.time.Instant;
import java.util.List;

/**
 * A measured value (lab, vital sign) or a coded observation. {@code value}/{@code unit} hold a numeric result in
 * the unit the source gave (UCUM where possible); {@code valueCode} or {@code valueText} hold a non-numeric one.
 * {@code effective} may be null when the source had no date.
 */
public record Observation(String id, List<Code> codes, Double value, String unit, Code valueCode, String valueText,
                          Instant effective) {
    public Observation {
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
