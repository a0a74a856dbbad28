package org.dxguard.fhir;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.dxguard.model.Code;
import org.dxguard.model.Dose;
import org.dxguard.model.Medication;
import org.dxguard.model.MedicationStatus;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.MedicationAdministration;
import org.hl7.fhir.r4.model.MedicationRequest;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Type;

/**
 * MedicationRequest, MedicationStatement, MedicationAdministration and draft orders → {@link Medication}, the drug
 * read from {@code medicationCodeableConcept} or the referenced Medication (contained, or anywhere in the record or
 * the drafts), the dose by {@link DoseMapper} (package-info, "MedicationRequest" … "Draft orders").
 * One per mapping run (it indexes the run's Medication resources). Package-private.
 */
final class MedicationMapper {
    private final Map<String, org.hl7.fhir.r4.model.Medication> medicationIndex = new HashMap<>();
    /** Stopped medications are kept this long after they ended (longer than any washout in the terminology: 14 d). */
    static final java.time.Duration STOPPED_LOOKBACK = java.time.Duration.ofDays(30);
    private final MappingLog log;
    private final Instant asOf;

    MedicationMapper(List<IBaseResource> record, List<IBaseResource> drafts, Instant asOf, MappingLog log) {
        this.log = log;
        this.asOf = asOf;
        index(record);
        index(drafts);
    }

    private void index(List<IBaseResource> resources) {
        for (IBaseResource r : resources) {
            if (r instanceof org.hl7.fhir.r4.model.Medication m) {
                String id = FhirValues.idPart(m);
                if (id != null) {
                    medicationIndex.putIfAbsent(id, m);
                }
            }
        }
    }

    /**
     * An active or on-hold order; a stopped or completed one (not cancelled: never taken) as STOPPED, ended at the
     * end of its first dosage's {@code timing.repeat.boundsPeriod} when that is not after {@code asOf} (R4 has no
     * "stopped on" element), kept {@link #STOPPED_LOOKBACK} after that; a stopped or completed order whose end is not
     * given (or is still ahead: stopped early on a day the record does not say) is kept with no end, so that the
     * rules can say when a washout cannot be checked; null for any other status.
     */
    Medication request(MedicationRequest mr) {
        MedicationStatus status = requestStatus(mr, MedicationStatus.UNKNOWN);
        Instant authored = mr.hasAuthoredOnElement() ? FhirValues.instant(mr.getAuthoredOnElement()) : null;
        org.hl7.fhir.r4.model.Dosage dosage = mr.hasDosageInstruction() ? mr.getDosageInstructionFirstRep() : null;
        if (status == MedicationStatus.ACTIVE || status == MedicationStatus.ON_HOLD) {
            return medication(mr, status, mr.getMedication(), dosage, authored);
        }
        String code = mr.hasStatus() ? mr.getStatus().toCode() : "";
        if (!"stopped".equals(code) && !"completed".equals(code)) {
            return null;
        }
        Instant ended = plannedEnd(dosage);
        if (ended != null && ended.isAfter(asOf)) {
            ended = null;
        }
        if (ended != null && ended.isBefore(asOf.minus(STOPPED_LOOKBACK))) {
            log.ignored("MedicationRequest stopped before the look-back");
            return null;
        }
        return withEnd(medication(mr, MedicationStatus.STOPPED, mr.getMedication(), dosage, authored), ended,
            "MedicationRequest");
    }

    /** The end of a dosage's {@code timing.repeat.boundsPeriod}, or null. */
    private static Instant plannedEnd(org.hl7.fhir.r4.model.Dosage dosage) {
        if (dosage == null || !dosage.hasTiming() || !dosage.getTiming().hasRepeat()) {
            return null;
        }
        org.hl7.fhir.r4.model.Timing.TimingRepeatComponent repeat = dosage.getTiming().getRepeat();
        if (!(repeat.getBounds() instanceof org.hl7.fhir.r4.model.Period bounds) || !bounds.hasEnd()) {
            return null;
        }
        return FhirValues.instant(bounds.getEndElement());
    }

