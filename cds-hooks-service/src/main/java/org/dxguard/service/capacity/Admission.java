package org.dxguard.service.capacity;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounded admission of hook calls: at most {@code maxConcurrent} calls decide at once; a call that finds them all
 * busy waits in a bounded queue ({@code maxQueued} calls) for at most {@code maxQueueWait}; past either bound it is
 * refused at once ({@link Ticket#admitted()} false; the HTTP layer answers {@code 503} with {@code Retry-After}).
 * Overload is shed, not queued: no call waits longer than {@code maxQueueWait} for a slot, so an EHR gets its
 * answer (or a quick refusal) within its budget instead of a late card.
 *
 * <p>A slot is for work on this process's cores. A call that goes on to wait for something outside (the FHIR server
 * for missing prefetch, the model for an explanation) hands its slot to the next call first
 * ({@link #leaveWhileWaiting()}) and finishes outside the limit, so that a slow model or FHIR server cannot starve
 * the medication checks.
 *
 * <p>Meters (Prometheus): {@code dxguard_admission_rejected_total{reason="queue-full|wait-timeout"}},
 * {@code dxguard_admission_wait_seconds} (how long admitted calls waited for a slot), gauges
 * {@code dxguard_admission_in_flight}, {@code dxguard_admission_waiting} and {@code dxguard_admission_limit}.
 * Thread-safe.
 */
public final class Admission {
    /** Refusal reasons, the {@code reason} label of the rejected counter. */
    public static final String QUEUE_FULL = "queue-full";
    public static final String WAIT_TIMEOUT = "wait-timeout";

    private static final ThreadLocal<Ticket> CURRENT = new ThreadLocal<>();

    private final int maxConcurrent;
    private final int maxQueued;
    private final long maxWaitNanos;
    private final Semaphore slots;
    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Counter queueFull;
    private final Counter waitTimeout;
    private final Timer waited;

    /**
     * @param maxConcurrent calls deciding at once (at least 1)
     * @param maxQueued     calls waiting for a slot at once (0: none wait; a call finding every slot busy is refused)
     * @param maxQueueWait  longest wait for a slot (0: none)
     * @param registry      where the meters go
     */
    public Admission(int maxConcurrent, int maxQueued, Duration maxQueueWait, MeterRegistry registry) {
        if (maxConcurrent < 1 || maxQueued < 0 || maxQueueWait.isNegative()) {
            throw new IllegalArgumentException("maxConcurrent >= 1, maxQueued >= 0, maxQueueWait >= 0");
        }
        this.maxConcurrent = maxConcurrent;
        this.maxQueued = maxQueued;
        this.maxWaitNanos = maxQueueWait.toNanos();
        this.slots = new Semaphore(maxConcurrent, true);
        queueFull = rejected(registry, QUEUE_FULL);
        waitTimeout = rejected(registry, WAIT_TIMEOUT);
        waited = Timer.builder("dxguard.admission.wait")
            .description("How long admitted hook calls waited for a decision slot")
            .publishPercentileHistogram().minimumExpectedValue(Duration.ofNanos(100_000))
            .maximumExpectedValue(Duration.ofSeconds(2)).register(registry);
        Gauge.builder("dxguard.admission.in.flight", inFlight, AtomicInteger::get)
            .description("Hook calls holding a decision slot now").register(registry);
        Gauge.builder("dxguard.admission.waiting", waiting, AtomicInteger::get)
            .description("Hook calls waiting for a decision slot now").register(registry);
        Gauge.builder("dxguard.admission.limit", this, a -> a.maxConcurrent)
            .description("Decision slots (--max-concurrent-calls)").register(registry);
    }

    private static Counter rejected(MeterRegistry registry, String reason) {
        return Counter.builder("dxguard.admission.rejected")
            .description("Hook calls refused with 503 because the service was at capacity").tag("reason", reason)
            .register(registry);
    }

    /**
     * Takes a slot for the calling thread: at once when one is free, else after waiting in the queue (bounded in
     * length and time). The returned ticket must be closed when the call is done; a refused ticket holds nothing.
     */
    public Ticket enter() throws InterruptedException {
        long start = System.nanoTime();
        if (!slots.tryAcquire()) {
            if (waiting.incrementAndGet() > maxQueued) {
                waiting.decrementAndGet();
                queueFull.increment();
                return new Ticket(this, false, QUEUE_FULL);
            }
            boolean got;
            try {
                got = maxWaitNanos > 0 && slots.tryAcquire(maxWaitNanos, TimeUnit.NANOSECONDS);
            } finally {
                waiting.decrementAndGet();
            }
            if (!got) {
                waitTimeout.increment();
                return new Ticket(this, false, WAIT_TIMEOUT);
            }
        }
        waited.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        inFlight.incrementAndGet();
        Ticket t = new Ticket(this, true, null);
        CURRENT.set(t);
        return t;
    }

    /**
     * The call on this thread is about to wait for something outside this process (model, FHIR server): its slot
     * goes to the next call now. Nothing happens outside an admitted call, or when the slot was already given up.
     */
    public static void leaveWhileWaiting() {
        Ticket t = CURRENT.get();
        if (t != null) {
            t.close();
        }
    }

    public int maxConcurrent() {
        return maxConcurrent;
    }

    public int maxQueued() {
        return maxQueued;
    }

    public Duration maxQueueWait() {
        return Duration.ofNanos(maxWaitNanos);
    }

    /** Calls holding a slot now. */
    public int inFlight() {
        return inFlight.get();
    }

    /** Calls waiting for a slot now. */
    public int waiting() {
        return waiting.get();
    }

    /** One call's admission: admitted (holding a slot until closed) or refused with a reason. */
    public static final class Ticket implements AutoCloseable {
        private final Admission admission;
        private final boolean admitted;
        private final String refusal;
        private boolean released;

        private Ticket(Admission admission, boolean admitted, String refusal) {
            this.admission = admission;
            this.admitted = admitted;
            this.refusal = refusal;
        }

        public boolean admitted() {
            return admitted;
        }

        /** {@link #QUEUE_FULL} or {@link #WAIT_TIMEOUT} when refused; null when admitted. */
        public String refusal() {
            return refusal;
        }

        /** Gives the slot back (once; a refused ticket holds none). Called on the thread that entered. */
        @Override
        public void close() {
            if (!admitted || released) {
                return;
            }
            released = true;
            if (CURRENT.get() == this) {
                CURRENT.remove();
            }
            admission.inFlight.decrementAndGet();
            admission.slots.release();
        }
    }
}
