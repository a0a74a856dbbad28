package org.dxguard.fhir;

import java.time.Instant;
import java.util.List;
import org.dxguard.model.Code;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.Procedure;
import org.hl7.fhir.r4.model.Type;

/**
 * Procedure: only dialysis sessions and kidney transplants are read, as evidence for the inference across
 * resources ("on dialysis"); no fact of their own (package-info, "Procedure"). Package-private.
 */
final class ProcedureMapper {
    private ProcedureMapper() {}

    static void map(Procedure p, ClinicalInference inference, MappingLog log) {
        String status = p.hasStatus() ? p.getStatus().toCode() : null;
        if (!"completed".equals(status) && !"in-progress".equals(status)) {
            log.ignored("Procedure not completed or in progress");
            return;
        }
        List<Code> codes = FhirValues.codes(p.getCode());
        java.time.Duration window = codes.stream().map(inference.terminology()::dialysisWindow).flatMap(java.util.Optional::stream)
            .max(java.util.Comparator.naturalOrder()).orElse(null);
        boolean dialysis = window != null;
        boolean transplant = codes.stream().anyMatch(inference.terminology()::isKidneyTransplant);
        if (!dialysis && !transplant) {
            log.ignored("Procedure (not dialysis or kidney transplant)");
            return;
        }
        BaseDateTimeType performed = performed(p);
        Instant at = FhirValues.instant(performed);
        if (at == null) {
            log.ignored("Procedure without performed date");
            return;
        }
        if (dialysis) {
            inference.dialysisSession(FhirValues.idPart(p), at, FhirValues.localDate(performed), window);
        }
        if (transplant) {
            inference.kidneyTransplant(at);
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
}
