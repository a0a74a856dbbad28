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
        Condition condition = new Condition(FhirValues.idPart(c), codes, text, active, onset);
        if (active && codes.stream().anyMatch(PregnancyCodes::isPregnancyCondition)) {
            inference.pregnancyCondition(onsetInstant);
        }
        String verification = FhirValues.firstCode(c.getVerificationStatus());
        if (onsetInstant != null && !"refuted".equals(verification) && !"entered-in-error".equals(verification)
            && codes.stream().anyMatch(DialysisCodes::isKidneyTransplant)) {
            inference.kidneyTransplant(onsetInstant);
        }
        return condition;
    }

    /**
     * Active = clinicalStatus active/recurrence/relapse (a missing clinicalStatus counts as active unless an
     * abatement is given) and verificationStatus neither refuted nor entered-in-error.
     */
    static boolean active(org.hl7.fhir.r4.model.Condition c) {
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
}
