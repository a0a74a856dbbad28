package org.dxguard.fhir;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.dxguard.model.Code;
import org.dxguard.model.Condition;

/**
 * Condition → {@link Condition} (package-info, "Condition"), and what it says for the inference across resources:
 * an active pregnancy condition, a kidney transplant. Package-private.
 */
final class ConditionMapper {
    private ConditionMapper() {}

    /** The condition, or null when it has neither a code nor a text. */
    static Condition map(org.hl7.fhir.r4.model.Condition c, ClinicalInference inference, MappingLog log) {
        List<Code> codes = FhirValues.codes(c.getCode());
        String text = FhirValues.text(c.getCode());
        if (codes.isEmpty() && text == null) {
            log.ignored("Condition without code");
            return null;
        }
        boolean active = active(c);
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
        Condition condition = new Condition(FhirValues.idPart(c), codes, text, active, onset, history(c));
        if (active && codes.stream().anyMatch(inference.terminology()::isPregnancyCondition)) {
            inference.pregnancyCondition(onsetInstant);
        }
        String verification = FhirValues.firstCode(c.getVerificationStatus());
        if (onsetInstant != null && !"refuted".equals(verification) && !"entered-in-error".equals(verification)
            && codes.stream().anyMatch(inference.terminology()::isKidneyTransplant)) {
            inference.kidneyTransplant(onsetInstant);
        }
        return condition;
    }

    /**
     * History = a past condition of the patient: clinicalStatus resolved, inactive or remission (a missing
     * clinicalStatus with an abatement counts as resolved), and verificationStatus neither refuted nor
     * entered-in-error (those are not the patient's conditions at all).
     */
    static boolean history(org.hl7.fhir.r4.model.Condition c) {
        if (refutedOrInError(c)) {
            return false;
        }
        String clinical = FhirValues.firstCode(c.getClinicalStatus());
        if (clinical == null) {
            return c.hasAbatement();
        }
        return clinical.equals("resolved") || clinical.equals("inactive") || clinical.equals("remission");
    }

    /**
     * Active = clinicalStatus active/recurrence/relapse (a missing clinicalStatus counts as active unless an
     * abatement is given) and verificationStatus neither refuted nor entered-in-error.
     */
    static boolean active(org.hl7.fhir.r4.model.Condition c) {
        if (refutedOrInError(c)) {
            return false;
        }
        String clinical = FhirValues.firstCode(c.getClinicalStatus());
        if (clinical == null) {
            return !c.hasAbatement();
        }
        return clinical.equals("active") || clinical.equals("recurrence") || clinical.equals("relapse");
    }

    /** verificationStatus refuted or entered-in-error: not the patient's condition at all. */
    private static boolean refutedOrInError(org.hl7.fhir.r4.model.Condition c) {
        String verification = FhirValues.firstCode(c.getVerificationStatus());
        return "refuted".equals(verification) || "entered-in-error".equals(verification);
    }
}
