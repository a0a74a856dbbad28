package org.dxguard.service.cdshooks;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import org.dxguard.model.Severity;

/** The card's urgency, as the spec spells it. */
public enum Indicator {
    INFO, WARNING, CRITICAL;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Indicator of(Severity severity) {
        return switch (severity) {
            case INFO -> INFO;
            case WARNING -> WARNING;
            case CRITICAL -> CRITICAL;
        };
    }
}
