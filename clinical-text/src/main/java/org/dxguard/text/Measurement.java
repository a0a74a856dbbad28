package org.dxguard.text;

import java.util.Objects;
import org.dxguard.model.Code;

/**
 * A measured value stated in the text: a vital sign or laboratory result with its LOINC code, the value, the unit
 * as UCUM (null when the text gives none and the kind has no default), and for blood pressure the diastolic value
 * in {@code value2}. {@code kind} is one of the ids in {@code measurements.tsv} (temperature, heart-rate, …).
 */
public record Measurement(String kind, Code code, String label, double value, Double value2, String unit,
                          String text, Span span, SectionKind section) {
    public Measurement {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(span, "span");
        Objects.requireNonNull(section, "section");
    }
}
