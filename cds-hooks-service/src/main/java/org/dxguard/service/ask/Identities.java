package org.dxguard.service.ask;

import com.fasterxml.jackson.databind.JsonNode;
import org.dxguard.text.ClinicalText;
import org.dxguard.text.PatientIdentity;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * The patient's names and identifiers as clinical-text's de-identification needs them, from the record's Patient
 * (the prefetched JSON, whose names the FHIR mapping does not read, or a fetched resource), so that a question
 * naming the patient reaches a model without the name.
 */
final class Identities {
    /** De-identification needs no lexicon; one instance for the process. */
    static final ClinicalText TEXT = ClinicalText.withPackagedLexicon();

    private Identities() {}

    /** The Patient resource's names and identifiers (one reading for notes and questions: notes.PatientIdentities). */
    static PatientIdentity of(JsonNode patient) {
        return org.dxguard.service.notes.PatientIdentities.of(patient);
    }

    static PatientIdentity of(IBaseResource resource) {
        if (!(resource instanceof org.hl7.fhir.r4.model.Patient p)) {
            return PatientIdentity.none();
        }
        String json = ca.uhn.fhir.context.FhirContext.forR4Cached().newJsonParser().encodeResourceToString(p);
        try {
            return of(new com.fasterxml.jackson.databind.ObjectMapper().readTree(json));
        } catch (java.io.IOException e) {
            return PatientIdentity.none();
        }
    }
}
