package org.dxguard.text;

import java.util.Objects;

/** A sentence (or list item, or clause-terminated line) with the section it belongs to. */
public record Sentence(int index, Span span, SectionKind section) {
    public Sentence {
        Objects.requireNonNull(span, "span");
        Objects.requireNonNull(section, "section");
    }
}
