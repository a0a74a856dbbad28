package org.dxguard.text;

import java.util.Objects;
import org.dxguard.model.Finding;

/** A finding for the differential with the mention it was read from (section, span, cue) for citing it. */
public record SourcedFinding(Finding finding, Mention source) {
    public SourcedFinding {
        Objects.requireNonNull(finding, "finding");
        Objects.requireNonNull(source, "source");
    }
}
