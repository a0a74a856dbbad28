package org.dxguard.rules.facts;

import java.util.Locale;

/**
 * The visit going on now (an in-progress FHIR Encounter), issue 16. {@code inHospital} is true for the HL7 v3
 * ActCode classes IMP, ACUTE, EMER and OBSENC; {@code classCode} is "" when the class was absent or not an ActCode
 * (then not in hospital as far as rules know). No fact at all when the record has no current encounter: rules about
 * hospital care then stay silent (unknown is not guessed).
 */
public record EncounterFact(String encId, String classCode, String status, boolean inHospital) implements Describable {
    public EncounterFact {
        encId = encId == null ? "" : encId;
        classCode = classCode == null ? "" : classCode;
        status = status == null ? "" : status;
    }

    @Override
    public String describe() {
        String kind = switch (classCode) {
            case "IMP" -> "inpatient";
            case "ACUTE" -> "acute inpatient";
            case "EMER" -> "emergency";
            case "OBSENC" -> "observation";
            case "" -> "unknown class";
            default -> classCode.toLowerCase(Locale.ROOT);
        };
        return (encId.isEmpty() ? "Encounter" : "Encounter/" + encId) + " " + status + " " + kind + " encounter";
    }
}
