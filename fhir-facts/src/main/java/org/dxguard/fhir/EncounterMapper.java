package org.dxguard.fhir;

import java.time.Instant;
import java.util.List;
import org.dxguard.model.Encounter;
import org.hl7.fhir.r4.model.Coding;

/**
 * Encounter → the current visit ({@code PatientFacts.currentEncounter}), issue 16: whether the patient is in hospital
 * now. Only an {@code in-progress} encounter is current; among several, one of a hospital class
 * ({@link Encounter#HOSPITAL_CLASSES}) wins, then the latest start. {@code Encounter.class} is read only from the HL7
 * v3 ActCode system: a class in another system (a local code) or without a system is not guessed; the encounter
 * is then current with an unknown class (not "in hospital"), and a data note says so. Package-private.
 */
final class EncounterMapper {
    private EncounterMapper() {}

    /** The encounter as a fact, or null when it is not in progress (a past visit says nothing about now). */
    static Encounter map(org.hl7.fhir.r4.model.Encounter e, MappingLog log) {
        String status = e.hasStatus() ? e.getStatus().toCode() : null;
        if (!"in-progress".equals(status)) {
            log.ignored("Encounter not in progress");
            return null;
        }
        String id = FhirValues.idPart(e);
        String classCode = null;
        Coding c = e.hasClass_() ? e.getClass_() : null;
        if (c != null && c.hasCode()) {
            if (c.hasSystem() && Encounter.ACT_CODE_SYSTEMS.contains(c.getSystem())) {
                classCode = c.getCode();
            } else {
                log.note("UNUSABLE_VALUE " + (id == null ? "Encounter" : "Encounter/" + id) + ": the class '"
                    + c.getCode() + "' is not from the HL7 v3 ActCode system (" + (c.hasSystem() ? c.getSystem()
                    : "no system") + "): whether the patient is in hospital is unknown");
            }
        }
        Instant start = e.hasPeriod() && e.getPeriod().hasStart() ? e.getPeriod().getStart().toInstant() : null;
        return new Encounter(id, classCode, status, start);
    }

    /** The current encounter among the in-progress ones: a hospital class first, then the latest start. */
    static Encounter current(List<Encounter> inProgress) {
        return inProgress.stream()
            .max(java.util.Comparator.comparing(Encounter::inHospital)
                .thenComparing(x -> x.start() == null ? Instant.EPOCH : x.start()))
            .orElse(null);
    }
}
