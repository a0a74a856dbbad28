package org.dxguard.fhir;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.dxguard.model.Allergy;
import org.dxguard.model.Code;
import org.dxguard.model.Condition;
import org.dxguard.model.Dose;
import org.dxguard.model.DxGuardException;
import org.dxguard.model.Medication;
import org.dxguard.model.MedicationStatus;
import org.dxguard.model.Observation;
import org.dxguard.model.PatientFacts;
import org.dxguard.model.PregnancyStatus;
import org.dxguard.model.Sex;
import org.hl7.fhir.exceptions.FHIRException;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.AllergyIntolerance;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Timing;
import org.hl7.fhir.r4.model.Type;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One mapping run: a patient's record and the draft orders → {@link PatientFacts}. Not thread-safe; create one
 * per call. The rules are documented in {@code package-info.java}. Package-private.
 */
final class FactsMapper {
    private static final Logger LOG = LoggerFactory.getLogger(FactsMapper.class);

    static final Set<String> BODY_WEIGHT_LOINC = Set.of("29463-7", "3141-9");
    /** A "pregnant" observation older than this no longer says anything about today. */
    static final Duration PREGNANCY_OBSERVATION_VALIDITY = Duration.ofDays(300);
    /** Stopped medications are kept this long after they ended (longer than any washout in the terminology: 14 d). */
    static final Duration STOPPED_LOOKBACK = Duration.ofDays(30);
    private static final double KG_PER_LB = 0.45359237;
    private static final double KG_PER_OZ = 0.028349523125;

    private final List<IBaseResource> record;
    private final List<IBaseResource> drafts;
    private final Instant asOf;
    private final Map<String, org.hl7.fhir.r4.model.Medication> medicationIndex = new HashMap<>();
    private final Map<String, Integer> ignored = new TreeMap<>();
    private final List<Condition> conditions = new ArrayList<>();
    private final List<Observation> observations = new ArrayList<>();
    private final List<Medication> activeMedications = new ArrayList<>();
    private final List<Medication> draftOrders = new ArrayList<>();
    private final List<Allergy> allergies = new ArrayList<>();
    private final List<Condition> familyHistory = new ArrayList<>();
    /** Active pregnancy conditions: their onset/recorded instant, or null when undated. */
    private final List<Instant> pregnancyConditions = new ArrayList<>();
    /** Completed or in-progress dialysis procedures with a date. */
    private final List<DialysisSession> dialysisSessions = new ArrayList<>();
    /** Dated kidney transplants (procedure or history condition). */
    private final List<Instant> kidneyTransplants = new ArrayList<>();
    private int skipped;

    FactsMapper(List<IBaseResource> record, List<IBaseResource> drafts, Instant asOf) {
        this.record = dedupe(record);
        this.drafts = dedupe(drafts);
        this.asOf = asOf;
    }

