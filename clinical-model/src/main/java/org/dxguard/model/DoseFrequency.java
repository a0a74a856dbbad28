package org.dxguard.model;

/**
 * How often a dose is given: {@code count} times per {@code periodDays} days (e.g. twice daily = 2 per 1.0 day,
 * weekly = 1 per 7.0 days). {@code asNeeded} for PRN orders.
 */
public record DoseFrequency(int count, double periodDays, boolean asNeeded) {
    public static final DoseFrequency ONCE_DAILY = new DoseFrequency(1, 1.0, false);
    public static final DoseFrequency TWICE_DAILY = new DoseFrequency(2, 1.0, false);

    public DoseFrequency {
        if (count < 1) {
            throw new IllegalArgumentException("frequency count must be at least 1, was " + count);
        }
        if (!(periodDays > 0)) {
            throw new IllegalArgumentException("frequency period must be positive, was " + periodDays);
        }
    }

    public double perDay() {
        return count / periodDays;
    }
}
