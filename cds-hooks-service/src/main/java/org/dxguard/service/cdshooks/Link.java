package org.dxguard.service.cdshooks;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Objects;

/** A link shown on a card: {@code absolute} (a web page) or {@code smart} (a SMART app launch). */
public record Link(String label, String url, Type type, String appContext, Boolean autolaunchable) {
    public enum Type {
        ABSOLUTE, SMART;

        @JsonValue
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public Link {
        Objects.requireNonNull(label, "link.label is required");
        Objects.requireNonNull(url, "link.url is required");
        Objects.requireNonNull(type, "link.type is required");
        appContext = Text.blankToNull(appContext);
    }

    public static Link absolute(String label, String url) {
        return new Link(label, url, Type.ABSOLUTE, null, null);
    }
}
