package org.dxguard.rules;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything needed to compile one rule set: DRL sources, reference-table facts (inserted into every session),
 * the terminology, the rule catalog from package metadata, a version label and the packages' message templates.
 */
public record RuleSetDefinition(List<RuleSource> sources, List<Object> tableFacts, Terminology terminology,
                                Map<String, RuleMeta> catalog, String versionLabel, Messages messages) {
    public RuleSetDefinition {
        sources = List.copyOf(sources);
        tableFacts = List.copyOf(tableFacts);
        Objects.requireNonNull(terminology, "terminology");
        catalog = Map.copyOf(catalog);
        versionLabel = versionLabel == null || versionLabel.isBlank() ? "rules" : versionLabel;
        messages = messages == null ? Messages.empty() : messages;
    }

    /** A definition without message templates (rules report literal text). */
    public RuleSetDefinition(List<RuleSource> sources, List<Object> tableFacts, Terminology terminology,
                             Map<String, RuleMeta> catalog, String versionLabel) {
        this(sources, tableFacts, terminology, catalog, versionLabel, Messages.empty());
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder with empty defaults. */
    public static final class Builder {
        private final List<RuleSource> sources = new ArrayList<>();
        private final List<Object> tableFacts = new ArrayList<>();
        private final Map<String, RuleMeta> catalog = new LinkedHashMap<>();
        private Terminology terminology = Terminology.parse(Map.of());
        private String versionLabel = "rules";
        private Messages messages = Messages.empty();

        private Builder() {}

        public Builder source(RuleSource s) { sources.add(s); return this; }
        public Builder sources(List<RuleSource> s) { sources.addAll(s); return this; }
        public Builder tableFact(Object f) { tableFacts.add(f); return this; }
        public Builder tableFacts(List<?> f) { tableFacts.addAll(f); return this; }
        public Builder rule(RuleMeta m) { catalog.put(m.ruleId(), m); return this; }
        public Builder terminology(Terminology t) { terminology = t; return this; }
        public Builder versionLabel(String v) { versionLabel = v; return this; }
        /** Adds the message templates of a package (card texts in each language). */
        public Builder messages(Messages m) { messages = messages.with(m); return this; }

        public RuleSetDefinition build() {
            return new RuleSetDefinition(sources, tableFacts, terminology, catalog, versionLabel, messages);
        }
    }
}
