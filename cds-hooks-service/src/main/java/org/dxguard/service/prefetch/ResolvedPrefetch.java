package org.dxguard.service.prefetch;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.dxguard.fhir.FhirFacts;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * The resolved prefetch of one call: key → resources (Bundles flattened; "no data" = empty list), in template
 * order, which keys were fetched from the FHIR server (the others came from the EHR's prefetch), and notes for the
 * decision record (a prefetched value that was an OperationOutcome or an incomplete page, and was fetched instead).
 */
public record ResolvedPrefetch(Map<String, List<IBaseResource>> byKey, Set<String> fetchedKeys, List<String> notes) {
    public ResolvedPrefetch(Map<String, List<IBaseResource>> byKey, Set<String> fetchedKeys) {
        this(byKey, fetchedKeys, List.of());
    }

    public ResolvedPrefetch {
        notes = notes == null ? List.of() : List.copyOf(notes);
        Objects.requireNonNull(byKey, "byKey must not be null");
        Map<String, List<IBaseResource>> copy = new LinkedHashMap<>();
        byKey.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "prefetch key must not be null"),
            v == null ? List.of() : List.copyOf(v)));
        byKey = Collections.unmodifiableMap(copy);
        fetchedKeys = fetchedKeys == null ? Set.of() : Set.copyOf(fetchedKeys);
        if (!copy.keySet().containsAll(fetchedKeys)) {
            throw new IllegalArgumentException("fetchedKeys must be keys of byKey");
        }
    }

    /** Every resource of every key, in key order; a resource with the same type and id is kept once. */
    public List<IBaseResource> all() {
        List<IBaseResource> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (List<IBaseResource> resources : byKey.values()) {
            for (IBaseResource r : resources) {
                String key = FhirFacts.typedId(r);
                if (key == null || seen.add(key)) {
                    out.add(r);
                }
            }
        }
        return out;
    }
}
