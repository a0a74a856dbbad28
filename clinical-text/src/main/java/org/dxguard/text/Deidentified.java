package org.dxguard.text;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * De-identified text and what was replaced: each replacement's kind (NAME, ID, PHONE, EMAIL, ADDRESS, URL, DATE,
 * AGE_OVER_89) and span in the <em>original</em> text, and the count per kind. The replaced substrings themselves
 * are not kept, so this record may be logged.
 */
public record Deidentified(String text, List<Replacement> replacements, Map<String, Integer> counts) {
    /** One replaced span of the original text and its placeholder. */
    public record Replacement(String kind, Span original, String placeholder) {}

    public Deidentified {
        Objects.requireNonNull(text, "text");
        replacements = List.copyOf(replacements);
        counts = Map.copyOf(counts);
    }
}