    /** A draft order of {@code context.draftOrders}: its status as given, DRAFT when it has none. */
    Medication draft(MedicationRequest mr) {
        return medication(mr, requestStatus(mr, MedicationStatus.DRAFT), mr.getMedication(),
            mr.hasDosageInstruction() ? mr.getDosageInstructionFirstRep() : null,
            mr.hasAuthoredOnElement() ? FhirValues.instant(mr.getAuthoredOnElement()) : null);
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

    /** An active (or intended) or on-hold statement; null otherwise. */
    /**
     * MedicationStatement (home medications): active/intended/on-hold are taken now; completed/stopped were taken
     * until the end of effectivePeriod (else effectiveDateTime, else dateAsserted) and count as stopped then (a
     * stopped MAOI still interacts during its washout; kept {@link #STOPPED_LOOKBACK}); not-taken, unknown and
     * entered-in-error are dropped.
     */
    Medication statement(MedicationStatement ms) {
        if (!ms.hasStatus()) {
            return null;
        }
        MedicationStatus status = switch (ms.getStatus().toCode()) {
            case "active", "intended" -> MedicationStatus.ACTIVE;
            case "on-hold" -> MedicationStatus.ON_HOLD;
            case "completed", "stopped" -> MedicationStatus.STOPPED;
            default -> null;
        };
        if (status == null) {
            return null;
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
            if (ended == null || ended.isBefore(asOf.minus(STOPPED_LOOKBACK))) {
                return null;
            }
        }
        Medication m = medication(ms, status, ms.getMedication(), ms.hasDosage() ? ms.getDosageFirstRep() : null,
            asserted);
        return withEnd(m, ended, "MedicationStatement");
    }

    /**
     * MedicationDispense (dispensed medications): completed with whenHandedOver and daysSupply is taken until
     * whenHandedOver + daysSupply, stopped after that; in-progress is taken now; other statuses are dropped.
     */
    Medication dispense(org.hl7.fhir.r4.model.MedicationDispense md) {
        if (!md.hasStatus()) {
            return null;
        }
        String st = md.getStatus().toCode();
        MedicationStatus status = null;
        Instant ended = null;
        Instant handed = md.hasWhenHandedOverElement() ? FhirValues.instant(md.getWhenHandedOverElement()) : null;
        if ("in-progress".equals(st)) {
            status = MedicationStatus.ACTIVE;
        } else if ("completed".equals(st) && handed != null && md.hasDaysSupply()
            && FhirValues.value(md.getDaysSupply()) != null) {
            Instant until = handed.plus(java.time.Duration.ofHours(
                Math.round(FhirValues.value(md.getDaysSupply()) * 24)));
            if (until.isAfter(asOf)) {
                status = MedicationStatus.ACTIVE;
            } else if (!until.isBefore(asOf.minus(STOPPED_LOOKBACK))) {
                status = MedicationStatus.STOPPED;
                ended = until;
            }
        }
        if (status == null) {
            log.ignored("MedicationDispense not in progress or without handover and days supply");
            return null;
        }
        Medication m = medication(md, status, md.getMedication(),
            md.hasDosageInstruction() ? md.getDosageInstructionFirstRep() : null, handed);
        return withEnd(m, ended, "MedicationDispense");
    }

    private static Medication withEnd(Medication m, Instant ended, String source) {
        return m == null ? null
            : new Medication(m.id(), m.codes(), m.text(), m.dose(), m.status(), m.authoredOn(), ended, source);
    }

    /** An administration in progress or on hold; null otherwise. */
    Medication administration(MedicationAdministration ma) {
        if (!ma.hasStatus()) {
            return null;
        }
        MedicationStatus status = switch (ma.getStatus().toCode()) {
            case "in-progress" -> MedicationStatus.ACTIVE;
            case "on-hold" -> MedicationStatus.ON_HOLD;
            default -> null;
        };
        if (status == null) {
            return null;
        }
        org.hl7.fhir.r4.model.Dosage dosage = null;
        if (ma.hasDosage() && ma.getDosage().hasDose()) {
            dosage = new org.hl7.fhir.r4.model.Dosage().setRoute(ma.getDosage().getRoute());
            dosage.addDoseAndRate().setDose(ma.getDosage().getDose());
        }
        Instant at = ma.hasEffectiveDateTimeType() ? FhirValues.instant(ma.getEffectiveDateTimeType())
            : ma.hasEffectivePeriod() ? FhirValues.instant(ma.getEffectivePeriod().getStartElement()) : null;
        return withEnd(medication(ma, status, ma.getMedication(), dosage, at), null, "MedicationAdministration");
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
            log.ignored(source.fhirType() + " without medication code");
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
}
