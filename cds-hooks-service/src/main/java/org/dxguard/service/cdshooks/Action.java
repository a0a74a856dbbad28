package org.dxguard.service.cdshooks;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.Objects;

/**
 * A suggestion's action: {@code create} or {@code update} carry a FHIR {@code resource} (raw JSON), {@code delete}
 * carries a {@code resourceId} ({@code "MedicationRequest/123"}).
 */
public record Action(Type type, String description, JsonNode resource, String resourceId) {
    public enum Type {
        CREATE, UPDATE, DELETE;

        @JsonValue
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public Action {
        Objects.requireNonNull(type, "action.type is required");
        description = Text.blankToNull(description);
        if (description == null) {
            throw new IllegalArgumentException("action.description is required");
        }
        resourceId = Text.blankToNull(resourceId);
        if ((type == Type.CREATE || type == Type.UPDATE) && resource == null) {
            throw new IllegalArgumentException(type.wire() + " action needs a resource");
        }
        if (type == Type.DELETE && resourceId == null) {
            throw new IllegalArgumentException("delete action needs a resourceId");
        }
    }
}
