package org.dxguard.model;

import java.time.LocalDate;
import java.util.List;

/**
 * A problem or diagnosis. {@code codes} holds every coding the source gave (SNOMED CT, ICD-10, local);
 * {@code active} is false for resolved, inactive, refuted or entered-in-error conditions. {@code history} is true
 * for a past condition of the patient: clinicalStatus resolved, inactive or remission (or abated), and neither refuted
 * nor entered in error (those never count, as active or as history). A condition is never both.
 */
public record Condition(String id, List<Code> codes, String text, boolean active, LocalDate onset, boolean history) {
    public Condition {
        codes = Checks.copy(codes);
        text = Checks.blankToNull(text);
        if (codes.isEmpty() && text == null) {
            throw new IllegalArgumentException("condition needs at least one code or a text");
        }
        if (active && history) {
            throw new IllegalArgumentException("a condition is either active or history, not both");
        }
    }

    /** A current or not-counted condition (no history). */
    public Condition(String id, List<Code> codes, String text, boolean active, LocalDate onset) {
        this(id, codes, text, active, onset, false);
    }

    public boolean hasCode(String system, String code) {
        return codes.stream().anyMatch(c -> c.is(system, code));
    }
}
