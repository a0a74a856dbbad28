package org.dxguard.service.faults;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Closed-loop load for fault tests: {@code clients} threads each send their next call when the previous answer
 * arrives, until {@link #stop()}. Every call is kept with its status, latency and body; a call that failed on the
 * client side (timeout, connection refused or reset) has status -1 and the error.
 */
final class FaultLoad {
    /** One call. {@code status} -1: no HTTP answer (see {@code error}). */
    record Call(String kind, int status, long startNanos, long nanos, String body, String error) {
        long millis() {
            return nanos / 1_000_000;
        }

        /** A 5xx, or no answer at all. */
        boolean failed() {
            return status >= 500 || status < 0;
        }
    }

    /** Makes one call (client index, sequence number within that client). */
    @FunctionalInterface
    interface Client {
        Call call(int client, long seq) throws Exception;
    }

    /** A JDK client as an EHR would use it: HTTP/1.1, keep-alive, a connect timeout. */
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();

    private final AtomicBoolean stop = new AtomicBoolean();
    private final ConcurrentLinkedQueue<Call> calls = new ConcurrentLinkedQueue<>();
    private final ExecutorService pool;

    private FaultLoad(int clients, Client client) {
        pool = Executors.newFixedThreadPool(clients, r -> {
            Thread t = new Thread(r, "fault-load-client");
            t.setDaemon(true);
            return t;
        });
        for (int c = 0; c < clients; c++) {
            int index = c;
            pool.submit(() -> {
                for (long seq = 0; !stop.get(); seq++) {
                    try {
                        calls.add(client.call(index, seq));
                    } catch (Exception e) {
                        calls.add(new Call("?", -1, System.nanoTime(), 0, null, e.toString()));
                    }
                }
                return null;
            });
        }
    }

    static FaultLoad start(int clients, Client client) {
        return new FaultLoad(clients, client);
    }

    /** Calls finished so far. */
    List<Call> calls() {
        return List.copyOf(calls);
    }

    /** Stops the clients, waits for their last calls (at most 60 s), and returns every call. */
    List<Call> stop() throws InterruptedException {
        stop.set(true);
        pool.shutdown();
        if (!pool.awaitTermination(60, TimeUnit.SECONDS)) {
            pool.shutdownNow();
            throw new AssertionError("load clients did not finish within 60 s of stop: a call hangs");
        }
        return List.copyOf(calls);
    }

    /** POSTs JSON with a bearer token (if not null) and a per-request timeout; never throws. */
    static Call post(String kind, String url, String token, byte[] body, Duration timeout) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return send(kind, b.build());
    }

    static Call send(String kind, HttpRequest request) {
        long start = System.nanoTime();
        try {
            HttpResponse<String> r = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            return new Call(kind, r.statusCode(), start, System.nanoTime() - start, r.body(), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Call(kind, -1, start, System.nanoTime() - start, null, e.toString());
        } catch (Exception e) {
            return new Call(kind, -1, start, System.nanoTime() - start, null, e.toString());
        }
    }

    static List<Call> of(List<Call> calls, String kind) {
        return calls.stream().filter(c -> c.kind().equals(kind)).toList();
    }

    static List<Call> where(List<Call> calls, Predicate<Call> p) {
        return calls.stream().filter(p).toList();
    }

    static Map<Integer, Long> statuses(List<Call> calls) {
        return calls.stream().collect(Collectors.groupingBy(Call::status, TreeMap::new, Collectors.counting()));
    }

    static long maxMillis(List<Call> calls) {
        return calls.stream().mapToLong(Call::millis).max().orElse(0);
    }

    /** The q-quantile (0..1) of the latencies in ms. */
    static long quantileMillis(List<Call> calls, double q) {
        if (calls.isEmpty()) {
            return 0;
        }
        List<Long> sorted = calls.stream().map(Call::millis).sorted().toList();
        return sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(q * sorted.size()) - 1));
    }

    /** A short description of the worst calls, for assertion messages. */
    static String worst(List<Call> calls, int n) {
        List<Call> sorted = new ArrayList<>(calls);
        sorted.sort(Comparator.comparingLong(Call::nanos).reversed());
        return sorted.stream().limit(n).map(c -> c.kind() + " " + c.status() + " " + c.millis() + " ms"
                + (c.error() != null ? " " + c.error() : "")
                + (c.body() != null ? " " + c.body().substring(0, Math.min(200, c.body().length())) : ""))
            .collect(Collectors.joining("\n"));
    }
}
