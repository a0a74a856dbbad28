package org.dxguard.text.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Sentence boundaries over tokens: . ! ? 。！？ (not inside numbers, abbreviations such as Dr. or b.i.d., or
 * before a lower-case continuation), blank lines, and a new line that starts a list item (- * • 1. 1) ①) or a
 * heading. Wrapped lines inside a paragraph stay one sentence (reports are hard-wrapped).
 */
public final class SentenceSplitter {
    private static final Set<String> TERMINAL = Set.of(".", "!", "?", "。", "！", "？");
    private static final Set<String> ABBREVIATIONS = Set.of("dr", "mr", "mrs", "ms", "prof", "vs", "v", "approx",
        "no", "st", "fig", "pt", "hx", "dx", "sx", "tx", "rx", "etc", "e", "i", "q", "b", "t", "p", "a", "h", "s",
        "mg", "jr", "sr", "inc", "co", "ca", "eg", "ie", "al", "min", "max", "temp", "resp", "wt", "ht");
    private static final Set<String> BULLETS = Set.of("-", "*", "•", "·", "●", "○", "■", "□", "①", "②", "③", "④",
        "⑤", "⑥", "⑦", "⑧", "⑨", "⑩");

    private SentenceSplitter() {}

    /** Token ranges {@code [from, to)} of the sentences inside tokens {@code [from, to)}. */
    public static List<int[]> split(String text, List<Token> tokens, int from, int to) {
        List<int[]> out = new ArrayList<>();
        int start = from;
        for (int i = from; i < to; i++) {
            Token t = tokens.get(i);
            boolean end = false;
            if (TERMINAL.contains(t.norm()) && !keepsGoing(text, tokens, i, to)) {
                end = true;
            }
            if (end) {
                if (i + 1 > start) {
                    out.add(new int[] {start, i + 1});
                }
                start = i + 1;
                continue;
            }
            if (i + 1 < to && startsNewLine(text, tokens, i + 1) && i + 1 > start) {
                out.add(new int[] {start, i + 1});
                start = i + 1;
            }
        }
        if (start < to) {
            out.add(new int[] {start, to});
        }
        return out;
    }

    /** A '.' inside a number (2.5), after an abbreviation or initial, or before a lower-case word continues. */
    private static boolean keepsGoing(String text, List<Token> tokens, int i, int to) {
        Token t = tokens.get(i);
        if (!t.norm().equals(".")) {
            return false;
        }
        Token prev = i > 0 ? tokens.get(i - 1) : null;
        Token next = i + 1 < to ? tokens.get(i + 1) : null;
        if (prev != null && next != null && prev.end() == t.start() && next.start() == t.end()
            && Character.isDigit(text.charAt(prev.end() - 1)) && Character.isDigit(text.charAt(next.start()))) {
            return true;
        }
        if (prev != null && prev.isWord() && prev.end() == t.start()
            && (ABBREVIATIONS.contains(prev.norm()) && !isAllCaps(text, prev) || prev.norm().length() == 1
                && Character.isLetter(prev.norm().charAt(0)))) {
            return true;
        }
        if (next != null && next.isWord() && !Sectionizer.newlineBetween(text, t.end(), next.start())) {
            char c = text.charAt(next.start());
            return Character.isLowerCase(c) || Character.isDigit(c) && next.start() == t.end();
        }
        return false;
    }

    private static boolean isAllCaps(String text, Token t) {
        String s = text.substring(t.start(), t.end());
        return s.length() > 1 && s.equals(s.toUpperCase(java.util.Locale.ROOT));
    }

    /** True when token {@code i} starts a line that is a new paragraph or a list item. */
    private static boolean startsNewLine(String text, List<Token> tokens, int i) {
        Token prev = tokens.get(i - 1);
        Token t = tokens.get(i);
        int newlines = 0;
        for (int k = prev.end(); k < t.start(); k++) {
            if (text.charAt(k) == '\n') {
                newlines++;
            }
        }
        if (newlines == 0) {
            return false;
        }
        if (newlines >= 2 || BULLETS.contains(t.norm())) {
            return true;
        }
        if (t.isWord() && Character.isDigit(t.norm().charAt(0)) && i + 1 < tokens.size()) {
            String n = tokens.get(i + 1).norm();
            return n.equals(".") || n.equals(")") || n.equals("、") || n.equals("）");
        }
        String p = prev.norm();
        return p.equals(":") || p.equals("；") || p.equals(";") || t.isHan() && prev.isHan()
            && !p.equals("，") && !p.equals("、");
    }
}