    PatientFacts map() {
        indexMedications(record);
        indexMedications(drafts);
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
                guarded(mr, () -> {
                    Medication m = medication(mr, requestStatus(mr, MedicationStatus.DRAFT), mr.getMedication(),
                        mr.hasDosageInstruction() ? mr.getDosageInstructionFirstRep() : null,
                        mr.hasAuthoredOnElement() ? FhirValues.instant(mr.getAuthoredOnElement()) : null);
                    if (m != null) {
                        draftOrders.add(m);
                    }
                });
            } else if (!(resource instanceof org.hl7.fhir.r4.model.Medication)) {
                ignored.merge("draftOrders:" + resource.fhirType(), 1, Integer::sum);
            }
        }
        onDialysis().ifPresent(conditions::add);
        if (LOG.isDebugEnabled() && !ignored.isEmpty()) {
            LOG.debug("FHIR resource types not mapped to facts: {}", ignored);
        }
        if (skipped > 0) {
            LOG.warn("{} FHIR resource(s) could not be mapped and were skipped (see DEBUG log)", skipped);
        }
        PatientFacts.Builder b = PatientFacts.builder().asOf(asOf)
            .conditions(conditions).observations(observations).activeMedications(activeMedications)
            .draftOrders(draftOrders).allergies(allergies).familyHistory(familyHistory)
            .weightKg(weightKg())
            .pregnancy(pregnancy());
        if (patient != null) {
            String id = FhirValues.idPart(patient);
            b.patientRef(id == null ? null : "Patient/" + id).ageYears(age(patient)).sex(sex(patient));
        }
        return b.build();
    }

    private void mapRecordResource(IBaseResource resource) {
        if (resource instanceof org.hl7.fhir.r4.model.Condition c) {
            guarded(c, () -> condition(c));
        } else if (resource instanceof org.hl7.fhir.r4.model.Observation o) {
            guarded(o, () -> observation(o));
        } else if (resource instanceof MedicationRequest mr) {
            guarded(mr, () -> medicationRequest(mr));
        } else if (resource instanceof MedicationStatement ms) {
            guarded(ms, () -> medicationStatement(ms));
        } else if (resource instanceof MedicationAdministration ma) {
            guarded(ma, () -> medicationAdministration(ma));
        } else if (resource instanceof org.hl7.fhir.r4.model.MedicationDispense md) {
            guarded(md, () -> medicationDispense(md));
        } else if (resource instanceof AllergyIntolerance ai) {
            guarded(ai, () -> allergy(ai));
        } else if (resource instanceof Procedure p) {
            guarded(p, () -> procedure(p));
        } else if (resource instanceof org.hl7.fhir.r4.model.FamilyMemberHistory fmh) {
            guarded(fmh, () -> familyMemberHistory(fmh));
        } else if (!(resource instanceof org.hl7.fhir.r4.model.Medication)) {
            ignored.merge(resource.fhirType(), 1, Integer::sum);
        }
    }

    /** Maps one resource; a resource that breaks a domain invariant is skipped, not fatal. */
    private void guarded(IBaseResource resource, Runnable mapping) {
        try {
            mapping.run();
        } catch (IllegalArgumentException | FHIRException e) {
            skipped++;
            LOG.debug("skipped {} {}: {}", resource.fhirType(), FhirValues.idPart(resource), e.toString());
        }
    }

    // ---- Patient ----

    private Integer age(Patient patient) {
        if (!patient.hasBirthDateElement()) {
            return null;
        }
        LocalDate birth = FhirValues.localDate(patient.getBirthDateElement());
        LocalDate today = LocalDate.ofInstant(asOf, ZoneOffset.UTC);
        if (birth == null || birth.isAfter(today)) {
            LOG.debug("birth date is after asOf; age unknown");
            return null;
        }
        int years = Period.between(birth, today).getYears();
        return years > 150 ? null : years;
    }

    private static Sex sex(Patient patient) {
        if (!patient.hasGender()) {
            return Sex.UNKNOWN;
        }
        return switch (patient.getGender()) {
            case MALE -> Sex.MALE;
            case FEMALE -> Sex.FEMALE;
            case OTHER -> Sex.OTHER;
            default -> Sex.UNKNOWN;
        };
    }

    // ---- Condition ----

    private void condition(org.hl7.fhir.r4.model.Condition c) {
        List<Code> codes = FhirValues.codes(c.getCode());
        String text = FhirValues.text(c.getCode());
        if (codes.isEmpty() && text == null) {
            ignored.merge("Condition without code", 1, Integer::sum);
            return;
        }
        boolean active = conditionActive(c);
        LocalDate onset = null;
        Instant onsetInstant = null;
        if (c.hasOnsetDateTimeType()) {
            onset = FhirValues.localDate(c.getOnsetDateTimeType());
            onsetInstant = FhirValues.instant(c.getOnsetDateTimeType());
        } else if (c.hasOnsetPeriod() && c.getOnsetPeriod().hasStart()) {
            onset = FhirValues.localDate(c.getOnsetPeriod().getStartElement());
            onsetInstant = FhirValues.instant(c.getOnsetPeriod().getStartElement());
        }
        if (onsetInstant == null && c.hasRecordedDateElement()) {
            onsetInstant = FhirValues.instant(c.getRecordedDateElement());
        }
        conditions.add(new Condition(FhirValues.idPart(c), codes, text, active, onset));
        if (active && codes.stream().anyMatch(PregnancyCodes::isPregnancyCondition)) {
            pregnancyConditions.add(onsetInstant);
        }
        String verification = FhirValues.firstCode(c.getVerificationStatus());
        if (onsetInstant != null && !"refuted".equals(verification) && !"entered-in-error".equals(verification)
            && codes.stream().anyMatch(DialysisCodes::isKidneyTransplant)) {
            kidneyTransplants.add(onsetInstant);
        }
    }

    // ---- Procedure (only dialysis and kidney transplant are read) ----

    private record DialysisSession(String procedureId, Instant performed, LocalDate date) {}

    private void procedure(Procedure p) {
        String status = p.hasStatus() ? p.getStatus().toCode() : null;
        if (!"completed".equals(status) && !"in-progress".equals(status)) {
            ignored.merge("Procedure not completed or in progress", 1, Integer::sum);
            return;
        }
        List<Code> codes = FhirValues.codes(p.getCode());
        boolean dialysis = codes.stream().anyMatch(DialysisCodes::isDialysisProcedure);
        boolean transplant = codes.stream().anyMatch(DialysisCodes::isKidneyTransplant);
        if (!dialysis && !transplant) {
            ignored.merge("Procedure (not dialysis or kidney transplant)", 1, Integer::sum);
            return;
        }
        BaseDateTimeType performed = performed(p);
        Instant at = FhirValues.instant(performed);
        if (at == null) {
            ignored.merge("Procedure without performed date", 1, Integer::sum);
            return;
        }
        if (dialysis) {
            dialysisSessions.add(new DialysisSession(FhirValues.idPart(p), at, FhirValues.localDate(performed)));
        }
        if (transplant) {
            kidneyTransplants.add(at);
        }
    }

    /** performedDateTime, or the end (else the start) of performedPeriod; null otherwise. */
    private static BaseDateTimeType performed(Procedure p) {
        Type t = p.getPerformed();
        if (t instanceof BaseDateTimeType dt) {
            return dt;
        }
        if (t instanceof org.hl7.fhir.r4.model.Period period) {
            return period.hasEnd() ? period.getEndElement() : period.getStartElement();
        }
        return null;
    }

    /**
     * A dialysis procedure in the last {@link DialysisCodes#RECENT} days before {@code asOf} (or later), with no
     * kidney transplant recorded after it, means the patient is on dialysis: an active "Dependence on renal
     * dialysis" (SNOMED 105502003) condition named after the latest such procedure ({@code Procedure/<id>}).
     */
    private Optional<Condition> onDialysis() {
        DialysisSession last = dialysisSessions.stream()
            .max(Comparator.comparing(DialysisSession::performed)).orElse(null);
        if (last == null || last.performed().isBefore(asOf.minus(DialysisCodes.RECENT))
            || kidneyTransplants.stream().anyMatch(t -> t.isAfter(last.performed()))) {
            return Optional.empty();
        }
        String id = last.procedureId() == null ? null : "Procedure/" + last.procedureId();
        return Optional.of(new Condition(id, List.of(DialysisCodes.DEPENDENCE_ON_DIALYSIS),
            "Dependence on renal dialysis (derived from a dialysis procedure on " + last.date() + ")", true, null));
    }

    /**
     * Active = clinicalStatus active/recurrence/relapse (a missing clinicalStatus counts as active unless an
     * abatement is given) and verificationStatus neither refuted nor entered-in-error.
     */
    static boolean conditionActive(org.hl7.fhir.r4.model.Condition c) {
        String verification = FhirValues.firstCode(c.getVerificationStatus());
        if ("refuted".equals(verification) || "entered-in-error".equals(verification)) {
            return false;
        }
        String clinical = FhirValues.firstCode(c.getClinicalStatus());
        if (clinical == null) {
            return !c.hasAbatement();
        }
        return clinical.equals("active") || clinical.equals("recurrence") || clinical.equals("relapse");
    }

    // ---- Observation ----

    private void observation(org.hl7.fhir.r4.model.Observation o) {
        if (o.hasStatus()) {
            String status = o.getStatus().toCode();
            if ("entered-in-error".equals(status) || "cancelled".equals(status)) {
                return;
            }
        }
        List<Code> codes = observationCodes(o.getCode());
        if (codes.isEmpty()) {
            ignored.merge("Observation without code", 1, Integer::sum);
            return;
        }
        String id = FhirValues.idPart(o);
        Instant effective = effective(o);
        observations.add(withValue(id, codes, o.hasDataAbsentReason() ? null : o.getValue(), effective));
        int i = 0;
        for (org.hl7.fhir.r4.model.Observation.ObservationComponentComponent comp : o.getComponent()) {
            i++;
            List<Code> compCodes = observationCodes(comp.getCode());
            if (compCodes.isEmpty()) {
                continue;
            }
            String compId = id == null ? null : id + "#component-" + i;
            observations.add(withValue(compId, compCodes, comp.hasDataAbsentReason() ? null : comp.getValue(),
                effective));
        }
    }

    private static List<Code> observationCodes(CodeableConcept concept) {
        List<Code> codes = FhirValues.codes(concept);
        if (codes.isEmpty()) {
            String text = FhirValues.text(concept);
            if (text != null) {
                codes.add(new Code(Code.TEXT, text, text));
            }
        }
        return codes;
    }

    private static Observation withValue(String id, List<Code> codes, Type value, Instant effective) {
        Double number = null;
        String unit = null;
        Code valueCode = null;
        String valueText = null;
        if (value instanceof Quantity q) {
            number = FhirValues.value(q);
            unit = number == null ? null : FhirValues.unit(q);
        } else if (value instanceof CodeableConcept cc) {
            List<Code> answer = FhirValues.codes(cc);
            valueCode = answer.isEmpty() ? null : answer.get(0);
            valueText = FhirValues.text(cc);
        } else if (value instanceof StringType s) {
            valueText = s.getValue();
        } else if (value instanceof BooleanType bool && bool.hasValue()) {
            valueText = bool.getValueAsString();
        } else if (value instanceof IntegerType integer && integer.hasValue()) {
            number = integer.getValue().doubleValue();
        }
        return new Observation(id, codes, number, unit, valueCode, valueText, effective);
    }

    /** effectiveDateTime / effectiveInstant / effectivePeriod (start, else end) / effectiveTiming, else issued. */
    private static Instant effective(org.hl7.fhir.r4.model.Observation o) {
        Type e = o.getEffective();
        Instant at = null;
        if (e instanceof BaseDateTimeType dt) {
            at = FhirValues.instant(dt);
        } else if (e instanceof org.hl7.fhir.r4.model.Period p) {
            at = p.hasStart() ? FhirValues.instant(p.getStartElement()) : FhirValues.instant(p.getEndElement());
        } else if (e instanceof Timing t && t.hasEvent()) {
            at = FhirValues.instant(t.getEvent().get(0));
        }
        if (at == null && o.hasIssued()) {
            at = o.getIssued().toInstant();
        }
        return at;
    }

    // ---- Medications ----

    private void indexMedications(List<IBaseResource> resources) {
        for (IBaseResource r : resources) {
            if (r instanceof org.hl7.fhir.r4.model.Medication m) {
                String id = FhirValues.idPart(m);
                if (id != null) {
                    medicationIndex.putIfAbsent(id, m);
                }
            }
        }
    }

    private void medicationRequest(MedicationRequest mr) {
        MedicationStatus status = requestStatus(mr, MedicationStatus.UNKNOWN);
        if (status != MedicationStatus.ACTIVE && status != MedicationStatus.ON_HOLD) {
            return;
        }
        Medication m = medication(mr, status, mr.getMedication(),
            mr.hasDosageInstruction() ? mr.getDosageInstructionFirstRep() : null,
            mr.hasAuthoredOnElement() ? FhirValues.instant(mr.getAuthoredOnElement()) : null);
        if (m != null) {
            activeMedications.add(m);
        }
    }

    /** MedicationRequest.status → status; null for entered-in-error (dropped). */
    private static MedicationStatus requestStatus(MedicationRequest mr, MedicationStatus whenMissing) {
        if (!mr.hasStatus()) {
            return whenMissing;
        }
        return switch (mr.getStatus().toCode()) {
            case "active" -> MedicationStatus.ACTIVE;
            case "on-hold" -> MedicationStatus.ON_HOLD;
            case "draft" -> MedicationStatus.DRAFT;
            case "stopped", "completed", "cancelled" -> MedicationStatus.STOPPED;
            case "entered-in-error" -> null;
            default -> MedicationStatus.UNKNOWN;
        };
    }

    /**
     * MedicationStatement (home medications): active/intended/on-hold are taken now; completed/stopped were taken
     * until the end of effectivePeriod (else effectiveDateTime, else dateAsserted) and count as stopped then (a
     * stopped MAOI still interacts during its washout); not-taken, unknown and entered-in-error are dropped.
     */
    private void medicationStatement(MedicationStatement ms) {
        if (!ms.hasStatus()) {
            return;
        }
        MedicationStatus status = switch (ms.getStatus().toCode()) {
            case "active", "intended" -> MedicationStatus.ACTIVE;
            case "on-hold" -> MedicationStatus.ON_HOLD;
            case "completed", "stopped" -> MedicationStatus.STOPPED;
            default -> null;
        };
        if (status == null) {
            return;
        }
        Instant asserted = ms.hasDateAssertedElement() ? FhirValues.instant(ms.getDateAssertedElement()) : null;
        Instant ended = null;
        if (status == MedicationStatus.STOPPED) {
            if (ms.hasEffectivePeriod() && ms.getEffectivePeriod().hasEnd()) {
                ended = FhirValues.instant(ms.getEffectivePeriod().getEndElement());
            } else if (ms.hasEffectiveDateTimeType()) {
                ended = FhirValues.instant(ms.getEffectiveDateTimeType());
            } else {
                ended = asserted;
            }
        }
        if (status == MedicationStatus.STOPPED && (ended == null || ended.isBefore(asOf.minus(STOPPED_LOOKBACK)))) {
            return;
        }
        Medication m = medication(ms, status, ms.getMedication(), ms.hasDosage() ? ms.getDosageFirstRep() : null,
            asserted);
        if (m != null) {
            activeMedications.add(withEnd(m, ended, "MedicationStatement"));
        }
    }

    /**
     * MedicationDispense (dispensed medications): completed with whenHandedOver and daysSupply is taken until
     * whenHandedOver + daysSupply, stopped after that; in-progress is taken now; other statuses are dropped.
     */
    private void medicationDispense(org.hl7.fhir.r4.model.MedicationDispense md) {
        if (!md.hasStatus()) {
            return;
        }
        String st = md.getStatus().toCode();
        MedicationStatus status = null;
        Instant ended = null;
        Instant handed = md.hasWhenHandedOverElement() ? FhirValues.instant(md.getWhenHandedOverElement()) : null;
        if ("in-progress".equals(st)) {
            status = MedicationStatus.ACTIVE;
        } else if ("completed".equals(st) && handed != null && md.hasDaysSupply()
            && FhirValues.value(md.getDaysSupply()) != null) {
            Instant until = handed.plus(Duration.ofHours(Math.round(FhirValues.value(md.getDaysSupply()) * 24)));
            if (until.isAfter(asOf)) {
                status = MedicationStatus.ACTIVE;
            } else if (!until.isBefore(asOf.minus(STOPPED_LOOKBACK))) {
                status = MedicationStatus.STOPPED;
                ended = until;
            }
        }
        if (status == null) {
            ignored.merge("MedicationDispense not in progress or without handover and days supply", 1, Integer::sum);
            return;
        }
        Medication m = medication(md, status, md.getMedication(),
            md.hasDosageInstruction() ? md.getDosageInstructionFirstRep() : null, handed);
        if (m != null) {
            activeMedications.add(withEnd(m, ended, "MedicationDispense"));
        }
    }

    private static Medication withEnd(Medication m, Instant ended, String source) {
        return new Medication(m.id(), m.codes(), m.text(), m.dose(), m.status(), m.authoredOn(), ended, source);
    }

    private void medicationAdministration(MedicationAdministration ma) {
        if (!ma.hasStatus()) {
            return;
        }
        MedicationStatus status = switch (ma.getStatus().toCode()) {
            case "in-progress" -> MedicationStatus.ACTIVE;
            case "on-hold" -> MedicationStatus.ON_HOLD;
            default -> null;
        };
        if (status == null) {
            return;
        }
        org.hl7.fhir.r4.model.Dosage dosage = null;
        if (ma.hasDosage() && ma.getDosage().hasDose()) {
            dosage = new org.hl7.fhir.r4.model.Dosage().setRoute(ma.getDosage().getRoute());
            dosage.addDoseAndRate().setDose(ma.getDosage().getDose());
        }
        Instant at = ma.hasEffectiveDateTimeType() ? FhirValues.instant(ma.getEffectiveDateTimeType())
            : ma.hasEffectivePeriod() ? FhirValues.instant(ma.getEffectivePeriod().getStartElement()) : null;
        Medication m = medication(ma, status, ma.getMedication(), dosage, at);
        if (m != null) {
            activeMedications.add(withEnd(m, null, "MedicationAdministration"));
        }
    }

    private Medication medication(DomainResource source, MedicationStatus status, Type medication,
                                  org.hl7.fhir.r4.model.Dosage dosage, Instant authoredOn) {
        if (status == null) {
            return null;
        }
        CodeableConcept concept = medicationConcept(source, medication);
        List<Code> codes = FhirValues.rxnormFirst(FhirValues.codes(concept));
        String text = FhirValues.text(concept);
        if (codes.isEmpty() && text == null) {
            ignored.merge(source.fhirType() + " without medication code", 1, Integer::sum);
            return null;
        }
        Dose dose = DoseMapper.dose(dosage, text);
        return new Medication(FhirValues.idPart(source), codes, text, dose, status, authoredOn);
    }

    /** medicationCodeableConcept, or the code of the referenced Medication (contained, resolved or in the record). */
    private CodeableConcept medicationConcept(DomainResource source, Type medication) {
        if (medication instanceof CodeableConcept cc) {
            return cc;
        }
        if (!(medication instanceof Reference ref)) {
            return null;
        }
        IBaseResource target = ref.getResource();
        if (!(target instanceof org.hl7.fhir.r4.model.Medication) && ref.hasReference()) {
            target = lookupMedication(source, ref.getReference());
        }
        if (target instanceof org.hl7.fhir.r4.model.Medication med && med.hasCode()) {
            return med.getCode();
        }
        return ref.hasDisplay() ? new CodeableConcept().setText(ref.getDisplay()) : null;
    }

    private org.hl7.fhir.r4.model.Medication lookupMedication(DomainResource source, String reference) {
        if (reference.startsWith("#")) {
            String local = reference.substring(1);
            for (Resource contained : source.getContained()) {
                String id = contained.getIdElement().getIdPart();
                if (contained instanceof org.hl7.fhir.r4.model.Medication m && id != null
                    && (id.equals(local) || id.equals(reference))) {
                    return m;
                }
            }
            return null;
        }
        String key = reference;
        if (key.startsWith("urn:uuid:") || key.startsWith("urn:oid:")) {
            key = key.substring(key.indexOf(':', 4) + 1);
        } else {
            int history = key.indexOf("/_history/");
            if (history >= 0) {
                key = key.substring(0, history);
            }
            key = key.substring(key.lastIndexOf('/') + 1);
        }
        return medicationIndex.get(key);
    }

    // ---- FamilyMemberHistory ----

    /**
     * Each condition of a relative (status not entered-in-error; a "negated" history, {@code notDone}-like
     * {@code dataAbsentReason}, is skipped) becomes a family-history Condition with id
     * {@code FamilyMemberHistory/<id>} (and {@code #<n>} after the first), never one of the patient's own.
     */
    private void familyMemberHistory(org.hl7.fhir.r4.model.FamilyMemberHistory fmh) {
        if (fmh.hasStatus() && "entered-in-error".equals(fmh.getStatus().toCode()) || fmh.hasDataAbsentReason()) {
            return;
        }
        String id = FhirValues.idPart(fmh);
        int n = 0;
        for (org.hl7.fhir.r4.model.FamilyMemberHistory.FamilyMemberHistoryConditionComponent c : fmh.getCondition()) {
            List<Code> codes = FhirValues.codes(c.getCode());
            String text = FhirValues.text(c.getCode());
            if (codes.isEmpty() && text == null) {
                continue;
            }
            String cid = "FamilyMemberHistory/" + (id == null ? "unknown" : id) + (n == 0 ? "" : "#" + n);
            n++;
            familyHistory.add(new Condition(cid, codes, text, true, null));
        }
    }

    // ---- AllergyIntolerance ----

    private void allergy(AllergyIntolerance ai) {
        Set<Code> codes = new LinkedHashSet<>(FhirValues.codes(ai.getCode()));
        for (AllergyIntolerance.AllergyIntoleranceReactionComponent reaction : ai.getReaction()) {
            codes.addAll(FhirValues.codes(reaction.getSubstance()));
        }
        String text = FhirValues.text(ai.getCode());
        if (codes.isEmpty() && text == null) {
            ignored.merge("AllergyIntolerance without code", 1, Integer::sum);
            return;
        }
        String verification = FhirValues.firstCode(ai.getVerificationStatus());
        String clinical = FhirValues.firstCode(ai.getClinicalStatus());
        boolean active = !"refuted".equals(verification) && !"entered-in-error".equals(verification)
            && (clinical == null || "active".equals(clinical));
        boolean high = ai.hasCriticality() && ai.getCriticality() == AllergyIntolerance.AllergyIntoleranceCriticality.HIGH;
        allergies.add(new Allergy(FhirValues.idPart(ai), new ArrayList<>(codes), text, active, high));
    }

    // ---- derived facts ----

    /** The latest body weight (LOINC 29463-7 or 3141-9) in kg; kg, g, lb ([lb_av]) and oz are converted. */
    private Double weightKg() {
        return observations.stream()
            .filter(o -> o.isNumeric() && BODY_WEIGHT_LOINC.stream().anyMatch(c -> o.hasCode(Code.LOINC, c)))
            .sorted(Comparator.comparing((Observation o) -> o.effective() == null ? Instant.EPOCH : o.effective())
                .reversed())
            .map(o -> toKg(o.value(), o.unit()))
            .filter(kg -> kg != null && kg > 0 && kg < 1000)
            .findFirst().orElse(null);
    }

    static Double toKg(double value, String unit) {
        if (unit == null) {
            return null;
        }
        return switch (unit.trim().toLowerCase(Locale.ROOT)) {
            case "kg", "kilogram", "kilograms", "kgs" -> value;
            case "g", "gram", "grams" -> value / 1000.0;
            case "[lb_av]", "lb", "lbs", "[lb_us]", "pound", "pounds" -> value * KG_PER_LB;
            case "[oz_av]", "oz" -> value * KG_PER_OZ;
            default -> null;
        };
    }

    /**
     * The latest pregnancy-status observation (LOINC 82810-3 / 11449-6, at most 300 days old) wins when it is
     * more recent than every active pregnancy condition; otherwise an active pregnancy condition means
     * PREGNANT; otherwise UNKNOWN.
     */
    private PregnancyStatus pregnancy() {
        Observation latestStatus = null;
        PregnancyStatus latestAnswer = null;
        for (Observation o : observations) {
            if (PregnancyCodes.LOINC_STATUS.stream().noneMatch(c -> o.hasCode(Code.LOINC, c)) || o.valueCode() == null) {
                continue;
            }
            PregnancyStatus answer = PregnancyCodes.answer(o.valueCode());
            if (answer == null || answer == PregnancyStatus.UNKNOWN || o.effective() == null
                || o.effective().isBefore(asOf.minus(PREGNANCY_OBSERVATION_VALIDITY))) {
                continue;
            }
            if (latestStatus == null || o.effective().isAfter(latestStatus.effective())) {
                latestStatus = o;
                latestAnswer = answer;
            }
        }
        if (latestStatus != null) {
            Instant observed = latestStatus.effective();
            boolean newerThanConditions = pregnancyConditions.stream()
                .allMatch(onset -> onset != null && onset.isBefore(observed));
            if (newerThanConditions) {
                return latestAnswer;
            }
        }
        return pregnancyConditions.isEmpty() ? PregnancyStatus.UNKNOWN : PregnancyStatus.PREGNANT;
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
