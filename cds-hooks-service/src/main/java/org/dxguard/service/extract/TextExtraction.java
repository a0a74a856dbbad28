package org.dxguard.service.extract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.regex.Pattern;
import org.dxguard.model.DxGuardException;
import org.dxguard.service.cdshooks.CdsJson;
import org.dxguard.service.http.AuthenticatedPostRoute;
import org.dxguard.service.notes.NoteErrors;
import org.dxguard.text.ClinicalText;
import org.dxguard.text.ExtractRequest;
import org.dxguard.text.Extraction;
import org.dxguard.text.Language;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /text/extract}: a clinical note (English or Chinese) → a FHIR R4 {@code Bundle} (type collection) of
 * Conditions, Observations and MedicationStatements with their source spans, exactly what {@code dxguard text extract}
 * prints (clinical-text's {@link ClinicalText#extract}, packaged lexicon: standard codes only).
 *
 * <p>Body: {@code {"text": "…", "language": "en"|"zh" (optional, detected otherwise), "patientId": "…" (optional,
 * the resources' subject)}}. Authenticated like the CDS Hooks endpoints ({@link AuthenticatedPostRoute}). Bad input
 * is a 400 with a JSON error naming what was wrong and never quoting the text: not a JSON object, unknown fields,
 * {@code text} missing or not a string ({@link NoteErrors#BAD_TEXT_REQUEST}); empty, binary or more than 1 MB of
 * UTF-8 (clinical-text's DXG-0800/0801/0802); a language other than en/zh (DXG-0805). The answer is
 * {@code application/fhir+json}. Logs carry counts and codes only.
 */
public final class TextExtraction implements AuthenticatedPostRoute.Endpoint {
    public static final String PATH = "/text/extract";
    private static final Logger LOG = LoggerFactory.getLogger(TextExtraction.class);
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final Set<String> FIELDS = Set.of("text", "language", "patientId");
    private static final Pattern LANGUAGE = Pattern.compile("[A-Za-z]{2}(?:[-_][A-Za-z0-9]{1,8}){0,2}");
    private static final Pattern FHIR_ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");

    private final ClinicalText text;
    private final CdsJson json;

    public TextExtraction(ClinicalText text, CdsJson json) {
        this.text = text;
        this.json = json;
    }

    @Override
    public AuthenticatedPostRoute.Reply handle(byte[] body, String callerIssuer) {
        long t0 = System.nanoTime();
        try {
            ExtractRequest request = parse(body);
            Extraction x = text.extract(request);
            LOG.info("text/extract status=200 language={} conditions={} observations={} medicationStatements={} ms={}",
                x.analysis().language().tag(), x.conditions(), x.observations(), x.medicationStatements(),
                (System.nanoTime() - t0) / 1_000_000);
            return new AuthenticatedPostRoute.Reply(200, "application/fhir+json; charset=utf-8",
                x.bundleJson().getBytes(StandardCharsets.UTF_8));
        } catch (DxGuardException e) {
            int status = e.errorCode().retriable() ? 503 : 400;
            LOG.info("text/extract status={} code={}", status, e.errorCode().code());
            return AuthenticatedPostRoute.error(json, status, e);
        }
    }

    static ExtractRequest parse(byte[] body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (IOException e) {
            throw new DxGuardException(NoteErrors.BAD_TEXT_REQUEST, "the body is not valid JSON");
        }
        if (root == null || !root.isObject()) {
            throw new DxGuardException(NoteErrors.BAD_TEXT_REQUEST, "the body must be a JSON object with a 'text'");
        }
        for (var it = root.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) {
                throw new DxGuardException(NoteErrors.BAD_TEXT_REQUEST, "unknown field in the body; the fields are "
                    + "text, language and patientId");
            }
        }
        JsonNode t = root.get("text");
        if (t == null || !t.isTextual()) {
            throw new DxGuardException(NoteErrors.BAD_TEXT_REQUEST, "'text' is missing or not a string");
        }
        Language language = null;
        JsonNode l = root.get("language");
        if (l != null && !l.isNull()) {
            if (!l.isTextual() || !LANGUAGE.matcher(l.asText()).matches()) {
                throw new DxGuardException(NoteErrors.BAD_TEXT_REQUEST, "'language' must be \"en\" or \"zh\"");
            }
            language = Language.parse(l.asText());
        }
        String patientId = null;
        JsonNode p = root.get("patientId");
        if (p != null && !p.isNull()) {
            if (!p.isTextual() || !FHIR_ID.matcher(p.asText()).matches()) {
                throw new DxGuardException(NoteErrors.BAD_TEXT_REQUEST, "'patientId' must be a FHIR id (1-64 of "
                    + "A-Z a-z 0-9 - .)");
            }
            patientId = p.asText();
        }
        String note = t.asText();
        ClinicalText.check(note);
        return new ExtractRequest(note, language, patientId, null);
    }
}
