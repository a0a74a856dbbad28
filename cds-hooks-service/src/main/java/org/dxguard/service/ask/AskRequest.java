package org.dxguard.service.ask;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import org.dxguard.model.DxGuardException;
import org.dxguard.reasoner.ask.QuestionLanguage;
import org.dxguard.service.cdshooks.CdsJson;
import org.dxguard.service.cdshooks.FhirAuthorization;

/**
 * A question to Ask dxguard: {@code {"question", "language"?, "patientId", "fhirServer"?, "fhirAuthorization"?,
 * "prefetch"?}} ({@code prefetch} with the keys and content of the medication services' discovery prefetch). Every
 * problem is a 400 naming the field, never quoting the value. From an app session ({@link AskService.AppSession})
 * {@code patientId} may be left out and {@code fhirServer}, {@code fhirAuthorization} and {@code prefetch} must be:
 * the session's patient and FHIR access are used.
 *
 * @param language {@code en}, {@code zh}, or null (detected from the question)
 */
public record AskRequest(String question, String language, String patientId, String fhirServer,
                         FhirAuthorization fhirAuthorization, Map<String, ObjectNode> prefetch) {
    /** Longest question accepted (characters). */
    public static final int MAX_QUESTION = 2000;
    private static final Set<String> KEYS = Set.of("question", "language", "patientId", "fhirServer", "fhirAuthorization",
        "prefetch");

    public AskRequest {
        prefetch = prefetch == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(prefetch));
    }

    /**
     * Parses and checks a request body.
     *
     * @param fromSession true when an app session calls: the patient and FHIR access come from the session
     */
    static AskRequest parse(CdsJson json, byte[] body, boolean fromSession) {
        JsonNode root = json.readTree(body);
        if (!root.isObject()) {
            throw bad("request body must be a JSON object with 'question' and 'patientId'");
        }
        Iterator<String> names = root.fieldNames();
        while (names.hasNext()) {
            String k = names.next();
            if (!KEYS.contains(k)) {
                throw bad("unknown field in the request; the fields are " + KEYS.stream().sorted().toList());
            }
        }
        JsonNode q = root.get("question");
        if (q == null || q.isNull()) {
            throw bad("question is required");
        }
        if (!q.isTextual() || q.asText().isBlank()) {
            throw bad("question must be a non-empty string");
        }
        String question = q.asText().strip();
        if (question.length() > MAX_QUESTION) {
            throw bad("question is longer than " + MAX_QUESTION + " characters");
        }
        String language = null;
        JsonNode l = root.get("language");
        if (l != null && !l.isNull()) {
            language = l.isTextual() ? QuestionLanguage.normalise(l.asText()) : null;
            if (language == null) {
                throw bad("language must be 'en' or 'zh' (or left out to detect it from the question)");
            }
        }
        String patientId = null;
        JsonNode p = root.get("patientId");
        if (p != null && !p.isNull()) {
            if (!p.isTextual() || !p.asText().matches("[A-Za-z0-9\\-.]{1,64}")) {
                throw bad("patientId must be a FHIR id (letters, digits, '-' and '.', at most 64)");
            }
            patientId = p.asText();
        }
        if (fromSession) {
            for (String k : new String[] {"fhirServer", "fhirAuthorization", "prefetch"}) {
                if (root.hasNonNull(k)) {
                    throw bad(k + " must not be sent from the app: it reads the record of the patient it was launched for");
                }
            }
            return new AskRequest(question, language, patientId, null, null, Map.of());
        }
        if (patientId == null) {
            throw bad("patientId is required");
        }
        String fhirServer = json.parseFhirServer(root);
        FhirAuthorization auth = json.parseFhirAuthorization(root.get("fhirAuthorization"));
        if (auth != null && fhirServer == null) {
            throw bad("fhirAuthorization is given but fhirServer is missing");
        }
        Map<String, ObjectNode> prefetch = json.parsePrefetch(root.get("prefetch"));
        if (fhirServer == null && prefetch.isEmpty()) {
            throw bad("either fhirServer (with fhirAuthorization when the server needs it) or prefetch is required");
        }
        return new AskRequest(question, language, patientId, fhirServer, auth, prefetch);
    }

    private static DxGuardException bad(String message) {
        return new DxGuardException(AskErrors.BAD_REQUEST, message);
    }
}
