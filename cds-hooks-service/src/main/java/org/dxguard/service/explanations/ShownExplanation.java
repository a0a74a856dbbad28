package org.dxguard.service.explanations;

import java.util.Objects;
import org.dxguard.reasoner.Explanation;
import org.dxguard.reasoner.ExplanationOutcome;
import org.dxguard.reasoner.ExplanationOutcome.Reason;
import org.dxguard.reasoner.ExplanationOutcome.Status;

/**
 * What a clinician may see of one explanation, and nothing else: the explanation as the veto left it (READY;
 * {@code cut} when parts were removed), or the stable reason there is none ({@code why}, shown as the product's
 * phrase). It has no raw output, no thinking and no precise reason: those stay in the decision record. Only
 * {@link ExplanationReview} makes a READY one; the card, the explanation page and its JSON are built from this
 * type only.
 *
 * @param why for READY, an optional note on how it was made ({@link Reason#EVIDENCE_ONLY_FALLBACK})
 */
public record ShownExplanation(Status status, Explanation explanation, Reason why, String modelId,
                               String promptVersion, boolean cut) {
    public ShownExplanation {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(modelId, "modelId");
        if ((status == Status.READY) != (explanation != null)) {
            throw new IllegalArgumentException("only a READY shown explanation carries an explanation");
        }
        if (status != Status.READY && why == null) {
            throw new IllegalArgumentException("a " + status + " shown explanation needs a reason");
        }
    }

    /** Vetted by {@link ExplanationReview}: package-private on purpose. */
    static ShownExplanation vetted(Explanation kept, Reason note, String modelId, String promptVersion, boolean cut) {
        return new ShownExplanation(Status.READY, Objects.requireNonNull(kept, "kept"), note, modelId, promptVersion,
            cut);
    }

    /** Nothing to show: pending or unavailable, for this reason. */
    public static ShownExplanation none(Status status, Reason why, String modelId, String promptVersion) {
        if (status == Status.READY) {
            throw new IllegalArgumentException("READY needs a vetted explanation");
        }
        return new ShownExplanation(status, null, why, modelId, promptVersion, false);
    }

    /**
     * What may be shown of an outcome that has not been through the veto (yet): never its explanation. A finished
     * READY one is being checked; PENDING and UNAVAILABLE keep only their reason key.
     */
    public static ShownExplanation unreviewed(ExplanationOutcome o) {
        return switch (o.status()) {
            case READY -> none(Status.PENDING, Reason.BEING_CHECKED, o.modelId(), o.promptVersion());
            case PENDING, UNAVAILABLE -> none(o.status(), o.why(), o.modelId(), o.promptVersion());
        };
    }

    public boolean isReady() {
        return status == Status.READY;
    }
}
