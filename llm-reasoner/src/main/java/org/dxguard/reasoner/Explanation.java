package org.dxguard.reasoner;

import java.util.List;

/** A validated differential explanation: one entry per explained candidate, in rank order, and a short summary. */
public record Explanation(List<CandidateExplanation> candidates, String summary) {
    public Explanation {
        candidates = candidates == null ? List.of() : List.copyOf(candidates);
        summary = summary == null ? "" : summary.strip();
    }

    /** Every evidence id cited by any candidate, in order of first citation. */
    public List<String> citedEvidenceIds() {
        return candidates.stream().flatMap(c -> c.citedEvidenceIds().stream()).distinct().toList();
    }

    /** Every guideline excerpt id cited by any candidate, in order of first citation. */
    public List<String> citedExcerptIds() {
        return candidates.stream().flatMap(c -> c.guidelineExcerptIds().stream()).distinct().toList();
    }
}
