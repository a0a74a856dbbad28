package org.dxguard.rules.veto.facts;

/**
 * A result the text states (a {@code RESULT} claim) as the grounding check found it (VETO-GRD-006): {@code kind} the
 * result kind ({@code result-kinds.csv}), {@code quoted} what the text says ("TSH 0.1 mIU/L", "CRP normal", "CT:
 * a described result"), {@code grounded} whether the case holds it (same kind; value within rounding and unit
 * conversion; a reading consistent with the recorded value; within the time the sentence names), {@code reason} why
 * not.
 */
public record StatedResult(String claimId, String kind, String quoted, boolean grounded, String reason) {}
