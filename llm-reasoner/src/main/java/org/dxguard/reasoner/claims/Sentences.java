package org.dxguard.reasoner.claims;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits free text into sentences the same way for extraction and for filtering, so a claim's
 * {@code field#sN} names the sentence that {@link ExplanationFilter} removes. A sentence ends at {@code .!?}
 * followed by white space (so "0.5" and "e.g.x" stay whole), at {@code 。！？；;} and at a line break.
 */
public final class Sentences {
    private Sentences() {}

    public static List<String> split(String text) {
        List<String> out = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return out;
        }
        StringBuilder cur = new StringBuilder();
        int n = text.length();
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            cur.append(c);
            boolean end = c == '。' || c == '！' || c == '？' || c == '；' || c == ';' || c == '\n'
                || ((c == '.' || c == '!' || c == '?') && (i + 1 == n || Character.isWhitespace(text.charAt(i + 1))));
            if (end) {
                add(out, cur);
            }
        }
        add(out, cur);
        return out;
    }

    private static void add(List<String> out, StringBuilder cur) {
        String s = cur.toString().strip();
        if (!s.isEmpty()) {
            out.add(s);
        }
        cur.setLength(0);
    }
}
