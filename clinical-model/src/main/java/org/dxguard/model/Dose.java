package org.dxguard.model;

import java.util.Objects;

/**
 * A structured dose: {@code amount} {@code unit} per administration, with an optional frequency and route.
 * Units are normalised to lower case UCUM-like spellings ({@code mg}, {@code g}, {@code [iU]} is written
 * {@code units}).
 */
public record Dose(double amount, String unit, DoseFrequency frequency, String route) {
    public Dose {
        if (!(amount > 0) || Double.isInfinite(amount)) {
            throw new IllegalArgumentException("dose amount must be a positive finite number, was " + amount);
        }
        Objects.requireNonNull(unit, "dose unit must not be null");
        unit = Units.normalise(unit);
        route = Checks.blankToNull(route);
    }

    /** Amount per day in this dose's unit, or the single amount when no frequency is known. */
    public double dailyAmount() {
        return frequency == null ? amount : amount * frequency.perDay();
    }

    /** This dose's amount per day in milligrams, when the unit is a mass unit. */
    public java.util.OptionalDouble dailyMilligrams() {
        return Units.toMilligrams(dailyAmount(), unit);
    }
}
