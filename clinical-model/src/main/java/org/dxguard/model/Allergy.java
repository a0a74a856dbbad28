package org.dxguard.model;

import java.util.List;

/** An allergy or intolerance to a substance; {@code highCriticality} when the source marks it high. */
public record Allergy(String id, List<Code> codes, String text, boolean active, boolean highCriticality) {
    public Allergy {
        codes = Checks.copy(codes);
        text = Checks.blankToNull(text);
        if (codes.isEmpty() && text == null) {
            throw new IllegalArgumentException("allergy needs at least one code or a text");
        }
    }
}
