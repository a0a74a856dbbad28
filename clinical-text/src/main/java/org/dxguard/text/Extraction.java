package org.dxguard.text;

import java.util.Objects;

/** The result of {@link ClinicalText#extract}: the analysis and the FHIR R4 Bundle as JSON, with resource counts. */
public record Extraction(TextAnalysis analysis, String bundleJson, int conditions, int observations,
                         int medicationStatements) {
    public Extraction {
        Objects.requireNonNull(analysis, "analysis");
        Objects.requireNonNull(bundleJson, "bundleJson");
    }
}
