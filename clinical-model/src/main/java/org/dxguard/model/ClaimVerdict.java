package org.dxguard.model;

import java.util.List;
import java.util.Objects;

/** The veto's verdict on one claim: allowed when no rule vetoed it. */
public record ClaimVerdict(Claim claim, List<Veto> vetoes) {
    public ClaimVerdict {
        Objects.requireNonNull(claim, "claim must not be null");
        vetoes = Checks.copy(vetoes);
        for (Veto v : vetoes) {
            if (!v.claimId().equals(claim.id())) {
                throw new IllegalArgumentException("veto for claim " + v.claimId() + " attached to claim " + claim.id());
            }
        }
    }

    public boolean allowed() {
        return vetoes.isEmpty();
    }
}
