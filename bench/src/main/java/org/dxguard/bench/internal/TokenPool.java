package org.dxguard.bench.internal;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * Single-use caller tokens per audience (the exact URL called), signed ahead of a timed run so that the
 * measurement does not include the client's signing; when the pool of an audience runs dry a token is signed on
 * the spot and counted ({@link #signedInline()}). Thread-safe.
 */
public final class TokenPool {
    private final Function<String, String> signer;
    private final Map<String, ConcurrentLinkedQueue<String>> ready = new ConcurrentHashMap<>();
    private final LongAdder inline = new LongAdder();

    /** @param signer a fresh token (unique jti) for an audience */
    public TokenPool(Function<String, String> signer) {
        this.signer = Objects.requireNonNull(signer, "signer");
    }

    /** Signs {@code count} tokens for {@code audience} now, on all cores. */
    public void presign(String audience, int count) {
        ConcurrentLinkedQueue<String> queue = ready.computeIfAbsent(audience, a -> new ConcurrentLinkedQueue<>());
        IntStream.range(0, count).parallel().mapToObj(i -> signer.apply(audience)).forEach(queue::add);
    }

    /** A pre-signed token for {@code audience}, or one signed now when none is left. */
    public String take(String audience) {
        ConcurrentLinkedQueue<String> queue = ready.get(audience);
        String token = queue == null ? null : queue.poll();
        if (token != null) {
            return token;
        }
        inline.increment();
        return signer.apply(audience);
    }

    /** Drops every unused pre-signed token (e.g. after a warm-up, before signing fresh ones). */
    public void clear() {
        ready.clear();
    }

    public long signedInline() {
        return inline.sum();
    }
}
