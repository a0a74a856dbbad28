package org.dxguard.service.ask;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.dxguard.model.DxGuardException;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Reference;

/**
 * Every resource an answer is made from must be about the patient asked about (for a SMART launch: the patient of
 * the token response): a Patient with another id, or a resource whose {@code subject}/{@code patient} names another
 * patient, refuses the whole answer ({@link AskErrors#PATIENT_MISMATCH}): an answer about the wrong person is worse
 * than none. A reference names the patient as {@code Patient/<id>} (relative or absolute) or {@code urn:uuid:<id>};
 * a resource without one is taken as what the search for this patient returned.
 */
final class PatientScope {
    private PatientScope() {}

    /** The prefetched JSON, before it is mapped (the mapping does not read subject references). */
    static void checkPrefetch(String patientId, Map<String, ObjectNode> prefetch) {
        if (prefetch == null) {
            return;
        }
        for (Map.Entry<String, ObjectNode> e : prefetch.entrySet()) {
            if (e.getValue() != null) {
                checkJson(patientId, e.getValue());
            }
        }
    }

    private static void checkJson(String patientId, JsonNode r) {
        String type = r.path("resourceType").asText("");
        if (type.equals("Bundle")) {
            for (JsonNode entry : r.path("entry")) {
                if (entry.has("resource")) {
                    checkJson(patientId, entry.get("resource"));
                }
            }
            return;
        }
        if (type.equals("Patient")) {
            if (r.has("id") && !r.path("id").asText().equals(patientId)) {
                throw mismatch();
            }
            return;
        }
        for (String field : List.of("subject", "patient")) {
            JsonNode ref = r.path(field).path("reference");
            if (ref.isTextual() && !namesPatient(ref.asText(), patientId)) {
                throw mismatch();
            }
        }
    }

    /** Resources as read (fetched from the FHIR server, or parsed from a record file). */
    static void checkResources(String patientId, List<IBaseResource> resources) {
        for (IBaseResource r : resources) {
            if ("Patient".equals(r.fhirType())) {
                if (r.getIdElement() != null && r.getIdElement().hasIdPart()
                    && !r.getIdElement().getIdPart().equals(patientId)) {
                    throw mismatch();
                }
                continue;
            }
            Reference ref = reference(r);
            if (ref != null && ref.hasReference() && !namesPatient(ref.getReference(), patientId)) {
                throw mismatch();
            }
        }
    }

    /** The resource's {@code subject} or, where it has none, {@code patient} reference (null: neither). */
    private static Reference reference(IBaseResource r) {
        if (!(r instanceof org.hl7.fhir.r4.model.Base base)) {
            return null;
        }
        for (String field : List.of("subject", "patient")) {
            org.hl7.fhir.r4.model.Property p = base.getNamedProperty(field);
            if (p != null && p.hasValues() && p.getValues().get(0) instanceof Reference ref) {
                return ref;
            }
        }
        return null;
    }

    static boolean namesPatient(String reference, String patientId) {
        String ref = reference.strip();
        if (ref.startsWith("urn:uuid:")) {
            return ref.substring("urn:uuid:".length()).equals(patientId);
        }
        int at = ref.lastIndexOf("Patient/");
        if (at < 0) {
            return true; // not a reference to a Patient (e.g. a Group): not ours to judge
        }
        String id = ref.substring(at + "Patient/".length());
        int slash = id.indexOf('/');
        return (slash < 0 ? id : id.substring(0, slash)).equals(patientId);
    }

    private static DxGuardException mismatch() {
        return new DxGuardException(AskErrors.PATIENT_MISMATCH, "the record read holds data of another patient than "
            + "the one asked about (patientId, or the app session's patient)");
    }
}
