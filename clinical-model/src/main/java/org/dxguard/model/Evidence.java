package org.dxguard.model;

/**
 * One piece of evidence for or against a candidate diagnosis, with a stable id (so a model's output can cite it
 * and the veto can check the citation), the finding it is about and its weight in the ranking.
 */
public record Evidence(String id, Code finding, String label, double weight) {
    public Evidence {
        Checks.requireText(id, "evidence id");
        java.util.Objects.requireNonNull(finding, "evidence finding must not be null");
        label = label == null || label.isBlank() ? finding.code() : label;
    }
}
