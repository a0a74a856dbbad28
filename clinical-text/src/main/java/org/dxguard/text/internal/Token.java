package org.dxguard.text.internal;

/**
 * One token of a text: a Latin word or number (hyphenated and apostrophe words joined), one Han character, or one
 * punctuation character. {@code norm} is the matching form (lower case, ASCII for full-width forms, British
 * spellings and plurals folded, see {@link Tokenizer#fold}); {@code start}/{@code end} index the original text.
 */
public record Token(String norm, int start, int end, Type type) {
    public enum Type { WORD, HAN, PUNCT }

    public boolean isWord() {
        return type == Type.WORD;
    }

    public boolean isHan() {
        return type == Type.HAN;
    }

    public boolean isPunct() {
        return type == Type.PUNCT;
    }
}
