package org.dxguard.model;

import java.util.Objects;

/**
 * A structured dose: {@code amount} {@code unit} per administration, with an optional frequency and route.
 * Units are normalised to lower case UCUM-like spellings ({@code mg}, {@code g}, {@code [iU]} is written
 * {@code units}).
 */
public record Dose(double amount, String unit, DoseFrequency frequency, String route, Double maxPerDay) {
    /** A dose without a stated daily maximum. */
    public Dose(double amount, String unit, DoseFrequency frequency, String route) {
        this(amount, unit, frequency, route, null);
    }

    public Dose {
        if (!(amount > 0) || Double.isInfinite(amount)) {
            throw new IllegalArgumentException("dose amount must be a positive finite number, was " + amount);
        }
        Objects.requireNonNull(unit, "dose unit must not be null");
        unit = Units.normalise(unit);
        route = Checks.blankToNull(route);
        if (maxPerDay != null && !(maxPerDay > 0 && !maxPerDay.isInfinite())) {
            throw new IllegalArgumentException("maximum per day must be a positive finite number, was " + maxPerDay);
        }
    }

    /**
     * The most this order allows per day, in this dose's unit: amount × administrations per day, capped by
     * {@code maxPerDay} (FHIR {@code maxDosePerPeriod}) when both are known; {@code maxPerDay} alone when there is
     * no frequency; empty when neither is known (never assumed to be once daily).
     */
    public java.util.OptionalDouble daily() {
        if (frequency != null) {
            double d = amount * frequency.perDay();
            return java.util.OptionalDouble.of(maxPerDay == null ? d : Math.min(d, maxPerDay));
        }
        return maxPerDay == null ? java.util.OptionalDouble.empty() : java.util.OptionalDouble.of(maxPerDay);
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
