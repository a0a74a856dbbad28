package org.dxguard.service.cdshooks;

import java.util.List;
import java.util.Objects;
import java.util.UUID;

/** A suggestion the clinician can accept; {@code uuid} lets feedback name it. */
public record Suggestion(String label, String uuid, Boolean isRecommended, List<Action> actions) {
    public Suggestion {
        Objects.requireNonNull(label, "suggestion.label is required");
        uuid = uuid == null ? UUID.randomUUID().toString() : uuid;
        actions = Text.copy(actions);
    }

    public static Suggestion of(String label, boolean recommended, List<Action> actions) {
        return new Suggestion(label, null, recommended ? Boolean.TRUE : null, actions);
    }
}
