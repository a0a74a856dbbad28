package org.dxguard.service.cdshooks;

import java.util.Objects;

/** Where a card's content comes from: a guideline, the knowledge base, the model. {@code label} is required. */
public record Source(String label, String url, String icon, Coding topic) {
    public Source {
        Objects.requireNonNull(label, "source.label is required");
        if (label.isBlank()) {
            throw new IllegalArgumentException("source.label must not be blank");
        }
        url = Text.blankToNull(url);
        icon = Text.blankToNull(icon);
    }

    public static Source of(String label, String url) {
        return new Source(label, url, null, null);
    }
}
