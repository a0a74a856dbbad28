package org.dxguard.service.notes;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.UUID;
import org.dxguard.service.Fixtures;

/**
 * patient-view requests whose only findings are in a note (fixtures under {@code notes/}): the Patient of a fixture
 * file, empty coded data and one {@code DocumentReference} dated now whose attachment is the note, inline (base64
 * {@code data}) or at a {@code url}. Public for the service's integration tests.
 */
public final class NoteRequests {
    private static final ObjectMapper JSON = new ObjectMapper();

    private NoteRequests() {}

    /** A note fixture's text ({@code notes/<name>}). */
    public static String note(String name) {
        return Fixtures.text("notes/" + name);
    }

    /** The request with the note inline as {@code text/plain; charset=utf-8}. */
    public static ObjectNode inline(String patientFixture, String noteText) {
        return inline(patient(patientFixture), noteText);
    }

    /** The request with one attachment: {@code field} is {@code data} (base64) or {@code url}. */
    public static ObjectNode request(String patientFixture, String contentType, String field, String value) {
        return request(patient(patientFixture), contentType, field, value);
    }

    private static ObjectNode patient(String fixture) {
        try {
            return (ObjectNode) JSON.readTree(Fixtures.text("notes/" + fixture));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The request for {@code patient} (a Patient resource) with the note inline as {@code text/plain}. */
    public static ObjectNode inline(ObjectNode patient, String noteText) {
        return request(patient, "text/plain; charset=utf-8", "data",
            Base64.getEncoder().encodeToString(noteText.getBytes(StandardCharsets.UTF_8)));
    }

    private static ObjectNode request(ObjectNode patient, String contentType, String field, String value) {
        try {
            String id = patient.path("id").asText();
            String template = Fixtures.text("notes/patient-view-note.json")
                .replace("__HOOK__", UUID.randomUUID().toString()).replace("__PATIENT_ID__", id)
                .replace("__NOW__", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString())
                .replace("__CONTENT_TYPE__", contentType).replace("__ATTACHMENT_FIELD__", field)
                .replace("__ATTACHMENT__", value);
            ObjectNode root = (ObjectNode) JSON.readTree(template);
            ((ObjectNode) root.get("prefetch")).set("patient", patient);
            return root;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public static byte[] bytes(ObjectNode request) {
        try {
            return JSON.writeValueAsBytes(request);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
