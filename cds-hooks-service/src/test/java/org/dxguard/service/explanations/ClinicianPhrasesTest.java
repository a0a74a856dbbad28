package org.dxguard.service.explanations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Properties;
import org.dxguard.model.DxGuardException;
import org.dxguard.reasoner.ExplanationOutcome.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The resource files (English and Chinese) of the phrases a clinician may be shown about an explanation. */
class ClinicianPhrasesTest {

    private static Properties file(String language) throws Exception {
        Properties p = new Properties();
        String name = "phrases" + ClinicianPhrases.LANGUAGES.get(language) + ".properties";
        try (InputStream in = ClinicianPhrases.class.getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return p;
    }

    @ParameterizedTest
    @ValueSource(strings = {"en", "zh"})
    void should_have_exactly_one_reviewed_text_per_key_when_the_phrases_of_a_language_are_loaded(String language)
        throws Exception {
        // when
        Properties p = file(language);

        // then every reason key and every key of the service has a non-blank text, and the file has no other key
        assertThat(p.stringPropertyNames()).containsExactlyInAnyOrderElementsOf(ClinicianPhrases.keys());
        for (String key : ClinicianPhrases.keys()) {
            assertThat(p.getProperty(key)).as(language + " " + key).isNotBlank();
        }
        for (Reason r : Reason.values()) {
            assertThat(ClinicianPhrases.load(language).of(r)).isNotBlank();
        }
    }

    @Test
    void should_have_both_languages_of_every_key_when_the_phrases_load() {
        // when both languages are loaded (as the class does before it is used)
        ClinicianPhrases en = ClinicianPhrases.load("en");
        ClinicianPhrases zh = ClinicianPhrases.load("zh");

        // then every key reads in both, and the Chinese text is a translation, not a copy of the English
        for (String key : ClinicianPhrases.keys()) {
            assertThat(en.text(key)).as(key).isNotBlank().doesNotContainPattern("\\p{IsHan}");
            assertThat(zh.text(key)).as(key).isNotEqualTo(en.text(key));
            assertThat(zh.text(key).replace("{0}", "")).as(key).matches("(?s).*\\p{IsHan}.*|\\p{P}+");
        }
    }

    @Test
    void should_refuse_an_unknown_key_when_a_phrase_is_asked_for() {
        assertThatThrownBy(() -> ClinicianPhrases.forLocale(Locale.CHINESE).text("page.no-such-key"))
            .isInstanceOf(DxGuardException.class).hasMessageContaining("page.no-such-key");
    }

    @ParameterizedTest
    @ValueSource(strings = {"en", "zh"})
    void should_carry_no_placeholder_except_in_frames_when_a_phrase_is_read(String language) throws Exception {
        Properties p = file(language);
        for (String key : p.stringPropertyNames()) {
            String text = p.getProperty(key);
            String rest = text;
            if (ClinicianPhrases.FRAME_KEYS.contains(key)) {
                assertThat(text).as(key).contains("{0}");
                rest = rest.replace("{0}", "");
            }
            if (ClinicianPhrases.MODEL_FRAME_KEYS.contains(key)) {
                assertThat(text).as(key).contains("{model}");
                rest = rest.replace("{model}", "");
                if (key.equals("card.explanation") || key.equals("card.explanation.small")) {
                    assertThat(text).as(key).contains("{cut}");
                    rest = rest.replace("{cut}", "");
                }
            }
            assertThat(rest).as(language + " " + key).doesNotContain("{").doesNotContain("}");
            // fixed product text: no numbers, ids or quotes of anything
            assertThat(rest).as(key).doesNotContainPattern("[0-9]").doesNotContain("\"");
        }
    }

    @Test
    void should_fill_a_frame_only_with_another_phrase_when_a_card_says_why() {
        assertThat(ClinicianPhrases.english().frame("card.unavailable", Reason.CITES_UNKNOWN_EVIDENCE))
            .isEqualTo("No explanation: the model's answer cited evidence not in this case.");
        assertThat(ClinicianPhrases.english().frame("card.unavailable", Reason.UNREADABLE))
            .isEqualTo("No explanation: the model's answer could not be read.");
        assertThat(ClinicianPhrases.forLocale(Locale.forLanguageTag("zh-CN")).frame("card.unavailable",
            Reason.UNREADABLE)).isEqualTo("暂无解释：无法读取模型的回答。");
    }

    @Test
    void should_choose_chinese_for_a_chinese_locale_and_english_otherwise_when_a_call_asks() {
        assertThat(ClinicianPhrases.forLocale(Locale.forLanguageTag("zh-CN")).languageTag()).isEqualTo("zh-CN");
        assertThat(ClinicianPhrases.forLocale(Locale.forLanguageTag("zh-TW")).of(Reason.MODEL_TIMEOUT))
            .isEqualTo("模型未能及时回答");
        assertThat(ClinicianPhrases.forLocale(Locale.ENGLISH)).isSameAs(ClinicianPhrases.english());
        assertThat(ClinicianPhrases.forLocale(Locale.FRENCH)).isSameAs(ClinicianPhrases.english());
        assertThat(ClinicianPhrases.forLocale(null).languageTag()).isEqualTo("en");
    }
}
