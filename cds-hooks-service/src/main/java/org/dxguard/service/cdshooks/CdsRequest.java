package org.dxguard.service.cdshooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A validated hook call. {@code prefetch} maps each key the EHR sent to its FHIR resource as parsed JSON (numbers
 * kept as exact decimals, as FHIR needs), or to {@code null} when the EHR said "no data"; a key that is absent was not
 * prefetched. The JSON tree goes to HAPI as it is, so a prefetch is tokenised once per call, not three times. {@code context} is kept as JSON because hooks carry
 * FHIR resources in it (e.g. {@code draftOrders}).
 */
public record CdsRequest(Hook hook, String hookInstance, String fhirServer, FhirAuthorization fhirAuthorization,
                         ObjectNode context, Map<String, ObjectNode> prefetch, ObjectNode extension) {
    /** A request without an {@code extension} object. */
    public CdsRequest(Hook hook, String hookInstance, String fhirServer, FhirAuthorization fhirAuthorization,
                      ObjectNode context, Map<String, ObjectNode> prefetch) {
        this(hook, hookInstance, fhirServer, fhirAuthorization, context, prefetch, null);
    }

    public CdsRequest {
        Objects.requireNonNull(hook, "hook");
        Objects.requireNonNull(hookInstance, "hookInstance");
        Objects.requireNonNull(context, "context");
        prefetch = prefetch == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(prefetch));
    }

    public String patientId() {
        return contextText("patientId").orElseThrow();
    }

    public String userId() {
        return contextText("userId").orElseThrow();
    }

    public Optional<String> contextText(String key) {
        JsonNode n = context.get(key);
        return n != null && n.isTextual() && !n.asText().isBlank() ? Optional.of(n.asText()) : Optional.empty();
    }

    /** The draftOrders Bundle, when the hook carries one. */
    public Optional<ObjectNode> draftOrders() {
        JsonNode n = context.get("draftOrders");
        return n != null && n.isObject() ? Optional.of((ObjectNode) n) : Optional.empty();
    }

    /** Context values usable to fill prefetch templates ({@code context.patientId} → value). */
    public Map<String, String> templateContext() {
        Map<String, String> values = new LinkedHashMap<>();
        context.fields().forEachRemaining(e -> {
            if (e.getValue().isTextual()) {
                values.put(e.getKey(), e.getValue().asText());
            }
        });
        return values;
    }
}
