package org.dxguard.service.auth;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The jtis seen per issuer until their token expires. Bounded: it never holds more than {@code maxEntries}
 * entries. Expired entries are swept on an amortised schedule (at most every {@link #SWEEP_INTERVAL_MILLIS} of
 * clock time, by the one request thread that wins a try-lock) and whenever the cache is full (at most once per
 * {@link #FULL_SWEEP_INTERVAL_MILLIS}). A full cache of unexpired entries fails closed ({@link Result#FULL}):
 * forgetting a live jti would let its token be replayed.
 */
final class ReplayCache {
    static final long SWEEP_INTERVAL_MILLIS = 30_000;
    static final long FULL_SWEEP_INTERVAL_MILLIS = 1_000;

    enum Result { RECORDED, REPLAYED, FULL }

    private record Key(String issuer, String jti) {}

    private final ConcurrentHashMap<Key, Long> expiries = new ConcurrentHashMap<>();
    private final AtomicInteger size = new AtomicInteger();
    private final int maxEntries;
    private final ReentrantLock sweepLock = new ReentrantLock();
    private final AtomicLong nextSweepAt = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong nextFullSweepAt = new AtomicLong(Long.MIN_VALUE);

    ReplayCache(int maxEntries) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be positive");
        }
        this.maxEntries = maxEntries;
    }

    /**
     * Records {@code (issuer, jti)} until {@code expiresAtMillis}, atomically: of two concurrent calls with the
     * same pair, exactly one gets {@link Result#RECORDED}.
     */
    Result record(String issuer, String jti, long expiresAtMillis, long nowMillis) {
        if (nowMillis >= nextSweepAt.get()) {
            sweep(nowMillis, nextSweepAt, SWEEP_INTERVAL_MILLIS);
        }
        Key key = new Key(issuer, jti);
        Long seen = expiries.get(key);
        if (seen != null && seen > nowMillis) {
            return Result.REPLAYED;
        }
        if (!reserve(nowMillis)) {
            return Result.FULL;
        }
        while (true) {
            Long previous = expiries.putIfAbsent(key, expiresAtMillis);
            if (previous == null) {
                return Result.RECORDED;
            }
            if (previous > nowMillis) {
                size.decrementAndGet();
                return Result.REPLAYED;
            }
            // an expired entry for the same pair: take it over (size unchanged, so give the reservation back)
            if (expiries.replace(key, previous, expiresAtMillis)) {
                size.decrementAndGet();
                return Result.RECORDED;
            }
        }
    }

    /** Reserves room for one entry, sweeping expired entries first when full. */
    private boolean reserve(long nowMillis) {
        if (size.incrementAndGet() <= maxEntries) {
            return true;
        }
        size.decrementAndGet();
        if (nowMillis >= nextFullSweepAt.get()) {
            sweep(nowMillis, nextFullSweepAt, FULL_SWEEP_INTERVAL_MILLIS);
        }
        if (size.incrementAndGet() <= maxEntries) {
            return true;
        }
        size.decrementAndGet();
        return false;
    }

    private void sweep(long nowMillis, AtomicLong schedule, long interval) {
        if (!sweepLock.tryLock()) {
            return;
        }
        try {
            if (nowMillis < schedule.get()) {
                return;
            }
            schedule.set(nowMillis + interval);
            for (Iterator<Map.Entry<Key, Long>> it = expiries.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<Key, Long> e = it.next();
                if (e.getValue() <= nowMillis && expiries.remove(e.getKey(), e.getValue())) {
                    size.decrementAndGet();
                }
            }
        } finally {
            sweepLock.unlock();
        }
    }

    int size() {
        return size.get();
    }

    int maxEntries() {
        return maxEntries;
    }
}
