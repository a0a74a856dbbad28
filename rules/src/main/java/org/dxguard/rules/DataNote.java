package org.dxguard.rules;

import java.util.Objects;

/**
 * Something about the record that the rules could not use as it was sent, or derived from it, stated for the
 * decision record (and {@code audit show}): a value without a usable unit, a drug not in the terminology, a dose
 * without a daily amount, a value calculated from others. {@code ref} names the resource
 * ({@code Observation/obs-1}); {@code text} says what and why, without patient names.
 */
public record DataNote(Kind kind, String ref, String text) {
    /** What kind of note. */
    public enum Kind {
        /** a lab value the rules cannot use (no unit and none implied, a unit that cannot be converted) */
        UNUSABLE_VALUE,
        /** a medication no terminology table recognises: no rule can check it */
        UNKNOWN_DRUG,
        /** a dose from which no daily amount can be computed */
        DOSE_UNREAD,
        /** a value the rules use that was calculated (eGFR from creatinine) */
        DERIVED_VALUE,
        /** a lab result too old to count as current */
        STALE_VALUE
    }

    public DataNote {
        Objects.requireNonNull(kind, "kind");
        ref = ref == null ? "" : ref;
        Objects.requireNonNull(text, "text");
    }

    /** One line: {@code UNUSABLE_VALUE Observation/obs-1: glucose 5.8 has no unit…}. */
    public String line() {
        return kind + (ref.isEmpty() ? "" : " " + ref) + ": " + text;
    }
}
