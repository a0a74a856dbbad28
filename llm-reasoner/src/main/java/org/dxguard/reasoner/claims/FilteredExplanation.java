package org.dxguard.reasoner.claims;

import java.util.List;
import java.util.Optional;
import org.dxguard.reasoner.Explanation;

/**
 * What may be shown after the veto: the explanation with every vetoed part removed ({@code shown}), or nothing
 * and the card text saying why ({@code withheldReason}, e.g. "AI explanation withheld: conflicts with
 * ADA-MET-001 (ada-diabetes)"). {@code removedFields} lists the output fields that were cut. For plain-text
 * answers {@code shownText} carries the remaining sentences.
 */
public record FilteredExplanation(Optional<Explanation> shown, Optional<String> shownText, String withheldReason,
                                  List<String> removedFields) {
    public FilteredExplanation {
        shown = shown == null ? Optional.empty() : shown;
        shownText = shownText == null ? Optional.empty() : shownText;
        removedFields = removedFields == null ? List.of() : List.copyOf(removedFields);
    }

    public boolean withheld() {
        return withheldReason != null;
    }
}
