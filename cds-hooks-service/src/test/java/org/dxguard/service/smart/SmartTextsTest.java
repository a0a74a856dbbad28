package org.dxguard.service.smart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dxguard.service.ask.AskMessages;
import org.junit.jupiter.api.Test;

/**
 * The SMART app page shows product text only from the phrases the server sends in the session's language (issue 20):
 * no English literal reaches a Chinese clinician (model text and record data aside).
 */
class SmartTextsTest {
    private static String resource(String name) throws IOException {
        try (InputStream in = SmartRoute.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void should_take_every_phrase_from_the_sent_texts_when_the_app_page_shows_product_text() throws IOException {
        // given the app's script
        String js = resource("app.js");

        // when: the phrase keys it reads, and the string literals it shows
        Set<String> keys = new LinkedHashSet<>();
        Matcher k = Pattern.compile("texts\\['([a-z.\\-]+)'\\]").matcher(js);
        while (k.find()) {
            keys.add(k.group(1));
        }
        Matcher shown = Pattern.compile("(?:set\\('[a-z\\-]+', |textContent = )([^;]*);").matcher(js);
        Set<String> literals = new LinkedHashSet<>();
        while (shown.find()) {
            // the phrase look-ups and the model-id slot are not shown text; every other literal is
            String expr = shown.group(1).replaceAll("texts\\['[^']*'\\]", "").replace(".replace('{model}',", "");
            Matcher lit = Pattern.compile("'([^']*)'").matcher(expr);
            while (lit.find()) {
                if (lit.group(1).matches(".*[A-Za-z]{2,}.*")) {
                    literals.add(lit.group(1));
                }
            }
        }

        // then every key is sent and has a Chinese text, and no English word is written into the page
        assertThat(keys).isNotEmpty().allSatisfy(key -> {
            assertThat(SmartRoute.APP_TEXTS).as(key).contains(key);
            assertThat(AskMessages.of("zh").text(key)).as(key).isNotEqualTo(AskMessages.of("en").text(key));
        });
        assertThat(SmartRoute.APP_TEXTS).contains("answer.severity.critical", "answer.severity.warning",
            "answer.severity.info"); // read as texts['answer.severity.' + f.indicator]
        assertThat(literals).as("English literals shown by app.js").isEmpty();
    }

    @Test
    void should_fill_every_placeholder_of_the_page_when_it_is_served() throws IOException {
        // given the page template
        String html = resource("app.html");

        // then its placeholders are the ones SmartRoute fills (session, language, title, the two early phrases)
        Matcher m = Pattern.compile("\\{\\{([a-z]+)\\}\\}").matcher(html);
        Set<String> placeholders = new LinkedHashSet<>();
        while (m.find()) {
            placeholders.add(m.group(1));
        }
        assertThat(placeholders).containsExactlyInAnyOrder("lang", "session", "title", "ended", "failed");
    }
}
