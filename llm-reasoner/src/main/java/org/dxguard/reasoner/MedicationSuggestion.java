package org.dxguard.reasoner;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * A medication or dose suggestion made by the explainer, as structured fields so the veto can check it against
 * the patient. {@code doseAmount}, {@code doseUnit} and {@code frequency} are null when no dose is suggested
 * (e.g. "stop metformin"). {@code action} is one of {@code start}, {@code stop}, {@code change}, {@code continue}.
 */
public record MedicationSuggestion(String drug, Double doseAmount, String doseUnit, String frequency, String action) {
    /** The allowed values of {@link #action()}. */
    public static final Set<String> ACTIONS = Set.of("start", "stop", "change", "continue");

    public MedicationSuggestion {
        drug = Texts.require(drug, "medication drug");
        if (doseAmount != null && !(doseAmount > 0 && !doseAmount.isInfinite())) {
            throw new IllegalArgumentException("dose amount must be a positive finite number, was " + doseAmount);
        }
        doseUnit = Texts.blankToNull(doseUnit);
        frequency = Texts.blankToNull(frequency);
        Objects.requireNonNull(action, "medication action must not be null");
        action = action.trim().toLowerCase(Locale.ROOT);
        if (!ACTIONS.contains(action)) {
            throw new IllegalArgumentException("medication action must be one of " + ACTIONS + ", was " + action);
        }
    }
}
