package org.dxguard.model;

import java.time.Instant;
import java.util.List;

/**
 * A medication the patient takes or a draft order. {@code id} is the FHIR resource id when there is one (used by
 * suggestions that update or delete the draft order); {@code codes} keep every coding (RxNorm first when known);
 * {@code dose} is null when the source gave no structured dose. {@code ended} is when a stopped medication was
 * last taken (null when unknown or not stopped); {@code source} the FHIR resource type it came from
 * ({@code MedicationRequest} by default, {@code MedicationStatement}, {@code MedicationDispense},
 * {@code MedicationAdministration}), so decision records name the right resource.
 */
public record Medication(String id, List<Code> codes, String text, Dose dose, MedicationStatus status,
                         Instant authoredOn, Instant ended, String source) {
    /** A medication without an end date, from a MedicationRequest (or a test). */
    public Medication(String id, List<Code> codes, String text, Dose dose, MedicationStatus status,
                      Instant authoredOn) {
        this(id, codes, text, dose, status, authoredOn, null, null);
    }

    public Medication {
        source = source == null || source.isBlank() ? "MedicationRequest" : source;
        codes = Checks.copy(codes);
        text = Checks.blankToNull(text);
        if (codes.isEmpty() && text == null) {
            throw new IllegalArgumentException("medication needs at least one code or a text");
        }
        status = status == null ? MedicationStatus.UNKNOWN : status;
    }

    public boolean hasCode(String system, String code) {
        return codes.stream().anyMatch(c -> c.is(system, code));
    }

    /** The first RxNorm code, or null. */
    public String rxnorm() {
        return codes.stream().filter(c -> Code.RXNORM.equals(c.system())).map(Code::code).findFirst().orElse(null);
    }
}
