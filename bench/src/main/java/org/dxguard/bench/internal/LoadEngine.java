package org.dxguard.bench.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * The load generator shared by {@code bench call} and {@code bench replay}, on the JDK HTTP client (HTTP/1.1,
 * keep-alive), with one of two {@link Pacing}s:
 * <ul>
 *   <li><b>closed loop</b> (default): C clients, each sending its next call when the previous answer has arrived;
 *   the clock runs from just before the request is sent until its whole answer has been read. It answers "how fast
 *   can C clients go"; its latency is C / throughput (Little's law) once the machine is saturated.</li>
 *   <li><b>open loop</b> ({@link Pacing#fixedRate}): calls are due at a fixed rate R ({@link Schedule}) and sent
 *   from at most C slots (C calls in flight). A call's latency runs from its <em>intended</em> send time, so a
 *   call that had to wait for a free slot carries that wait (coordinated-omission correction, as wrk2 and k6's
 *   constant-arrival-rate do). Calls that started late are counted ({@link Run#lateStarts()}, worst delay
 *   {@link Run#maxStartDelayMs()}); calls due before a deadline that never started are {@link Run#dropped()}.
 *   The service time from the actual send is kept apart ({@link HookStats#servicePercentileMs}).</li>
 * </ul>
 * Every call gets a fresh hookInstance and a single-use token from a {@link TokenPool}; signing is outside the
 * measurement as long as the pool was sized for the run (see {@link #countByAudience}, {@link Schedule#tokensFor}).
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

    /** When a run ends: after a number of calls, or a duration after its start (calls in flight then finish). */
    public record Stop(long calls, Duration duration) {
        public Stop {
            if (calls < 0) {
                throw new IllegalArgumentException("calls must be >= 0, was " + calls);
            }
        }

        public static Stop after(long calls) {
            return new Stop(calls, null);
        }

        public static Stop at(Duration fromStart) {
            return new Stop(Long.MAX_VALUE, Objects.requireNonNull(fromStart, "fromStart"));
        }

        long deadline(long startNanos) {
            return duration == null ? Long.MAX_VALUE : startNanos + duration.toNanos();
        }
    }

    /** How calls are paced: closed loop, or open loop at a fixed arrival rate (calls per second). */
    public record Pacing(double ratePerSecond) {
        public Pacing {
            if (ratePerSecond < 0 || Double.isNaN(ratePerSecond) || Double.isInfinite(ratePerSecond)) {
                throw new IllegalArgumentException("rate must be a positive number of calls per second, was "
                    + ratePerSecond);
            }
        }

        public static Pacing closedLoop() {
            return new Pacing(0);
        }

        public static Pacing fixedRate(double perSecond) {
            if (!(perSecond > 0)) {
                throw new IllegalArgumentException("rate must be a positive number of calls per second, was "
                    + perSecond);
            }
            return new Pacing(perSecond);
        }

        public boolean open() {
            return ratePerSecond > 0;
        }

        /** {@code open} or {@code closed}. */
        public String mode() {
            return open() ? "open" : "closed";
        }
    }

    /**
     * What one run measured: per-hook statistics and its wall time; calls sent and the rate achieved; in an open
     * loop, the calls that started after their intended time because all slots were busy and the worst such delay,
     * and the calls due before the deadline that never started (0 in a closed loop).
     */
    public record Run(List<HookStats> byHook, double seconds, long tokensSignedInline, Pacing pacing, long sent,
                      double achievedRate, long lateStarts, double maxStartDelayMs, long dropped) {}

    private final HttpClient client;
    private final int concurrency;
    private final Pacing pacing;
    private final TokenPool tokens;
    private final boolean readCards;
    private final Duration requestTimeout;

    /** A closed-loop engine of {@code concurrency} clients. */
    public LoadEngine(int concurrency, TokenPool tokens, boolean readCards, Duration requestTimeout) {
        this(concurrency, Pacing.closedLoop(), tokens, readCards, requestTimeout);
    }

    /** An engine with at most {@code concurrency} calls in flight, paced by {@code pacing}. */
    public LoadEngine(int concurrency, Pacing pacing, TokenPool tokens, boolean readCards, Duration requestTimeout) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1, was " + concurrency);
        }
        this.concurrency = concurrency;
        this.pacing = Objects.requireNonNull(pacing, "pacing");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.readCards = readCards;
        this.requestTimeout = requestTimeout;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    }

    public int concurrency() {
        return concurrency;
    }

    public Pacing pacing() {
        return pacing;
    }

    /**
     * How many of the calls {@code first, first+1, ..., first+n-1} of the cycled sequence go to each audience
     * (URL): the tokens a run of {@code n} calls starting there draws from each audience's pool, since every run
     * hands out the sequence in order.
     */
    public static Map<String, Long> countByAudience(List<Call> calls, int first, long n) {
        Map<String, Long> out = new LinkedHashMap<>();
        if (calls.isEmpty() || n <= 0) {
            return out;
        }
        int size = calls.size();
        long cycles = n / size;
        long rest = n % size;
        for (int j = 0; j < size; j++) {
            long count = cycles + (j < rest ? 1 : 0);
            if (count > 0) {
                out.merge(calls.get(Math.floorMod(first + j, size)).url().toString(), count, Long::sum);
            }
        }
        return out;
    }

    /**
     * Runs {@code calls} in order (cycling) until {@code stop}; each client (slot) takes the next call of the
     * shared sequence, which starts at the first call.
     */
    public Run run(List<Call> calls, Stop stop) {
        return run(calls, stop, 0);
    }

    /** {@link #run(List, Stop)} starting the sequence at call {@code first}. */
    public Run run(List<Call> calls, Stop stop, int first) {
        if (calls.isEmpty()) {
            throw new IllegalArgumentException("no calls to replay");
        }
        Objects.requireNonNull(stop, "stop");
        long start0 = Math.floorMod(first, calls.size());
        long inlineBefore = tokens.signedInline();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency, r -> {
            Thread t = new Thread(r, "bench-client");
            t.setDaemon(true);
            return t;
        });
        try {
            return pacing.open() ? runOpen(pool, calls, stop, start0, inlineBefore)
                : runClosed(pool, calls, stop, start0, inlineBefore);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a load client failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private Run runClosed(ExecutorService pool, List<Call> calls, Stop stop, long first, long inlineBefore)
        throws InterruptedException, ExecutionException {
        AtomicLong next = new AtomicLong(first);
        long start = System.nanoTime();
        long deadline = stop.deadline(start);
        List<Future<HookStats.Set>> futures = new ArrayList<>();
        for (int c = 0; c < concurrency; c++) {
            futures.add(pool.submit(() -> closedClient(calls, stop.calls(), deadline, next, first)));
        }
        HookStats.Set total = new HookStats.Set();
        for (Future<HookStats.Set> f : futures) {
            total.merge(f.get());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long sent = total.all().stream().mapToLong(HookStats::calls).sum();
        return new Run(total.all(), seconds, tokens.signedInline() - inlineBefore, pacing, sent,
            seconds > 0 ? sent / seconds : 0, 0, 0, 0);
    }

    private HookStats.Set closedClient(List<Call> calls, long limit, long deadline, AtomicLong next, long first) {
        HookStats.Set stats = new HookStats.Set();
        long i;
        while (System.nanoTime() < deadline && (i = next.getAndIncrement()) - first < limit) {
            Call call = calls.get((int) (i % calls.size()));
            HttpRequest req = request(call);
            long s = System.nanoTime();
            Answer a = send(req);
            if (a == null) {
                break;
            }
            long elapsed = System.nanoTime() - s;
            stats.of(call.hook()).record(elapsed, a.status(), readCards && a.status() == 200 ? a.body() : null);
        }
        return stats;
    }

    /** Shared state of the open-loop slots. */
    private static final class OpenState {
        final AtomicLong ticket = new AtomicLong();
        final LongAdder sent = new LongAdder();
        final LongAdder late = new LongAdder();
        final AtomicLong maxDelayNanos = new AtomicLong();
        final AtomicLong lastSendNanos = new AtomicLong(Long.MIN_VALUE);
        final AtomicReference<Schedule> schedule = new AtomicReference<>();
        final CountDownLatch ready;
        final CountDownLatch go = new CountDownLatch(1);

        OpenState(int slots) {
            ready = new CountDownLatch(slots);
        }
    }

    private Run runOpen(ExecutorService pool, List<Call> calls, Stop stop, long first, long inlineBefore)
        throws InterruptedException, ExecutionException {
        OpenState st = new OpenState(concurrency);
        List<Future<HookStats.Set>> futures = new ArrayList<>();
        for (int c = 0; c < concurrency; c++) {
            futures.add(pool.submit(() -> openSlot(calls, stop, first, st)));
        }
        st.ready.await();
        // call 0 is due a moment from now, so that every idle slot holds its ticket before it is due
        Schedule schedule = new Schedule(pacing.ratePerSecond(), System.nanoTime() + 2_000_000L);
        st.schedule.set(schedule);
        st.go.countDown();
        HookStats.Set total = new HookStats.Set();
        for (Future<HookStats.Set> f : futures) {
            total.merge(f.get());
        }
        long end = System.nanoTime();
        long sent = st.sent.sum();
        long due = stop.duration() == null ? stop.calls()
            : Math.min(stop.calls(), schedule.dueBefore(stop.deadline(schedule.startNanos())));
        return new Run(total.all(), (end - schedule.startNanos()) / 1e9, tokens.signedInline() - inlineBefore,
            pacing, sent, schedule.achievedRate(sent, st.lastSendNanos.get()), st.late.sum(),
            st.maxDelayNanos.get() / 1e6, Math.max(0, due - sent));
    }

    private HookStats.Set openSlot(List<Call> calls, Stop stop, long first, OpenState st) throws InterruptedException {
        HookStats.Set stats = new HookStats.Set();
        st.ready.countDown();
        st.go.await();
        Schedule schedule = st.schedule.get();
        long deadline = stop.deadline(schedule.startNanos());
        while (!Thread.currentThread().isInterrupted()) {
            long k = st.ticket.getAndIncrement();
            if (k >= stop.calls()) {
                break;
            }
            long intended = schedule.intendedNanos(k);
            if (intended >= deadline) {
                break;
            }
            // a slot that takes its ticket after the call was due was busy when it was due: the call waited
            boolean late = System.nanoTime() > intended;
            Call call = calls.get((int) ((first + k) % calls.size()));
            HttpRequest req = request(call);    // built while waiting for the due time
            long wait;
            while ((wait = intended - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            if (System.nanoTime() >= deadline) {
                break;     // due before the deadline but could not start: counted as dropped
            }
            long s = System.nanoTime();
            if (late) {
                st.late.increment();
                st.maxDelayNanos.accumulateAndGet(s - intended, Math::max);
            }
            st.lastSendNanos.accumulateAndGet(s, Math::max);
            st.sent.increment();
            Answer a = send(req);
            if (a == null) {
                break;
            }
            long e = System.nanoTime();
            stats.of(call.hook()).record(e - intended, e - s, a.status(),
                readCards && a.status() == 200 ? a.body() : null);
        }
        return stats;
    }

    private HttpRequest request(Call call) {
        String token = tokens.take(call.url().toString());
        return HttpRequest.newBuilder(call.url()).timeout(requestTimeout)
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(call.body())).build();
    }

    private record Answer(int status, byte[] body) {}

    /** The answer (status 0: no answer, connection error or timeout), or null when interrupted. */
    private Answer send(HttpRequest req) {
        try {
            HttpResponse<byte[]> resp = client.send(req, HttpResponse.BodyHandlers.ofByteArray());
            return new Answer(resp.statusCode(), resp.body());
        } catch (IOException e) {
            return new Answer(0, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
