package org.dxguard.service.cdshooks;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** One entry of the discovery response. {@code prefetch} maps keys to FHIR query templates. */
public record ServiceDescriptor(String hook, String title, String description, String id,
                                Map<String, String> prefetch, String usageRequirements) {
    public ServiceDescriptor {
        Objects.requireNonNull(hook, "hook");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(id, "id");
        if (!id.matches("[A-Za-z0-9._~-]+")) {
            throw new IllegalArgumentException("service id must be URL-safe, was " + id);
        }
        prefetch = prefetch == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(prefetch));
        usageRequirements = Text.blankToNull(usageRequirements);
    }
}
