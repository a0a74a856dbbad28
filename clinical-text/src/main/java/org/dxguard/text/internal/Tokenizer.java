package org.dxguard.text.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Tokens for dictionary matching in English and Chinese (a hyphen between two words is dropped: "light-headed"
 * matches "light headed"). Chinese is segmented by the dictionary itself: every Han
 * character is a token and the lexicon/trigger tries match the longest character sequence (see the module README
 * for why no general-purpose segmenter is used). Offsets always refer to the original text: the normalisation is
 * one character for one character.
 */
public final class Tokenizer {
    /** Words where "ae"/"oe" must not be folded (English words, not British medical spellings). */
    private static final Set<String> NO_FOLD = Set.of("does", "goes", "shoes", "toes", "canoe", "poem", "poet",
        "poetry", "phoenix", "aerosol", "aerobic", "aerobics", "israel", "michael", "raphael", "joe", "joes",
        "whoever", "however", "moreover", "whatsoever", "coerce", "coercion");

    private Tokenizer() {}

    /** Lower case and ASCII for full-width letters, digits and space; same length as the input. */
    public static char[] normalize(CharSequence text) {
        char[] out = new char[text.length()];
        for (int i = 0; i < out.length; i++) {
            char c = text.charAt(i);
            if (c >= '\uFF10' && c <= '\uFF19' || c >= '\uFF21' && c <= '\uFF3A' || c >= '\uFF41' && c <= '\uFF5A') {
                c = (char) (c - 0xFEE0);
            } else if (c == '\u3000' || c == '\u00A0') {
                c = ' ';
            } else if (c == '\u2019' || c == '\u2018') {
                c = '\'';
            }
            out[i] = Character.toLowerCase(c);
        }
        return out;
    }

    public static boolean isHan(char c) {
        return Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN;
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) && !isHan(c);
    }

    public static List<Token> tokenize(CharSequence text) {
        return tokenize(text, 0, text.length());
    }

    /** Tokens of {@code text[from, to)}. */
    public static List<Token> tokenize(CharSequence text, int from, int to) {
        char[] n = normalize(text);
        List<Token> out = new ArrayList<>();
        int i = from;
        while (i < to) {
            char c = n[i];
            if (Character.isWhitespace(c)) {
                i++;
            } else if (isHan(c)) {
                out.add(new Token(String.valueOf(c), i, i + 1, Token.Type.HAN));
                i++;
            } else if (isWordChar(c)) {
                int j = i;
                StringBuilder w = new StringBuilder();
                while (j < to) {
                    if (isWordChar(n[j])) {
                        w.append(n[j]);
                        j++;
                    } else if (n[j] == '\'' && j + 1 < to && Character.isLetter(n[j + 1])
                        && !isHan(n[j + 1]) && j > i && Character.isLetter(n[j - 1])) {
                        j++; // patient's -> patients
                    } else {
                        break;
                    }
                }
                out.add(new Token(fold(w.toString()), i, j, Token.Type.WORD));
                i = j;
            } else if (c == '-' && i > from && i + 1 < to && isWordChar(n[i - 1]) && isWordChar(n[i + 1])) {
                i++; // light-headed, two-day, x-ray, non-tender: the words on both sides are tokens, the hyphen is not
            } else {
                out.add(new Token(String.valueOf(c == '\uFF1A' ? ':' : c), i, i + 1, Token.Type.PUNCT));
                i++;
            }
        }
        return out;
    }

    /**
     * Clinical abbreviations that stand for one word wherever they are written ("family hx of asthma", "wt loss",
     * "EtOH use"): matched as that word, so every phrase of the lexicon and the triggers reads them.
     */
    private static final Map<String, String> WORD_ABBREVIATIONS = Map.of("hx", "history", "wt", "weight",
        "etoh", "alcohol");

    /**
     * Matching form of a lower-case word: one-word abbreviations expanded, British ae/oe and -ise spellings
     * ("generalised", "immunisation") and simple plurals folded.
     */
    public static String fold(String w) {
        String expanded = WORD_ABBREVIATIONS.get(w);
        if (expanded != null) {
            return expanded;
        }
        if (w.length() >= 8 && (w.endsWith("ised") || w.endsWith("ising") || w.endsWith("isation")
            || w.endsWith("isations"))) {
            int at = w.lastIndexOf("is");
            w = w.substring(0, at) + "iz" + w.substring(at + 2);
        }
        if (w.length() >= 6 && !NO_FOLD.contains(w) && !w.startsWith("aer") && w.chars().allMatch(Character::isLetter)) {
            if (w.startsWith("oe")) {
                w = "e" + w.substring(2);
            }
            w = w.replace("ae", "e").replace("oe", "e");
        }
        if (w.length() >= 5 && w.endsWith("ies") && Character.isLetter(w.charAt(0))) {
            return w.substring(0, w.length() - 3) + "y";
        }
        if (w.length() >= 4 && w.endsWith("s") && !w.endsWith("ss") && !w.endsWith("us") && !w.endsWith("is")
            && Character.isLetter(w.charAt(w.length() - 2))) {
            return w.substring(0, w.length() - 1);
        }
        return w;
    }

    /** The matching key of a phrase: its token norms joined by a space. */
    public static String key(String phrase) {
        StringBuilder b = new StringBuilder();
        for (Token t : tokenize(phrase)) {
            if (b.length() > 0) {
                b.append(' ');
            }
            b.append(t.norm());
        }
        return b.toString();
    }

    public static List<String> norms(String phrase) {
        List<String> out = new ArrayList<>();
        for (Token t : tokenize(phrase)) {
            out.add(t.norm());
        }
        return out;
    }
}
