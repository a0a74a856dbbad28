package org.dxguard.rules.veto.facts;

import java.util.List;

/**
 * An evidence citation in free text and what surrounds it (VETO-GRD-004, VETO-GRD-005). {@code text} is the text it
 * is attached to: the words before the citation's group back to the previous citation or {@code :}/{@code ;}
 * ({@code "Chills"} in {@code "Chills [ev:arthralgia]"}). {@code namesCited} is true when that text names the cited
 * finding (label, synonym or normalised form), or when the cited finding has no readable name to check against;
 * {@code namedInstead} lists the labels of the other findings of the case it names. {@code assertsSupport} is true
 * when the sentence, in a rationale, summary or plain-text answer, states support or presence ("supports", "reports",
 * "has", "consistent with"…) and says nothing of absence, doubt or a future check ("no", "not", "absent", "would",
 * "if", "assess", "key finding"…). One per cited claim: the first mismatched occurrence when the id is cited more
 * than once in the sentence, else the first.
 */
public record CitedText(String claimId, String evidenceId, String text, boolean namesCited, List<String> namedInstead,
                        boolean assertsSupport) {
    public CitedText {
        namedInstead = List.copyOf(namedInstead);
    }

    /** The other findings' labels, for a reason: {@code 'Chills'} or {@code 'Chills', 'Fever'}. */
    public String instead() {
        return String.join(", ", namedInstead.stream().map(l -> "'" + l + "'").toList());
    }
}
