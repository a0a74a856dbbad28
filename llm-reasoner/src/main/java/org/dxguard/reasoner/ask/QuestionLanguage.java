package org.dxguard.reasoner.ask;

import java.util.Locale;
import java.util.Set;

/**
 * The language of a clinician's question: {@code zh} when it is mostly written in Chinese characters, else
 * {@code en}. Drug names, lab names and numbers in Latin script inside a Chinese question ("这位患者能用metformin吗？")
 * do not make it English: a question with at least 2 Han characters that make up at least a fifth of its letters is
 * Chinese.
 */
public final class QuestionLanguage {
    /** The languages questions may be asked and answered in. */
    public static final Set<String> SUPPORTED = Set.of("en", "zh");

    private QuestionLanguage() {}

    /** {@code zh} or {@code en}. */
    public static String detect(String question) {
        if (question == null) {
            return "en";
        }
        int han = 0;
        int letters = 0;
        for (int i = 0; i < question.length(); ) {
            int cp = question.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN) {
                han++;
                letters++;
            } else if (Character.isLetter(cp)) {
                letters++;
            }
        }
        return han >= 2 && han * 5 >= letters ? "zh" : "en";
    }

    /** The language asked for ({@code en}/{@code zh}, any case, {@code zh-CN} etc. read as {@code zh}), or null. */
    public static String normalise(String language) {
        if (language == null || language.isBlank()) {
            return null;
        }
        String l = language.strip().toLowerCase(Locale.ROOT);
        int dash = l.indexOf('-') >= 0 ? l.indexOf('-') : l.indexOf('_');
        String base = dash > 0 ? l.substring(0, dash) : l;
        return SUPPORTED.contains(base) ? base : null;
    }
}
