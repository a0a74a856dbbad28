package org.dxguard.rules.veto.facts;

/**
 * A claim as the veto rules see it. {@code kind} is the {@link org.dxguard.model.Claim.Kind} name; {@code key} the
 * normalised subject (diagnoses: lower case letters and digits, matched to a known diagnosis when one contains the
 * other); {@code low}/{@code high} the range a recorded lab value must fall in for a quoted value to count as
 * grounded (canonical units, rounding tolerance included).
 */
public record ClaimFact(String claimId, String kind, String subject, String key, boolean negated, double low,
                        double high) {}
