package org.dxguard.service.ask;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
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

    static PatientIdentity of(JsonNode patient) {
        List<String> family = new ArrayList<>();
        List<String> given = new ArrayList<>();
        List<String> full = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        List<String> phones = new ArrayList<>();
        List<String> emails = new ArrayList<>();
        List<String> address = new ArrayList<>();
        for (JsonNode n : patient.path("name")) {
            add(family, n.path("family").asText(null));
            n.path("given").forEach(g -> add(given, g.asText(null)));
            add(full, n.path("text").asText(null));
        }
        patient.path("identifier").forEach(i -> add(ids, i.path("value").asText(null)));
        add(ids, patient.path("id").asText(null));
        for (JsonNode t : patient.path("telecom")) {
            add("email".equals(t.path("system").asText()) ? emails : phones, t.path("value").asText(null));
        }
        for (JsonNode a : patient.path("address")) {
            a.path("line").forEach(l -> add(address, l.asText(null)));
        }
        java.time.LocalDate birth = null;
        try {
            birth = patient.hasNonNull("birthDate") ? java.time.LocalDate.parse(patient.get("birthDate").asText()) : null;
        } catch (java.time.format.DateTimeParseException e) {
            birth = null;
        }
        return new PatientIdentity(family, given, full, ids, phones, emails, address, birth);
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

    private static void add(List<String> list, String value) {
        if (value != null && !value.isBlank()) {
            list.add(value.strip());
        }
    }
}
