package org.dxguard.service.cdshooks;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** The spec's feedback body: one entry per card outcome reported by the EHR. */
public record FeedbackRequest(List<Entry> feedback) {
    public FeedbackRequest {
        feedback = Text.copy(feedback);
    }

    public enum Outcome { ACCEPTED, OVERRIDDEN }

    /** One outcome. {@code overrideReason} is null unless overridden with a reason. */
    public record Entry(String card, Outcome outcome, List<String> acceptedSuggestions, Coding overrideReason,
                        String userComment, Instant outcomeTimestamp) {
        public Entry {
            Objects.requireNonNull(card, "card");
            Objects.requireNonNull(outcome, "outcome");
            Objects.requireNonNull(outcomeTimestamp, "outcomeTimestamp");
            acceptedSuggestions = Text.copy(acceptedSuggestions);
            userComment = Text.blankToNull(userComment);
        }

        /** Idempotency key: the same card reported with the same timestamp is the same event. */
        public String key() {
            return card + "|" + outcomeTimestamp;
        }
    }
}
