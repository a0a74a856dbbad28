package org.dxguard.text;

import java.util.Objects;

/** A section: its kind, the heading as written (null for {@link SectionKind#UNLABELED}) and its span (heading included). */
public record Section(SectionKind kind, String heading, Span span) {
    public Section {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(span, "span");
    }
}
