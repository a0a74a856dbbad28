package org.dxguard.model;

import java.time.LocalDate;
import java.util.List;

/**
 * A problem or diagnosis. {@code codes} holds every coding the source gave (SNOMED CT, ICD-10, local);
 * {@code active} is false for resolved, inactive, refuted or entered-in-error conditions.
 */
public record Condition(String id, List<Code> codes, String text, boolean active, LocalDate onset) {
    public Condition {
        codes = Checks.copy(codes);
        text = Checks.blankToNull(text);
        if (codes.isEmpty() && text == null) {
            throw new IllegalArgumentException("condition needs at least one code or a text");
        }
    }

    public boolean hasCode(String system, String code) {
        return codes.stream().anyMatch(c -> c.is(system, code));
    }
}
