package org.dxguard.text;

import java.util.Locale;
import org.dxguard.model.DxGuardException;

/** Language of a note. Processing is the same for both (the lexicon and triggers hold both); it names the output. */
public enum Language {
    EN, ZH;

    /** ZH when at least a fifth of the letters are Han characters, else EN. */
    public static Language detect(CharSequence text) {
        int han = 0;
        int letters = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isLetter(c)) {
                letters++;
                if (Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN) {
                    han++;
                }
            }
        }
        return letters > 0 && han * 5 >= letters ? ZH : EN;
    }

    /** {@code en}/{@code zh} (any case, also {@code zh-CN}, {@code en-US}); null or blank → null (detect). */
    public static Language parse(String tag) {
        if (tag == null || tag.isBlank()) {
            return null;
        }
        String t = tag.trim().toLowerCase(Locale.ROOT);
        if (t.equals("en") || t.startsWith("en-") || t.startsWith("en_")) {
            return EN;
        }
        if (t.equals("zh") || t.startsWith("zh-") || t.startsWith("zh_")) {
            return ZH;
        }
        throw new DxGuardException(TextErrors.UNSUPPORTED_LANGUAGE, "unsupported language '" + tag + "'");
    }

    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
