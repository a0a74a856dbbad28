package org.dxguard.service.cdshooks;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;

/**
 * A CDS Hooks card. Built with {@link #builder()}; the constructor enforces the spec: {@code summary} present and
 * under 140 characters, an indicator, a source, a uuid (generated when absent), and {@code selectionBehavior}
 * whenever there are suggestions (defaulting to {@code at-most-one}).
 */
public record Card(String uuid, String summary, String detail, Indicator indicator, Source source,
                   List<Suggestion> suggestions, SelectionBehavior selectionBehavior, List<Coding> overrideReasons,
                   List<Link> links, java.util.Map<String, Object> extension) {
    public static final int MAX_SUMMARY = 139;
    /**
     * Card extension (CDS Hooks 2.0 {@code extension}) set on critical guideline cards: overriding the card needs one
     * of its {@code overrideReasons}; feedback that overrides it without one is refused (DXG-0651).
     */
    public static final String OVERRIDE_REASON_REQUIRED = "org.dxguard.override-reason-required";

    /** A card without extension. */
    public Card(String uuid, String summary, String detail, Indicator indicator, Source source,
                List<Suggestion> suggestions, SelectionBehavior selectionBehavior, List<Coding> overrideReasons,
                List<Link> links) {
        this(uuid, summary, detail, indicator, source, suggestions, selectionBehavior, overrideReasons, links, null);
    }

    public enum SelectionBehavior {
        AT_MOST_ONE, ANY;

        @JsonValue
        public String wire() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public Card {
        uuid = uuid == null ? UUID.randomUUID().toString() : uuid;
        Objects.requireNonNull(summary, "card.summary is required");
        if (summary.isBlank() || summary.length() > MAX_SUMMARY) {
            throw new IllegalArgumentException("card.summary must be 1.." + MAX_SUMMARY + " characters, was "
                + summary.length());
        }
        detail = Text.blankToNull(detail);
        Objects.requireNonNull(indicator, "card.indicator is required");
        Objects.requireNonNull(source, "card.source is required");
        suggestions = Text.copy(suggestions);
        overrideReasons = Text.copy(overrideReasons);
        for (Coding reason : overrideReasons) {
            if (reason.display() == null) {
                throw new IllegalArgumentException("override reason " + reason.code() + " needs a display");
            }
        }
        links = Text.copy(links);
        extension = extension == null ? java.util.Map.of()
            : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(extension));
        if (suggestions.isEmpty()) {
            selectionBehavior = null;
        } else if (selectionBehavior == null) {
            selectionBehavior = SelectionBehavior.AT_MOST_ONE;
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Shortens a text to fit the summary limit, ending with an ellipsis when cut. */
    public static String fitSummary(String text) {
        String t = text.strip().replaceAll("\\s+", " ");
        return t.length() <= MAX_SUMMARY ? t : t.substring(0, MAX_SUMMARY - 1).stripTrailing() + "…";
    }

    /** Builder with defaults: indicator info, generated uuid, at-most-one selection when there are suggestions. */
    public static final class Builder {
        private String uuid;
        private String summary;
        private String detail;
        private Indicator indicator = Indicator.INFO;
        private Source source;
        private final List<Suggestion> suggestions = new ArrayList<>();
        private SelectionBehavior selectionBehavior;
        private final List<Coding> overrideReasons = new ArrayList<>();
        private final List<Link> links = new ArrayList<>();
        private final java.util.Map<String, Object> extension = new java.util.LinkedHashMap<>();

        private Builder() {}

        public Builder uuid(String v) { this.uuid = v; return this; }
        public Builder summary(String v) { this.summary = v; return this; }
        public Builder detail(String v) { this.detail = v; return this; }
        public Builder indicator(Indicator v) { this.indicator = v; return this; }
        public Builder source(Source v) { this.source = v; return this; }
        public Builder suggestion(Suggestion v) { suggestions.add(v); return this; }
        public Builder selectionBehavior(SelectionBehavior v) { this.selectionBehavior = v; return this; }
        public Builder overrideReason(Coding v) { overrideReasons.add(v); return this; }
        public Builder overrideReasons(List<Coding> v) { overrideReasons.addAll(v); return this; }
        public Builder link(Link v) { links.add(v); return this; }
        public Builder extension(String key, Object value) { extension.put(key, value); return this; }

        public Card build() {
            return new Card(uuid, summary, detail, indicator, source, suggestions, selectionBehavior,
                overrideReasons, links, extension);
        }
    }
}
