package org.dxguard.guidelines.internal;

import java.util.List;
import org.dxguard.model.PatientFacts;

/**
 * A parsed scenario: given patient facts, expected rule firings (optionally with severity and action kind),
 * rules that must not fire, and whether nothing at all may fire.
 */
public record Scenario(String packageId, String file, String name, String description, PatientFacts given,
                       List<Expectation> fired, List<String> notFired, boolean silent) {

    /** One expected firing. */
    public record Expectation(String ruleId, String severity, String action) {}
}
