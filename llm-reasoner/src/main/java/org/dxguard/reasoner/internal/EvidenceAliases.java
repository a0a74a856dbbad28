package org.dxguard.reasoner.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Short aliases ({@code E1}, {@code E2}, …) for the case's evidence ids. Prompts carry only the aliases, so no source
 * id (which may embed a resource id) ever reaches a model; the model's citations are mapped back to the real ids.
 */
public final class EvidenceAliases {
    private final Map<String, String> aliasToId = new LinkedHashMap<>();
    private final Map<String, String> idToAlias = new LinkedHashMap<>();

    /** The alias of this evidence id, assigning the next one on first sight. */
    public String aliasOf(String evidenceId) {
        return idToAlias.computeIfAbsent(evidenceId, id -> {
            String alias = "E" + (aliasToId.size() + 1);
            aliasToId.put(alias, id);
            return alias;
        });
    }

    /** The real evidence id for an alias the model cited (case-insensitive, tolerating "[E1]"), if known. */
    public Optional<String> resolve(String cited) {
        if (cited == null) {
            return Optional.empty();
        }
        String c = cited.strip().replaceAll("^[\\[(]+|[\\])]+$", "").strip().toUpperCase(java.util.Locale.ROOT);
        return Optional.ofNullable(aliasToId.get(c));
    }

    public List<String> aliases() {
        return List.copyOf(aliasToId.keySet());
    }

    public int size() {
        return aliasToId.size();
    }
}
