package org.dxguard.service.notes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.dxguard.service.prefetch.FakeFhirServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Attachments of notes: inline data in its charset, HTML, and urls fetched only from the call's FHIR server. */
class AttachmentReaderTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final AttachmentReader reader = new AttachmentReader(Duration.ofSeconds(3));
    private FakeFhirServer fhir;

    @BeforeEach
    void start() throws Exception {
        fhir = new FakeFhirServer();
    }

    @AfterEach
    void stop() {
        fhir.close();
    }

    private static ObjectNode attachment(String contentType, byte[] data) {
        ObjectNode a = JSON.createObjectNode();
        if (contentType != null) {
            a.put("contentType", contentType);
        }
        return a.put("data", Base64.getEncoder().encodeToString(data));
    }

    private static ObjectNode url(String contentType, String url) {
        return JSON.createObjectNode().put("contentType", contentType).put("url", url);
    }

    private static String binary(String contentType, String text) {
        return "{\"resourceType\":\"Binary\",\"contentType\":\"" + contentType + "\",\"data\":\""
            + Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)) + "\"}";
    }

    @Test
    void should_read_inline_text_when_the_attachment_is_plain_html_latin1_or_untyped() {
        // when
        AttachmentReader.Read plain = reader.read(attachment("text/plain; charset=utf-8",
            "主诉：咳嗽3天".getBytes(StandardCharsets.UTF_8)), null, null);
        AttachmentReader.Read html = reader.read(attachment("text/html", "<p>Cough</p><p>No fever</p>"
            .getBytes(StandardCharsets.UTF_8)), null, null);
        AttachmentReader.Read latin1 = reader.read(attachment("text/plain; charset=ISO-8859-1",
            "T 38.5 \u00b0C".getBytes(StandardCharsets.ISO_8859_1)), null, null);
        AttachmentReader.Read untyped = reader.read(attachment(null, "Cough".getBytes(StandardCharsets.UTF_8)),
            null, null);

        // then
        assertThat(plain.text()).isEqualTo("主诉：咳嗽3天");
        assertThat(html.text()).isEqualTo("Cough\nNo fever");
        assertThat(latin1.text()).isEqualTo("T 38.5 °C");
        assertThat(untyped.text()).isEqualTo("Cough");
    }

    @Test
    void should_not_read_the_attachment_when_it_is_pdf_binary_broken_or_too_large() {
        // when
        AttachmentReader.Read pdf = reader.read(attachment("application/pdf", "%PDF-1.7".getBytes(
            StandardCharsets.US_ASCII)), null, null);
        AttachmentReader.Read nul = reader.read(attachment("text/plain", new byte[] {'a', 0, 'b'}), null, null);
        AttachmentReader.Read badUtf8 = reader.read(attachment("text/plain", new byte[] {'a', (byte) 0xC3}), null,
            null);
        AttachmentReader.Read large = reader.read(JSON.createObjectNode().put("contentType", "text/plain")
            .put("size", 2_000_000).put("data", "QQ=="), null, null);
        AttachmentReader.Read notBase64 = reader.read(JSON.createObjectNode().put("contentType", "text/plain")
            .put("data", "***"), null, null);

        // then
        assertThat(pdf.problem()).isEqualTo(NoteErrors.ATTACHMENT_UNSUPPORTED);
        assertThat(nul.problem()).isEqualTo(NoteErrors.ATTACHMENT_UNREADABLE);
        assertThat(badUtf8.problem()).isEqualTo(NoteErrors.ATTACHMENT_UNREADABLE);
        assertThat(large.problem()).isEqualTo(NoteErrors.ATTACHMENT_UNREADABLE);
        assertThat(notBase64.problem()).isEqualTo(NoteErrors.ATTACHMENT_UNREADABLE);
        assertThat(pdf.ok() || nul.ok() || badUtf8.ok() || large.ok() || notBase64.ok()).isFalse();
    }

    @Test
    void should_fetch_the_url_with_the_token_when_it_is_relative_or_on_the_fhir_server() {
        // given a Binary on the FHIR server
        fhir.route("Binary/note-1", q -> new FakeFhirServer.Reply(200, binary("text/plain", "Cough for 3 weeks")));

        // when
        AttachmentReader.Read relative = reader.read(url("text/plain", "Binary/note-1"), fhir.base(), "tok-123");
        AttachmentReader.Read absolute = reader.read(url("text/plain", fhir.base() + "/Binary/note-1"),
            fhir.base() + "/", "tok-123");

        // then
        assertThat(relative.text()).isEqualTo("Cough for 3 weeks");
        assertThat(absolute.text()).isEqualTo("Cough for 3 weeks");
        assertThat(fhir.authorizations()).containsExactly("Bearer tok-123", "Bearer tok-123");
    }

    @Test
    void should_never_send_the_token_elsewhere_when_the_url_is_on_another_origin() throws Exception {
        // given another server holding the note
        try (FakeFhirServer other = new FakeFhirServer()) {
            other.route("Binary/note-1", q -> new FakeFhirServer.Reply(200, binary("text/plain", "Cough")));

            // when
            AttachmentReader.Read foreign = reader.read(url("text/plain", other.base() + "/Binary/note-1"),
                fhir.base(), "tok-123");
            AttachmentReader.Read file = reader.read(url("text/plain", "file:///etc/passwd"), fhir.base(), "tok-123");
            AttachmentReader.Read protocolRelative = reader.read(url("text/plain", "//evil.example/x"), fhir.base(),
                "tok-123");

            // then
            assertThat(foreign.problem()).isEqualTo(NoteErrors.ATTACHMENT_FOREIGN_URL);
            assertThat(file.problem()).isEqualTo(NoteErrors.ATTACHMENT_FOREIGN_URL);
            assertThat(protocolRelative.problem()).isEqualTo(NoteErrors.ATTACHMENT_FOREIGN_URL);
            assertThat(other.requestCount()).isZero();
        }
    }

    @Test
    void should_leave_the_note_out_when_the_fhir_server_fails_or_there_is_none() {
        // given nothing at that path (404)
        // when
        AttachmentReader.Read missing = reader.read(url("text/plain", "Binary/none"), fhir.base(), null);
        AttachmentReader.Read noServer = reader.read(url("text/plain", "Binary/none"), null, null);

        // then
        assertThat(missing.problem()).isEqualTo(NoteErrors.ATTACHMENT_NOT_FETCHED);
        assertThat(missing.reason()).contains("404");
        assertThat(noServer.problem()).isEqualTo(NoteErrors.ATTACHMENT_NOT_FETCHED);
    }
}
