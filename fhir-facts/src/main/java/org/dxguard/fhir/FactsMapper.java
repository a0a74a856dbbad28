package org.dxguard.fhir;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.dxguard.model.Allergy;
import org.dxguard.model.Condition;
import org.dxguard.model.DxGuardException;
import org.dxguard.model.Medication;
import org.dxguard.model.Observation;
import org.dxguard.model.PatientFacts;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.AllergyIntolerance;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Procedure;

/**
 * One mapping run: a patient's record and the draft orders → {@link PatientFacts}. Each resource goes to its
 * mapper ({@link PatientMapper}, {@link ConditionMapper}, {@link ObservationMapper}, {@link MedicationMapper},
 * {@link AllergyMapper}, {@link ProcedureMapper}, {@link FamilyHistoryMapper}, {@link EncounterMapper}); what is inferred across resources (weight, pregnancy, dialysis)
 * is {@link ClinicalInference}'s. Not thread-safe; create one per call. The rules are documented in
 * {@code package-info.java}. Package-private.
 */
final class FactsMapper {
    private final List<IBaseResource> record;
    private final List<IBaseResource> drafts;
    private final Instant asOf;
    private final MappingLog log = new MappingLog();
    private final ClinicalInference inference;
    private final MedicationMapper medications;
    private final List<Condition> conditions = new ArrayList<>();
    private final List<Observation> observations = new ArrayList<>();
    private final List<Medication> activeMedications = new ArrayList<>();
    private final List<Medication> draftOrders = new ArrayList<>();
    private final List<Allergy> allergies = new ArrayList<>();
    private final List<Condition> familyHistory = new ArrayList<>();
    private final List<org.dxguard.model.Encounter> encounters = new ArrayList<>();

    FactsMapper(List<IBaseResource> record, List<IBaseResource> drafts, Instant asOf,
                org.dxguard.rules.Terminology terminology) {
        this.record = dedupe(record);
        this.drafts = dedupe(drafts);
        this.asOf = asOf;
        this.inference = new ClinicalInference(asOf, terminology);
        this.medications = new MedicationMapper(this.record, this.drafts, asOf, log);
    }

    PatientFacts map() {
        Patient patient = null;
        for (IBaseResource resource : record) {
            if (resource instanceof Patient p) {
                if (patient != null) {
                    throw new DxGuardException(FhirErrors.INVALID_FHIR, "the record holds more than one Patient "
                        + "resource; send the record of exactly one patient");
                }
                patient = p;
                continue;
            }
            mapRecordResource(resource);
        }
        for (IBaseResource resource : drafts) {
            if (resource instanceof MedicationRequest mr) {
                log.guarded(mr, () -> addIfMapped(draftOrders, medications.draft(mr)));
            } else if (resource instanceof org.hl7.fhir.r4.model.ServiceRequest sr) {
                log.guarded(sr, () -> addIfMapped(draftOrders, ServiceRequestMapper.draft(sr)));
            } else if (!(resource instanceof org.hl7.fhir.r4.model.Medication)) {
                log.ignored("draftOrders:" + resource.fhirType());
            }
        }
        inference.onDialysis().ifPresent(conditions::add);
        log.report();
        PatientFacts.Builder b = PatientFacts.builder().asOf(asOf)
            .conditions(conditions).observations(observations).activeMedications(activeMedications)
            .draftOrders(draftOrders).allergies(allergies).familyHistory(familyHistory)
            .weightKg(inference.weightKg(observations))
            .pregnancy(inference.pregnancy(observations, log))
            .currentEncounter(EncounterMapper.current(encounters));
        if (patient != null) {
            String id = FhirValues.idPart(patient);
            b.patientRef(id == null ? null : "Patient/" + id).ageYears(PatientMapper.age(patient, asOf))
                .sex(PatientMapper.sex(patient));
        }
        return b.build();
    }

    /** The data notes of the last {@link #map()}: values not used because their meaning is uncertain. */
    List<String> notes() {
        return log.notes();
    }

    private void mapRecordResource(IBaseResource resource) {
        if (resource instanceof org.hl7.fhir.r4.model.Condition c) {
            log.guarded(c, () -> addIfMapped(conditions, ConditionMapper.map(c, inference, log)));
        } else if (resource instanceof org.hl7.fhir.r4.model.Observation o) {
            log.guarded(o, () -> ObservationMapper.map(o, observations, log));
        } else if (resource instanceof MedicationRequest mr) {
            log.guarded(mr, () -> addIfMapped(activeMedications, medications.request(mr)));
        } else if (resource instanceof MedicationStatement ms) {
            log.guarded(ms, () -> addIfMapped(activeMedications, medications.statement(ms)));
        } else if (resource instanceof MedicationAdministration ma) {
            log.guarded(ma, () -> addIfMapped(activeMedications, medications.administration(ma)));
        } else if (resource instanceof org.hl7.fhir.r4.model.MedicationDispense md) {
            log.guarded(md, () -> addIfMapped(activeMedications, medications.dispense(md)));
        } else if (resource instanceof AllergyIntolerance ai) {
            log.guarded(ai, () -> addIfMapped(allergies, AllergyMapper.map(ai, log)));
        } else if (resource instanceof Procedure p) {
            log.guarded(p, () -> ProcedureMapper.map(p, inference, log));
        } else if (resource instanceof org.hl7.fhir.r4.model.FamilyMemberHistory fmh) {
            log.guarded(fmh, () -> familyHistory.addAll(FamilyHistoryMapper.map(fmh)));
        } else if (resource instanceof org.hl7.fhir.r4.model.Encounter enc) {
            log.guarded(enc, () -> addIfMapped(encounters, EncounterMapper.map(enc, log)));
        } else if (!(resource instanceof org.hl7.fhir.r4.model.Medication)) {
            log.ignored(resource.fhirType());
        }
    }

    private static <T> void addIfMapped(List<T> into, T mapped) {
        if (mapped != null) {
            into.add(mapped);
        }
    }

    private static List<IBaseResource> dedupe(List<IBaseResource> resources) {
        Set<String> seen = new HashSet<>();
        List<IBaseResource> out = new ArrayList<>(resources.size());
        for (IBaseResource r : resources) {
            String key = FhirValues.typedId(r);
            if (key == null || seen.add(key)) {
                out.add(r);
            }
        }
        return out;
    }
}
