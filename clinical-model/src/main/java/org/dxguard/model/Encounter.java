package org.dxguard.model;

import java.time.Instant;
import java.util.Locale;
import java.util.Set;

/**
 * The visit the request is made in, as far as the record says (FHIR {@code Encounter}): its {@code classCode} from
 * the HL7 v3 ActCode system ({@code IMP}, {@code ACUTE}, {@code EMER}, {@code OBSENC}, {@code AMB}…; null when the
 * class is absent or from another code system, which is never guessed) and its {@code status} ({@code in-progress},
 * {@code finished}…). {@code PatientFacts.currentEncounter} is null when the record has no current encounter: then
 * whether the patient is in hospital is unknown, not "no".
 */
public record Encounter(String id, String classCode, String status, Instant start) {
    /** The ActCode classes that count as being in hospital (inpatient, acute inpatient, emergency, observation). */
    public static final Set<String> HOSPITAL_CLASSES = Set.of("IMP", "ACUTE", "EMER", "OBSENC");
    /** HL7 v3 ActCode, the system of {@code Encounter.class} (R4) in its current and pre-THO spellings. */
    public static final Set<String> ACT_CODE_SYSTEMS = Set.of("http://terminology.hl7.org/CodeSystem/v3-ActCode",
        "http://hl7.org/fhir/v3/ActCode");

    public Encounter {
        classCode = Checks.blankToNull(classCode);
        classCode = classCode == null ? null : classCode.toUpperCase(Locale.ROOT);
        status = Checks.blankToNull(status);
    }

    /** True when the encounter is going on now ({@code in-progress}). */
    public boolean inProgress() {
        return "in-progress".equals(status);
    }

    /** True when the patient is in hospital now: an in-progress encounter of a hospital class. */
    public boolean inHospital() {
        return inProgress() && classCode != null && HOSPITAL_CLASSES.contains(classCode);
    }
}
