package org.dxguard.service.notes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dxguard.model.DxGuardException;
import org.dxguard.model.ErrorCode;
import org.dxguard.service.prefetch.PrefetchResolver;
import org.dxguard.text.ClinicalText;

/**
 * The text of a FHIR {@code Attachment} (of a {@code DocumentReference} or a {@code DiagnosticReport}'s presented
 * form): inline {@code data} (base64) or a {@code url} fetched from the call's {@code fhirServer} with the lent
 * bearer token.
 *
 * <ul>
 *   <li>Content types: {@code text/plain} (its {@code charset}, UTF-8 by default and decoded strictly),
 *       {@code text/html} and {@code application/xhtml+xml} ({@link HtmlText}); no content type: read as UTF-8
 *       text when it decodes as such. Anything else (PDF, images, RTF) is not read
 *       ({@link NoteErrors#ATTACHMENT_UNSUPPORTED}).</li>
 *   <li>At most {@link ClinicalText#MAX_BYTES} bytes; empty, binary or undecodable text is not read
 *       ({@link NoteErrors#ATTACHMENT_UNREADABLE}).</li>
 *   <li>A {@code url} is fetched only when it is relative (resolved against {@code fhirServer}, e.g.
 *       {@code Binary/123}) or on the same origin (scheme, host, port) as {@code fhirServer}: the token is never sent
 *       anywhere else ({@link NoteErrors#ATTACHMENT_FOREIGN_URL}). Redirects are not followed. An answer that is a
 *       FHIR {@code Binary} (JSON) is read by its {@code contentType} and {@code data}.</li>
 * </ul>
 * Thread-safe.
 */
public final class AttachmentReader {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CHARSET = Pattern.compile("(?i);\\s*charset\\s*=\\s*\"?([A-Za-z0-9._:-]{1,40})");

    private final HttpClient http;
    private final Duration timeout;

