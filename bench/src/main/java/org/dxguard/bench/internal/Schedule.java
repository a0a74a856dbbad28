package org.dxguard.bench.internal;

/**
 * The arrival schedule of an open-loop run: call {@code k} (0-based) is due at {@code startNanos + k / rate}
 * seconds, whatever happened to the calls before it. Pure arithmetic on {@link System#nanoTime()} values.
 *
 * @param ratePerSecond calls per second, finite and positive
 * @param startNanos    when call 0 is due
 */
public record Schedule(double ratePerSecond, long startNanos) {
    public Schedule {
        if (!(ratePerSecond > 0) || Double.isInfinite(ratePerSecond)) {
            throw new IllegalArgumentException("rate must be a positive number of calls per second, was "
                + ratePerSecond);
        }
    }

    /** Nanoseconds between two consecutive calls. */
    public double intervalNanos() {
        return 1e9 / ratePerSecond;
    }

    /** When call {@code k} is due (its intended send time). */
    public long intendedNanos(long k) {
        return startNanos + (long) Math.floor(k * 1e9 / ratePerSecond);
    }

    /**
     * How many calls are due strictly before {@code deadlineNanos}, i.e. the calls a run stopping at that deadline
     * must send (or report as dropped).
     */
    public long dueBefore(long deadlineNanos) {
        if (deadlineNanos <= startNanos) {
            return 0;
        }
        long span = deadlineNanos - startNanos;
        long n = (long) Math.ceil(span / intervalNanos());
        // floating point at the boundary: the definition is "intendedNanos(k) < deadline"
        while (n > 0 && intendedNanos(n - 1) >= deadlineNanos) {
            n--;
        }
        while (intendedNanos(n) < deadlineNanos) {
            n++;
        }
        return n;
    }

    /**
     * The rate the run achieved: {@code sent} calls over the time from the start to the last send plus one
     * interval (a run that kept up exactly gives back the target rate). 0 when nothing was sent.
     */
    public double achievedRate(long sent, long lastSendNanos) {
        if (sent <= 0) {
            return 0;
        }
        double span = Math.max(1, lastSendNanos - startNanos) + intervalNanos();
        return sent * 1e9 / span;
    }

    /**
     * Tokens to pre-sign for an open-loop run of {@code seconds} at {@code ratePerSecond} on at most
     * {@code concurrency} calls in flight: rate × seconds × 1.1, plus one per slot (a slot may take its ticket just
     * before the end). The caller adds the warm-up's seconds when the warm-up draws on the same pool.
     */
    public static long tokensFor(double ratePerSecond, double seconds, int concurrency) {
        if (ratePerSecond <= 0 || seconds <= 0) {
            return concurrency;
        }
        return (long) Math.ceil(ratePerSecond * seconds * 11 / 10) + concurrency;
    }
}
