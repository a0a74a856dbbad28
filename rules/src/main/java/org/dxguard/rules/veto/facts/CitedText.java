package org.dxguard.rules.veto.facts;

import java.util.List;

/**
 * The text an evidence citation in free text is attached to (VETO-GRD-004): {@code text} is the words before the
 * citation's group back to the previous citation or {@code :}/{@code ;} ({@code "Chills"} in
 * {@code "Chills [ev:arthralgia]"}); {@code namesCited} is true when it names the cited finding (label, synonym or
 * normalised form); {@code namedInstead} the labels of the other case findings it names. One per cited claim: the
 * first mismatched occurrence when the id is cited more than once in the sentence, else the first.
 */
public record CitedText(String claimId, String evidenceId, String text, boolean namesCited, List<String> namedInstead) {
    public CitedText {
        namedInstead = List.copyOf(namedInstead);
    }

    /** The other findings' labels, for a reason: {@code 'Chills'} or {@code 'Chills', 'Fever'}. */
    public String instead() {
        return String.join(", ", namedInstead.stream().map(l -> "'" + l + "'").toList());
    }
}
