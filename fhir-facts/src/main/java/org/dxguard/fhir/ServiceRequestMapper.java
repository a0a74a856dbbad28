package org.dxguard.fhir;

import java.util.List;
import org.dxguard.model.Code;
import org.dxguard.model.Medication;
import org.dxguard.model.MedicationStatus;
import org.hl7.fhir.r4.model.ServiceRequest;

/**
 * A draft {@code ServiceRequest} of {@code context.draftOrders} (an imaging study, a procedure) as a draft order of
 * the facts: its codes, then its category codes, and its text, no dose, {@code source} {@code ServiceRequest}. Which requests matter is the
 * guideline terminology's decision (e.g. {@code imaging.csv}: studies that give iodinated contrast), not this
 * mapper's. Entered-in-error, revoked and completed requests are not orders being placed and are dropped.
 * Package-private.
 */
final class ServiceRequestMapper {
    static final String SOURCE = "ServiceRequest";

    private ServiceRequestMapper() {}

    static Medication draft(ServiceRequest sr) {
        if (sr.hasStatus()) {
            switch (sr.getStatus().toCode()) {
                case "entered-in-error", "revoked", "completed" -> {
                    return null;
                }
                default -> { }
            }
        }
        List<Code> codes = new java.util.ArrayList<>(FhirValues.codes(sr.getCode()));
        String text = sr.getCode().hasText() ? sr.getCode().getText()
            : codes.stream().map(Code::display).filter(d -> d != null && !d.isBlank()).findFirst().orElse(null);
        // the categories too (e.g. SNOMED 387713003 "Surgical procedure"), after the order's own codes
        sr.getCategory().forEach(c -> codes.addAll(FhirValues.codes(c)));
        if (codes.isEmpty() && (text == null || text.isBlank())) {
            return null;
        }
        return new Medication(FhirValues.idPart(sr), codes, text, null, MedicationStatus.DRAFT,
            sr.hasAuthoredOnElement() ? FhirValues.instant(sr.getAuthoredOnElement()) : null, null, SOURCE);
    }
}
