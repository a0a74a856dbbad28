package org.dxguard.graph;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.dxguard.model.Candidate;

/**
 * The ranked differential diagnosis: candidates in rank order (most likely first; the whole calibrated differential
 * when the query asks for {@link RankQuery#ALL}), the "do not miss" candidates (severity 1–2 pathologies outside the
 * differential whose calibrated probability of belonging in it reaches the do-not-miss threshold; to be shown as such,
 * with that probability as {@code score}), the knowledge base version that produced them (for the card's source)
 * and the time the ranking took.
 */
public record Differential(List<Candidate> candidates, List<Candidate> doNotMiss, String knowledgeBaseVersion,
                           Duration elapsed) {
    public Differential {
        candidates = candidates == null ? List.of() : List.copyOf(candidates);
        doNotMiss = doNotMiss == null ? List.of() : List.copyOf(doNotMiss);
        Objects.requireNonNull(knowledgeBaseVersion, "knowledgeBaseVersion must not be null");
        elapsed = elapsed == null ? Duration.ZERO : elapsed;
    }

    public Differential(List<Candidate> candidates, String knowledgeBaseVersion, Duration elapsed) {
        this(candidates, List.of(), knowledgeBaseVersion, elapsed);
    }

    public boolean isEmpty() {
        return candidates.isEmpty();
    }
}
