package org.dxguard.service.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import org.dxguard.model.DxGuardException;
import org.dxguard.service.notes.NoteErrors;
import org.dxguard.text.ExtractRequest;
import org.dxguard.text.Language;
import org.dxguard.text.TextErrors;
import org.junit.jupiter.api.Test;

/** The body of POST /text/extract: what is accepted, and a clear error that never quotes the text otherwise. */
class TextExtractionTest {
    private static DxGuardException error(String body) {
        return catchThrowableOfType(() -> TextExtraction.parse(body.getBytes(StandardCharsets.UTF_8)),
            DxGuardException.class);
    }

    @Test
    void should_read_text_language_and_patient_when_the_body_has_them() {
        // when
        ExtractRequest r = TextExtraction.parse("{\"text\":\"咳嗽3天\",\"language\":\"zh-CN\",\"patientId\":\"p-1\"}"
            .getBytes(StandardCharsets.UTF_8));
        ExtractRequest detect = TextExtraction.parse("{\"text\":\"Cough\"}".getBytes(StandardCharsets.UTF_8));

        // then
        assertThat(r.text()).isEqualTo("咳嗽3天");
        assertThat(r.language()).isEqualTo(Language.ZH);
        assertThat(r.patientId()).isEqualTo("p-1");
        assertThat(detect.language()).isNull();
        assertThat(detect.patientId()).isNull();
    }

    @Test
    void should_say_what_is_wrong_when_the_body_is_bad() {
        assertThat(error("not json").errorCode()).isEqualTo(NoteErrors.BAD_TEXT_REQUEST);
        assertThat(error("[\"text\"]").errorCode()).isEqualTo(NoteErrors.BAD_TEXT_REQUEST);
        assertThat(error("{\"note\":\"x\"}")).hasMessageContaining("unknown field").hasMessageNotContaining("note");
        assertThat(error("{\"text\":42}")).hasMessageContaining("'text' is missing or not a string");
        assertThat(error("{\"text\":\"x\",\"language\":\"fr\"}").errorCode()).isEqualTo(TextErrors.UNSUPPORTED_LANGUAGE);
        assertThat(error("{\"text\":\"x\",\"language\":\"<script>\"}")).hasMessageNotContaining("<script>")
            .hasMessageContaining("'language' must be");
        assertThat(error("{\"text\":\"x\",\"patientId\":\"../etc\"}")).hasMessageContaining("'patientId' must be");
        assertThat(error("{\"text\":\"  \"}").errorCode()).isEqualTo(TextErrors.EMPTY_TEXT);
        assertThat(error("{\"text\":\"a\\u0000b\"}").errorCode()).isEqualTo(TextErrors.BINARY_TEXT);
        assertThat(error("{\"text\":\"" + "a".repeat((1 << 20) + 1) + "\"}").errorCode())
            .isEqualTo(TextErrors.TEXT_TOO_LARGE);
    }
}
