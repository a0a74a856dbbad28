package org.dxguard.service.audit;

import java.time.Instant;
import java.util.List;

/** One decision, as stored. {@code prev} and {@code hash} chain the log. */
public record DecisionRecord(long seq, String hookInstance, String serviceId, String hook, String issuer,
                             Instant receivedAt, long elapsedMicros, int status, String inputSha256,
                             String rulesetVersion, List<Fired> rulesFired, List<CardSummary> cards, String error,
                             String prev, String hash) {
    public record Fired(String ruleId, String ruleVersion, List<String> facts) {}

    /** {@code ruleId} is set for cards produced by a guideline rule. */
    public record CardSummary(String uuid, String indicator, String summary, String source, String ruleId) {}

    DecisionRecord withChain(long seq, String prev, String hash) {
        return new DecisionRecord(seq, hookInstance, serviceId, hook, issuer, receivedAt, elapsedMicros, status,
            inputSha256, rulesetVersion, rulesFired, cards, error, prev, hash);
    }
}
