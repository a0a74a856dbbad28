package org.dxguard.service.ask;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.dxguard.safety.AnswerGuard;
import org.junit.jupiter.api.Test;

/** The clinician texts of Ask exist in English and Chinese, key for key. */
class AskMessagesTest {

    @Test
    void should_have_every_key_in_chinese_when_the_english_file_has_it() {
        // given
        Set<String> keys = AskMessages.keys();

        // then
        assertThat(keys).containsAll(AnswerGuard.KEYS).contains("answer.confirm");
        for (String key : keys) {
            assertThat(AskMessages.of("zh").has(key)).as(key).isTrue();
            assertThat(AskMessages.of("zh").text(key)).as(key).isNotEqualTo(AskMessages.of("en").text(key));
        }
    }

    @Test
    void should_answer_in_english_when_the_language_is_unknown() {
        assertThat(AskMessages.of("fr").text("answer.confirm")).startsWith("_AI suggests, the doctor confirms");
        assertThat(AskMessages.of("zh").text("answer.confirm")).startsWith("_AI提供建议，由医生确认");
    }
}
