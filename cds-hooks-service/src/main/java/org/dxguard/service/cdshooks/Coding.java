package org.dxguard.service.cdshooks;

import java.util.Objects;

/** A FHIR-style Coding as used by overrideReasons and topics; CDS Hooks requires {@code display} on override reasons. */
public record Coding(String system, String code, String display) {
    public Coding {
        Objects.requireNonNull(code, "coding.code is required");
        system = Text.blankToNull(system);
        display = Text.blankToNull(display);
    }
}
