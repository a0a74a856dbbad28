package org.dxguard.model;

import java.util.List;
import java.util.Objects;

/**
 * A candidate diagnosis from the knowledge graph: the disease, a probability-like score in [0, 1], its severity
 * (1 = most severe … 5), the evidence that supports it and the key findings that are missing.
 */
public record Candidate(Code disease, String name, double score, int severity, List<Evidence> supporting,
                        List<Evidence> missing) {
    public Candidate {
        Objects.requireNonNull(disease, "disease must not be null");
        Checks.requireText(name, "candidate name");
        if (!(score >= 0.0 && score <= 1.0)) {
            throw new IllegalArgumentException("candidate score must be in [0, 1], was " + score);
        }
        if (severity < 1 || severity > 5) {
            throw new IllegalArgumentException("severity must be 1..5, was " + severity);
        }
        supporting = Checks.copy(supporting);
        missing = Checks.copy(missing);
    }
}
