package org.dxguard.service.explanations;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import org.dxguard.reasoner.ExplanationOutcome.Reason;
import org.junit.jupiter.api.Test;

/** The one resource file of the phrases a clinician may be shown about an explanation. */
class ClinicianPhrasesTest {

    private static Properties file() throws Exception {
        Properties p = new Properties();
        try (InputStream in = ClinicianPhrases.class.getResourceAsStream("phrases.properties")) {
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return p;
    }

    @Test
    void should_have_exactly_one_reviewed_text_per_key_when_the_phrases_are_loaded() throws Exception {
        // when
        Properties p = file();

        // then every reason key and every key of the service has a text, and the file has no other key
        assertThat(p.stringPropertyNames()).containsExactlyInAnyOrderElementsOf(ClinicianPhrases.keys());
        for (Reason r : Reason.values()) {
            assertThat(ClinicianPhrases.english().of(r)).isNotBlank();
        }
    }

    @Test
    void should_carry_no_placeholder_except_in_frames_when_a_phrase_is_read() throws Exception {
        Properties p = file();
        for (String key : p.stringPropertyNames()) {
            String text = p.getProperty(key);
            if (key.equals("card.unavailable") || key.startsWith("card.pending") || key.equals("page.pending")
                || key.equals("page.unavailable")) {
                assertThat(text).as(key).contains("{0}");
            } else {
                assertThat(text).as(key).doesNotContain("{").doesNotContain("}");
            }
            // fixed product text: no numbers, ids or quotes of anything
            assertThat(text.replace("{0}", "")).as(key).doesNotContainPattern("[0-9]").doesNotContain("\"");
        }
    }

    @Test
    void should_fill_a_frame_only_with_another_phrase_when_a_card_says_why() {
        assertThat(ClinicianPhrases.english().frame("card.unavailable", Reason.CITES_UNKNOWN_EVIDENCE))
            .isEqualTo("No explanation: the model's answer cited evidence not in this case.");
        assertThat(ClinicianPhrases.english().frame("card.unavailable", Reason.UNREADABLE))
            .isEqualTo("No explanation: the model's answer could not be read.");
    }
}
