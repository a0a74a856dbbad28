package org.dxguard.text;

import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * A stated duration or time since onset: {@code amount} {@code unit}s before the note ("for 3 weeks", "x2 days",
 * 三周, 2月余, since yesterday = 1 day), with the text and span it was read from.
 */
public record Duration(double amount, ChronoUnit unit, String text, Span span) {
    public Duration {
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(span, "span");
        if (!(amount >= 0)) {
            throw new IllegalArgumentException("duration must be >= 0, was " + amount);
        }
    }

    /** Approximate length in days (months = 30 days, years = 365 days). */
    public double days() {
        return switch (unit) {
            case HOURS -> amount / 24;
            case WEEKS -> amount * 7;
            case MONTHS -> amount * 30;
            case YEARS -> amount * 365;
            default -> amount;
        };
    }
}
