package org.dxguard.service.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import org.dxguard.rules.Messages;
import org.dxguard.rules.facts.Alerts;
import org.junit.jupiter.api.Test;

/** The service's and the rule engine's own texts exist in English and Chinese and render with sample parameters. */
class ServiceTextsTest {
    @Test
    void should_have_every_service_and_engine_text_in_english_and_chinese() {
        // given / when
        List<Messages.Problem> service = ServiceTexts.MESSAGES.check("service", List.of("en", "zh-CN"), false);
        List<Messages.Problem> engine = Alerts.ENGINE_MESSAGES.check("engine", List.of("en", "zh-CN"), false);
        // then
        assertThat(service).isEmpty();
        assertThat(engine).isEmpty();
        for (Messages m : List.of(ServiceTexts.MESSAGES, Alerts.ENGINE_MESSAGES)) {
            for (String key : m.keys()) {
                for (String lang : List.of("en", "zh-CN")) {
                    String text = m.format(key, lang, m.sample(key, m.patternText(key, lang)));
                    assertThat(text).as(key + " " + lang).isNotEmpty();
                    Messages.argumentNames(m.patternText(key, lang))
                        .forEach(a -> assertThat(text).as(key).doesNotContain("{" + a));
                }
            }
        }
    }

    @Test
    void should_format_the_medication_review_note_in_chinese_when_the_locale_is_zh_cn() {
        // when
        String zh = ServiceTexts.format("review-info.summary", Locale.SIMPLIFIED_CHINESE, "summary", "eGFR 25");
        String en = ServiceTexts.format("review-info.summary", Locale.ENGLISH, "summary", "eGFR 25");
        // then
        assertThat(zh).isEqualTo("用药回顾：eGFR 25");
        assertThat(en).isEqualTo("Medication review: eGFR 25");
    }
}
