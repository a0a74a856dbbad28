package org.dxguard.reasoner.internal;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * A three-state circuit breaker. CLOSED: calls pass; {@code failureThreshold} consecutive failures open it. OPEN:
 * calls are refused until {@code openDuration} has passed, then it turns HALF_OPEN and lets exactly one trial call
 * through; the trial's success closes it, its failure opens it again for another {@code openDuration}.
 * Thread-safe; the clock is injectable for tests.
 */
public final class CircuitBreaker {
    public enum State { CLOSED, OPEN, HALF_OPEN }

    private final int failureThreshold;
    private final long openNanos;
    private final LongSupplier clock;

    private State state = State.CLOSED;
    private int consecutiveFailures;
    private long openedAt;
    private boolean trialInFlight;

    public CircuitBreaker(int failureThreshold, Duration openDuration) {
        this(failureThreshold, openDuration, System::nanoTime);
    }

    public CircuitBreaker(int failureThreshold, Duration openDuration, LongSupplier nanoClock) {
        if (failureThreshold < 1) {
            throw new IllegalArgumentException("failure threshold must be at least 1, was " + failureThreshold);
        }
        this.failureThreshold = failureThreshold;
        this.openNanos = openDuration.toNanos();
        this.clock = nanoClock;
    }

    /** True when a call may go ahead now; the caller must then report {@link #onSuccess()} or {@link #onFailure()}. */
    public synchronized boolean tryAcquire() {
        switch (state) {
            case CLOSED:
                return true;
            case OPEN:
                if (clock.getAsLong() - openedAt < openNanos) {
                    return false;
                }
                state = State.HALF_OPEN;
                trialInFlight = true;
                return true;
            case HALF_OPEN:
            default:
                if (trialInFlight) {
                    return false;
                }
                trialInFlight = true;
                return true;
        }
    }

    /** The acquired call never reached the server (e.g. the pool refused it): give back a half-open trial slot. */
    public synchronized void release() {
        trialInFlight = false;
    }

    public synchronized void onSuccess() {
        consecutiveFailures = 0;
        trialInFlight = false;
        state = State.CLOSED;
    }

    public synchronized void onFailure() {
        trialInFlight = false;
        consecutiveFailures++;
        if (state == State.HALF_OPEN || consecutiveFailures >= failureThreshold) {
            state = State.OPEN;
            openedAt = clock.getAsLong();
        }
    }

    /** The current state (an OPEN breaker whose wait is over still reads OPEN until the next call is tried). */
    public synchronized State state() {
        return state;
    }
}
