package org.dxguard.graph;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.dxguard.model.Candidate;

/**
 * The ranked differential diagnosis: candidates in rank order (most likely first), the knowledge base version that
 * produced them (for the card's source) and the time the ranking took.
 */
public record Differential(List<Candidate> candidates, String knowledgeBaseVersion, Duration elapsed) {
    public Differential {
        candidates = candidates == null ? List.of() : List.copyOf(candidates);
        Objects.requireNonNull(knowledgeBaseVersion, "knowledgeBaseVersion must not be null");
        elapsed = elapsed == null ? Duration.ZERO : elapsed;
    }

    public boolean isEmpty() {
        return candidates.isEmpty();
    }
}
