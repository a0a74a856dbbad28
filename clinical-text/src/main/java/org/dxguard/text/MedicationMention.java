package org.dxguard.text;

import java.util.Objects;

/**
 * A drug named in the text with what the same clause states about it: dose (value and UCUM unit), frequency as an
 * HL7 GTS abbreviation code (QD, BID, TID, QID, Q4H…, or null) with the text it came from, and route.
 * {@code drug} carries the ConText ("stopped aspirin" is historical, "not on metformin" negated).
 */
public record MedicationMention(Mention drug, Double doseValue, String doseUnit, String frequencyCode,
                                String frequencyText, String route, Span span) {
    public MedicationMention {
        Objects.requireNonNull(drug, "drug");
        Objects.requireNonNull(span, "span");
    }
}
