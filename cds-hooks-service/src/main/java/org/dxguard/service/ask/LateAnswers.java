package org.dxguard.service.ask;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.dxguard.service.explanations.CapabilityTokens;

/**
 * Model answers that missed the question's time budget: the link returned with the evidence-only answer
 * ({@code /ask/answers/{decisionId}?t=…}, an expiring capability bound to the decision and the calling issuer, as
 * the explanation pages), and the checked answer kept for the link's lifetime once it is written. Thread-safe.
 */
public final class LateAnswers {
    private final CapabilityTokens tokens;
    private final Supplier<URI> defaultBaseUrl;
    private final Duration ttl;
    private final Clock clock;
    private final Cache<String, AskAnswer> kept;
    private final Cache<String, Boolean> pending;

    LateAnswers(CapabilityTokens tokens, Supplier<URI> defaultBaseUrl, Duration ttl, Clock clock) {
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.defaultBaseUrl = Objects.requireNonNull(defaultBaseUrl, "defaultBaseUrl");
        this.ttl = ttl == null ? Duration.ofHours(24) : ttl;
        this.clock = clock;
        this.kept = Caffeine.newBuilder().expireAfterWrite(this.ttl.plusMinutes(1)).maximumSize(10_000).build();
        this.pending = Caffeine.newBuilder().expireAfterWrite(this.ttl.plusMinutes(1)).maximumSize(10_000).build();
    }

    /** A model answer is still being written for this decision: its link. */
    AskAnswer.LateAnswer pending(String decisionId, String issuer, URI baseUrl) {
        String key = key(decisionId, CapabilityTokens.issuerDigest(issuer));
        pending.put(key, Boolean.TRUE);
        URI base = baseUrl != null ? baseUrl : defaultBaseUrl.get();
        return new AskAnswer.LateAnswer("pending", AskService.lateUrl(base, decisionId,
            tokens.token(decisionId, issuer, clock.instant().plus(ttl))));
    }

    void keep(String decisionId, String issuer, AskAnswer answer) {
        String key = key(decisionId, CapabilityTokens.issuerDigest(issuer));
        kept.put(key, answer);
        pending.invalidate(key);
    }

    /** The state of a late answer for a verified link: the checked answer, pending (empty answer), or unknown. */
    record State(String status, AskAnswer answer) {}

    Optional<State> state(String decisionId, String issuerDigest) {
        String key = key(decisionId, issuerDigest);
        AskAnswer a = kept.getIfPresent(key);
        if (a != null) {
            return Optional.of(new State("ready", a));
        }
        return pending.getIfPresent(key) != null ? Optional.of(new State("pending", null)) : Optional.empty();
    }

    CapabilityTokens.Verified verify(String decisionId, String token) {
        return tokens.verify(decisionId, token, clock.instant());
    }

    private static String key(String decisionId, String issuerDigest) {
        return decisionId + "@" + issuerDigest;
    }
}
