package org.dxguard.service.cdshooks;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One entry of the discovery response. {@code prefetch} maps keys to FHIR query templates; {@code extension} is the
 * CDS Hooks 2.0 service {@code extension} object (e.g. the request extensions this service reads), empty for none.
 */
public record ServiceDescriptor(String hook, String title, String description, String id,
                                Map<String, String> prefetch, String usageRequirements, Map<String, Object> extension) {
    public ServiceDescriptor(String hook, String title, String description, String id, Map<String, String> prefetch,
                             String usageRequirements) {
        this(hook, title, description, id, prefetch, usageRequirements, null);
    }

    /** This descriptor with {@code more} added to its extension object. */
    public ServiceDescriptor withExtension(Map<String, Object> more) {
        Map<String, Object> e = new LinkedHashMap<>(extension);
        e.putAll(more);
        return new ServiceDescriptor(hook, title, description, id, prefetch, usageRequirements, e);
    }

    public ServiceDescriptor {
        Objects.requireNonNull(hook, "hook");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(id, "id");
        if (!id.matches("[A-Za-z0-9._~-]+")) {
            throw new IllegalArgumentException("service id must be URL-safe, was " + id);
        }
        prefetch = prefetch == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(prefetch));
        usageRequirements = Text.blankToNull(usageRequirements);
        extension = extension == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(extension));
    }
}
