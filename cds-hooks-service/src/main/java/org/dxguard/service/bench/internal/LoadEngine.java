package org.dxguard.service.bench.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The closed-loop load generator shared by {@code bench call} and {@code bench replay}: C clients, each sending
 * its next call when the previous answer has arrived, on the JDK HTTP client (HTTP/1.1, keep-alive). Every call
 * gets a fresh hookInstance and a single-use token from a {@link TokenPool}; the clock runs from just before the
 * request is sent until its whole answer has been read (token signing is outside the measurement).
 */
public final class LoadEngine {
    /** The placeholder that a call's body carries where each request gets a fresh hookInstance. */
    public static final String PLACEHOLDER_INSTANCE = "00000000-0000-4000-8000-000000000000";

    /** One request template: {@code hook} labels it in the results; {@code body} holds the placeholder once. */
    public record Call(String hook, URI url, byte[] prefix, byte[] suffix) {
        public Call {
            Objects.requireNonNull(hook, "hook");
            Objects.requireNonNull(url, "url");
        }

        /** Splits {@code body} at {@link #PLACEHOLDER_INSTANCE} (a body without it is sent as is). */
        public static Call of(String hook, URI url, String body) {
            int at = body.indexOf(PLACEHOLDER_INSTANCE);
            if (at < 0) {
                return new Call(hook, url, body.getBytes(StandardCharsets.UTF_8), new byte[0]);
            }
            return new Call(hook, url, body.substring(0, at).getBytes(StandardCharsets.UTF_8),
                body.substring(at + PLACEHOLDER_INSTANCE.length()).getBytes(StandardCharsets.UTF_8));
        }

        public int bytes() {
            return prefix.length + (suffix.length == 0 ? 0 : PLACEHOLDER_INSTANCE.length() + suffix.length);
        }

        byte[] body() {
            if (suffix.length == 0) {
                return prefix;
            }
            byte[] id = UUID.randomUUID().toString().getBytes(StandardCharsets.US_ASCII);
            byte[] out = new byte[prefix.length + id.length + suffix.length];
            System.arraycopy(prefix, 0, out, 0, prefix.length);
            System.arraycopy(id, 0, out, prefix.length, id.length);
            System.arraycopy(suffix, 0, out, prefix.length + id.length, suffix.length);
            return out;
        }
    }

    /** When a run ends: after a number of calls, or at a deadline (calls in flight then still finish). */
    public record Stop(long calls, long deadlineNanos) {
        public static Stop after(long calls) {
            return new Stop(calls, Long.MAX_VALUE);
        }

        public static Stop at(Duration fromNow) {
            return new Stop(Long.MAX_VALUE, System.nanoTime() + fromNow.toNanos());
        }
    }

    /** What one run measured: per-hook statistics and its wall time. */
    public record Run(List<HookStats> byHook, double seconds, long tokensSignedInline) {}

    private final HttpClient client;
    private final int concurrency;
    private final TokenPool tokens;
    private final boolean readCards;
    private final Duration requestTimeout;

    public LoadEngine(int concurrency, TokenPool tokens, boolean readCards, Duration requestTimeout) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1, was " + concurrency);
        }
        this.concurrency = concurrency;
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.readCards = readCards;
        this.requestTimeout = requestTimeout;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    }

    public int concurrency() {
        return concurrency;
    }

    /**
     * Runs {@code calls} in order (cycling) from the clients until {@code stop}; each client takes the next call
     * of the shared sequence, which starts at the first call.
     */
    public Run run(List<Call> calls, Stop stop) {
        return run(calls, stop, 0);
    }

    /** {@link #run(List, Stop)} starting the sequence at call {@code first}. */
    public Run run(List<Call> calls, Stop stop, int first) {
        if (calls.isEmpty()) {
            throw new IllegalArgumentException("no calls to replay");
        }
        long start0 = Math.floorMod(first, calls.size());
        AtomicLong next = new AtomicLong(start0);
        long inlineBefore = tokens.signedInline();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency, r -> {
            Thread t = new Thread(r, "bench-client");
            t.setDaemon(true);
            return t;
        });
        long start = System.nanoTime();
        List<Future<HookStats.Set>> futures = new ArrayList<>();
        try {
            for (int c = 0; c < concurrency; c++) {
                futures.add(pool.submit(() -> client(calls, stop, next, start0)));
            }
            HookStats.Set total = new HookStats.Set();
            for (Future<HookStats.Set> f : futures) {
                total.merge(f.get());
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            return new Run(total.all(), seconds, tokens.signedInline() - inlineBefore);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a load client failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private HookStats.Set client(List<Call> calls, Stop stop, AtomicLong next, long first) {
        HookStats.Set stats = new HookStats.Set();
        long i;
        while (System.nanoTime() < stop.deadlineNanos() && (i = next.getAndIncrement()) - first < stop.calls()) {
            Call call = calls.get((int) (i % calls.size()));
            String token = tokens.take(call.url().toString());
            HttpRequest req = HttpRequest.newBuilder(call.url()).timeout(requestTimeout)
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(call.body())).build();
            long s = System.nanoTime();
            int status;
            byte[] body = null;
            try {
                HttpResponse<byte[]> resp = client.send(req, HttpResponse.BodyHandlers.ofByteArray());
                status = resp.statusCode();
                body = resp.body();
            } catch (IOException e) {
                status = 0;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            long elapsed = System.nanoTime() - s;
            stats.of(call.hook()).record(elapsed, status, readCards && status == 200 ? body : null);
        }
        return stats;
    }
}