    /** @param timeout connect and answer timeout of one fetch (the service's {@code --fhir-timeout}) */
    public AttachmentReader(Duration timeout) {
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER)
            .build();
    }

    /** The text, or why there is none (an error code and a reason without any of the record's text). */
    public record Read(String text, ErrorCode problem, String reason) {
        static Read ok(String text) {
            return new Read(text, null, null);
        }

        static Read failed(ErrorCode problem, String reason) {
            return new Read(null, problem, reason);
        }

        public boolean ok() {
            return text != null;
        }
    }

    /**
     * @param attachment  the Attachment JSON
     * @param fhirServer  the call's {@code fhirServer} (null: a {@code url} cannot be fetched)
     * @param bearerToken the call's {@code fhirAuthorization.access_token} (null: fetched without a token)
     */
    public Read read(JsonNode attachment, String fhirServer, String bearerToken) {
        String contentType = attachment.path("contentType").asText(null);
        if (!readable(contentType)) {
            return Read.failed(NoteErrors.ATTACHMENT_UNSUPPORTED, "content type not read");
        }
        if (attachment.path("size").asLong(0) > ClinicalText.MAX_BYTES) {
            return Read.failed(NoteErrors.ATTACHMENT_UNREADABLE, "larger than " + ClinicalText.MAX_BYTES + " bytes");
        }
        if (attachment.hasNonNull("data")) {
            String data = attachment.get("data").asText("");
            if ((long) data.length() * 3 / 4 > ClinicalText.MAX_BYTES + 4) {
                return Read.failed(NoteErrors.ATTACHMENT_UNREADABLE, "larger than " + ClinicalText.MAX_BYTES + " bytes");
            }
            byte[] bytes;
            try {
                bytes = Base64.getMimeDecoder().decode(data);
            } catch (IllegalArgumentException e) {
                return Read.failed(NoteErrors.ATTACHMENT_UNREADABLE, "data is not valid base64");
            }
            return decode(bytes, contentType);
        }
        String url = attachment.path("url").asText(null);
        if (url == null || url.isBlank()) {
            return Read.failed(NoteErrors.ATTACHMENT_UNREADABLE, "neither data nor url");
        }
        return fetch(url.strip(), contentType, fhirServer, bearerToken);
    }

    /** Text types this reader reads; null (not stated) is tried as UTF-8 text. */
    static boolean readable(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return true;
        }
        String c = contentType.toLowerCase(Locale.ROOT).strip();
        return c.startsWith("text/plain") || HtmlText.isHtml(c);
    }

    static Read decode(byte[] bytes, String contentType) {
        Charset charset = StandardCharsets.UTF_8;
        Matcher m = CHARSET.matcher(contentType == null ? "" : contentType);
        if (m.find()) {
            try {
                charset = Charset.forName(m.group(1));
            } catch (IllegalArgumentException e) {
                return Read.failed(NoteErrors.ATTACHMENT_UNREADABLE, "unknown charset");
            }
        }
        String text;
        try {
            if (charset.equals(StandardCharsets.UTF_8)) {
                text = ClinicalText.decode(bytes);
            } else {
                if (bytes.length > ClinicalText.MAX_BYTES) {
                    return Read.failed(NoteErrors.ATTACHMENT_UNREADABLE, "larger than " + ClinicalText.MAX_BYTES
                        + " bytes");
                }
                text = charset.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
            }
            if (HtmlText.isHtml(contentType)) {
                text = HtmlText.toText(text);
            }
            ClinicalText.check(text);
            return Read.ok(text);
        } catch (DxGuardException e) {
            return Read.failed(NoteErrors.ATTACHMENT_UNREADABLE, e.errorCode().code() + " " + e.reason());
        } catch (java.nio.charset.CharacterCodingException e) {
            return Read.failed(NoteErrors.ATTACHMENT_UNREADABLE, "not valid " + charset.name());
        }
    }

    private Read fetch(String url, String declaredType, String fhirServer, String bearerToken) {
        if (fhirServer == null || fhirServer.isBlank()) {
            return Read.failed(NoteErrors.ATTACHMENT_NOT_FETCHED, "no fhirServer to fetch the url from");
        }
        String base = fhirServer.strip().replaceAll("/+$", "");
        URI target;
        try {
            URI u = URI.create(url);
            if (u.isAbsolute()) {
                String scheme = u.getScheme().toLowerCase(Locale.ROOT);
                if (!(scheme.equals("http") || scheme.equals("https")) || !PrefetchResolver.sameOrigin(base, url)) {
                    return Read.failed(NoteErrors.ATTACHMENT_FOREIGN_URL, "url not on fhirServer");
                }
                target = u;
            } else {
                if (url.startsWith("#") || url.startsWith("//")) {
                    return Read.failed(NoteErrors.ATTACHMENT_FOREIGN_URL, "url not on fhirServer");
                }
                target = URI.create(base + "/" + (url.startsWith("/") ? url.substring(1) : url));
            }
        } catch (IllegalArgumentException e) {
            return Read.failed(NoteErrors.ATTACHMENT_UNREADABLE, "url is not a valid URL");
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(target).timeout(timeout).GET()
            .header("Accept", "text/plain, text/html;q=0.9, application/fhir+json;q=0.8");
        if (bearerToken != null && !bearerToken.isBlank()) {
            request.header("Authorization", "Bearer " + bearerToken.strip());
        }
        try {
            HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            byte[] body;
            try (InputStream in = response.body()) {
                body = in.readNBytes(ClinicalText.MAX_BYTES + 1);
            }
            if (response.statusCode() != 200) {
                return Read.failed(NoteErrors.ATTACHMENT_NOT_FETCHED, "the FHIR server answered HTTP "
                    + response.statusCode());
            }
            if (body.length > ClinicalText.MAX_BYTES) {
                return Read.failed(NoteErrors.ATTACHMENT_UNREADABLE, "larger than " + ClinicalText.MAX_BYTES + " bytes");
            }
            String type = response.headers().firstValue("Content-Type").orElse(declaredType);
            if (type != null && type.toLowerCase(Locale.ROOT).contains("json")) {
                return binary(body);
            }
            if (!readable(type)) {
                return Read.failed(NoteErrors.ATTACHMENT_UNSUPPORTED, "content type not read");
            }
            return decode(body, type);
        } catch (IOException e) {
            return Read.failed(NoteErrors.ATTACHMENT_NOT_FETCHED, "the FHIR server could not be read ("
                + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Read.failed(NoteErrors.ATTACHMENT_NOT_FETCHED, "interrupted");
        }
    }

    /** A FHIR Binary (JSON) answer: its contentType and base64 data. */
    private static Read binary(byte[] body) {
        try {
            JsonNode b = JSON.readTree(body);
            if (!"Binary".equals(b.path("resourceType").asText()) || !b.hasNonNull("data")) {
                return Read.failed(NoteErrors.ATTACHMENT_UNSUPPORTED, "JSON answer is not a Binary with data");
            }
            String type = b.path("contentType").asText(null);
            if (!readable(type)) {
                return Read.failed(NoteErrors.ATTACHMENT_UNSUPPORTED, "content type not read");
            }
            return decode(Base64.getMimeDecoder().decode(b.get("data").asText("")), type);
        } catch (IOException | IllegalArgumentException e) {
            return Read.failed(NoteErrors.ATTACHMENT_UNREADABLE, "the Binary could not be read");
        }
    }
}
