package org.dxguard.service.feedback;

import java.time.Instant;
import java.util.List;

/** One stored feedback event, as written to the log. */
public record StoredFeedback(String serviceId, String issuer, String card, String outcome,
                             List<String> acceptedSuggestions, String overrideReasonSystem, String overrideReasonCode,
                             String overrideReasonDisplay, String userComment, Instant outcomeTimestamp,
                             Instant receivedAt) {
    public String key() {
        return card + "|" + outcomeTimestamp;
    }
}
