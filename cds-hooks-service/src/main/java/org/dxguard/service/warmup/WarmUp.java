package org.dxguard.service.warmup;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.dxguard.fhir.FhirFacts;
import org.dxguard.service.audit.DecisionLog;
import org.dxguard.service.capacity.CapacityErrors;
import org.dxguard.service.cdshooks.CdsJson;
import org.dxguard.service.cdshooks.Hook;
import org.dxguard.service.cdshooks.ServiceDescriptor;
import org.dxguard.service.feedback.FeedbackStore;
import org.dxguard.service.hooks.ApiResult;
import org.dxguard.service.hooks.CdsHooksApi;
import org.dxguard.service.hooks.CdsService;
import org.dxguard.service.hooks.Decision;
import org.dxguard.service.hooks.HookCall;
import org.dxguard.service.prefetch.PrefetchResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The synthetic warm-up a new instance runs before {@code /health/ready} turns green, so that the JIT has compiled
 * the call path (HAPI parsing and mapping, Drools, cards, the decision record) before a load balancer sends it
 * clinicians' calls: without it a fresh replica serves its first minute at about twice the CPU per call.
 *
 * <p>It replays the packaged fixtures ({@code warm-up/fixtures.txt} beside this class: synthetic Synthea patients,
 * no real data) through the same parsing, prefetch, mapping and medication rules as real calls, for the configured
 * time, on half the cores (the JIT compilers get the rest). Nothing it does reaches the real decision log, the
 * feedback, the metrics of real calls or the graph and model: its decisions go to a scratch log under
 * {@code <data-dir>/warm-up}, deleted when it ends; patient-view fixtures are mapped to facts but not ranked. Its
 * per-call log lines are marked with the MDC key {@code dxguardWarmUp} (the packaged logback configuration drops
 * them); the start and the end, with the call count and how the call time fell, are logged at INFO.
 *
 * <p>Real calls that arrive meanwhile are answered as usual (the instance only reports itself not ready). A failing
 * warm-up call ends the warm-up ({@code DXG-0675}, WARN) and the instance turns ready: a warm-up never keeps an
 * instance out of service. Thread-safe.
 */
public final class WarmUp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WarmUp.class);
    /** MDC key set on the warm-up threads, so that a log configuration can leave their per-call lines out. */
    public static final String MDC_KEY = "dxguardWarmUp";
    private static final String FIXTURES = "warm-up/fixtures.txt";
    private static final String ISSUER = "urn:dxguard:warm-up";
    /** Calls timed at the start and at the end of the warm-up, for the log line that shows its effect. */
    private static final int SAMPLE = 50;

    /** Where the warm-up is. */
    public enum State { OFF, PENDING, RUNNING, DONE }

    /** One packaged call: the service it goes to and its body. */
    public record Fixture(String serviceId, String name, byte[] body) {}

    private final Duration budget;
    private final List<Fixture> fixtures;
    private final CdsHooksApi api;
    private final Path scratch;
    private final List<AutoCloseable> scratchResources;
    private final int threads;
    private volatile State state;
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicLong firstNanos = new AtomicLong();
    private final AtomicLong lastNanos = new AtomicLong();
    private final AtomicInteger lastCount = new AtomicInteger();
    private volatile long startedAt;
    private volatile long tookNanos;
    private volatile String failure;
    private volatile Thread runner;

    private WarmUp(Duration budget, List<Fixture> fixtures, CdsHooksApi api, Path scratch,
                   List<AutoCloseable> scratchResources, int threads) {
        this.budget = budget;
        this.fixtures = fixtures;
        this.api = api;
        this.scratch = scratch;
        this.scratchResources = scratchResources;
        this.threads = threads;
        this.state = budget.isZero() ? State.OFF : State.PENDING;
    }

    /** No warm-up: the instance is ready at once. */
    public static WarmUp off() {
        return new WarmUp(Duration.ZERO, List.of(), null, null, List.of(), 0);
    }

    /**
     * A warm-up of {@code budget} over the given services (the real ones: they keep no state per call), not
     * started yet ({@link #begin()}); {@link Duration#ZERO} gives {@link #off()}.
     *
     * @param dataDir the instance's data directory; the scratch decision log lives in {@code dataDir/warm-up}
     */
    public static WarmUp prepare(Duration budget, List<CdsService> services, CdsJson json, PrefetchResolver prefetch,
                                 FhirFacts fhir, Path dataDir) {
        Path scratch = dataDir.resolve("warm-up");
        deleteTree(scratch); // a warm-up cut short by a kill leaves its scratch log behind
        if (budget.isZero()) {
            return off();
        }
        List<AutoCloseable> opened = new ArrayList<>();
        FeedbackStore feedback = FeedbackStore.open(scratch);
        opened.add(feedback);
        DecisionLog decisions = DecisionLog.open(scratch, false);
        opened.add(decisions);
        List<CdsService> warmed = services.stream()
            .map(s -> s.hooks().contains(Hook.PATIENT_VIEW) ? new FactsOnly(s) : s).toList();
        CdsHooksApi api = new CdsHooksApi(warmed, json, prefetch, fhir, feedback, decisions, Clock.systemUTC());
        List<Fixture> fixtures = packagedFixtures().stream()
            .filter(f -> api.service(f.serviceId()).isPresent()).toList();
        int threads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors() / 2));
        return new WarmUp(budget, fixtures, api, scratch, opened, threads);
    }

    /** The packaged fixtures, in the order of {@code fixtures.txt}. */
    public static List<Fixture> packagedFixtures() {
        List<Fixture> out = new ArrayList<>();
        for (String line : resource(FIXTURES).split("\n")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            String[] parts = l.split("\\s+");
            out.add(new Fixture(parts[0], parts[1], resource("warm-up/" + parts[1]).getBytes(StandardCharsets.UTF_8)));
        }
        return List.copyOf(out);
    }

    private static String resource(String name) {
        try (InputStream in = WarmUp.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("packaged warm-up resource missing: " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Gauges {@code dxguard_warmup_done} (1 when finished or off), {@code dxguard_warmup_calls}, {@code _seconds}. */
    public void register(MeterRegistry registry) {
        Gauge.builder("dxguard.warmup.done", this, w -> w.finished() ? 1 : 0)
            .description("1 once the synthetic warm-up before ready has ended (or is off)").register(registry);
        Gauge.builder("dxguard.warmup.calls", calls, AtomicInteger::get)
            .description("Synthetic warm-up calls made since start").register(registry);
        Gauge.builder("dxguard.warmup.seconds", this, w -> w.took().toNanos() / 1e9)
            .description("How long the warm-up ran (so far)").register(registry);
    }

    /** Starts the warm-up in the background (once). */
    public synchronized void begin() {
        if (state != State.PENDING) {
            return;
        }
        if (fixtures.isEmpty()) {
            LOG.warn("{} warm-up skipped: no packaged fixture matches a service of this instance",
                CapacityErrors.WARM_UP_FAILED.code());
            finish(false);
            return;
        }
        state = State.RUNNING;
        startedAt = System.nanoTime();
        LOG.info("warm-up started: {} synthetic fixtures replayed for up to {} ms on {} thread(s); /health/ready "
            + "answers 503 until it ends", fixtures.size(), budget.toMillis(), threads);
        Thread t = new Thread(this::run, "dxguard-warm-up");
        t.setDaemon(true);
        runner = t;
        t.start();
    }

    private void run() {
        long deadline = startedAt + budget.toNanos();
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            int offset = i;
            Thread w = new Thread(() -> work(offset, deadline), "dxguard-warm-up-" + i);
            w.setDaemon(true);
            workers.add(w);
            w.start();
        }
        try {
            for (Thread w : workers) {
                w.join();
            }
        } catch (InterruptedException e) {
            workers.forEach(Thread::interrupt);
            Thread.currentThread().interrupt();
        }
        finish(true);
    }

    private void work(int offset, long deadline) {
        MDC.put(MDC_KEY, "true");
        try {
            for (int i = offset; System.nanoTime() < deadline && failure == null
                && !Thread.currentThread().isInterrupted(); i++) {
                Fixture f = fixtures.get(i % fixtures.size());
                long start = System.nanoTime();
                ApiResult result = api.call(f.serviceId(), f.body(), ISSUER);
                long took = System.nanoTime() - start;
                int n = calls.incrementAndGet();
                if (n <= SAMPLE) {
                    firstNanos.addAndGet(took);
                }
                if (deadline - System.nanoTime() < budget.toNanos() / 10) {
                    lastNanos.addAndGet(took);
                    lastCount.incrementAndGet();
                }
                if (result.status() != 200) {
                    Object code = result.body() instanceof ApiResult.ErrorBody e ? e.error().code() : "-";
                    failure = "fixture " + f.name() + " answered " + result.status() + " " + code;
                }
            }
        } catch (RuntimeException e) {
            failure = "a warm-up call failed: " + e.getClass().getSimpleName();
        } finally {
            MDC.remove(MDC_KEY);
        }
    }

    private synchronized void finish(boolean report) {
        if (state == State.DONE || state == State.OFF) {
            return;
        }
        tookNanos = startedAt == 0 ? 0 : System.nanoTime() - startedAt;
        for (int i = scratchResources.size() - 1; i >= 0; i--) {
            try {
                scratchResources.get(i).close();
            } catch (Exception e) {
                LOG.debug("closing the warm-up's scratch log failed: {}", e.toString());
            }
        }
        if (scratch != null) {
            deleteTree(scratch);
        }
        int n = calls.get();
        if (!report) {
            state = State.DONE;
            return;
        }
        if (failure != null) {
            LOG.warn("{} warm-up ended early after {} calls in {} ms: {}; ready without the rest of it",
                CapacityErrors.WARM_UP_FAILED.code(), n, tookNanos / 1_000_000, failure);
        } else {
            LOG.info("warm-up finished: {} calls in {} ms; mean call {} ms over the first {} calls, {} ms over the "
                + "last tenth of the time; ready", n, tookNanos / 1_000_000,
                fmt(firstNanos.get(), Math.min(n, SAMPLE)), Math.min(n, SAMPLE),
                fmt(lastNanos.get(), lastCount.get()));
        }
        // last: readiness turns green only once the scratch log is gone and the end is logged
        state = State.DONE;
    }

    private static String fmt(long nanos, int count) {
        return count == 0 ? "-" : String.format(java.util.Locale.ROOT, "%.2f", nanos / 1e6 / count);
    }

    public State state() {
        return state;
    }

    /** True once the warm-up ended (or when there is none): the instance may report itself ready. */
    public boolean finished() {
        return state == State.OFF || state == State.DONE;
    }

    public int calls() {
        return calls.get();
    }

    /** How long it ran (so far). */
    public Duration took() {
        if (state == State.RUNNING) {
            return Duration.ofNanos(System.nanoTime() - startedAt);
        }
        return Duration.ofNanos(tookNanos);
    }

    public Duration budget() {
        return budget;
    }

    /** Why it ended early, if it did. */
    public Optional<String> failure() {
        return Optional.ofNullable(failure);
    }

    /** What readiness reports about it. */
    public Map<String, Object> details() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("state", state.name().toLowerCase(java.util.Locale.ROOT));
        d.put("calls", calls.get());
        d.put("millis", took().toMillis());
        d.put("budgetMillis", budget.toMillis());
        if (failure != null) {
            d.put("endedEarly", failure);
        }
        return d;
    }

    /** Stops a running warm-up (server shutdown). */
    @Override
    public void close() {
        Thread t = runner;
        if (t != null) {
            t.interrupt();
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        finish(false);
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.debug("warm-up scratch directory not deleted: {}", e.toString());
        }
    }

    /** A patient-view service for the warm-up: the call is parsed and mapped to facts, nothing is ranked. */
    private record FactsOnly(CdsService real) implements CdsService {
        @Override
        public ServiceDescriptor descriptor() {
            return real.descriptor();
        }

        @Override
        public List<ServiceDescriptor> descriptors() {
            return real.descriptors();
        }

        @Override
        public List<Hook> hooks() {
            return real.hooks();
        }

        @Override
        public java.util.Set<String> optionalPrefetch() {
            return real.optionalPrefetch();
        }

        @Override
        public Decision decide(HookCall call) {
            return Decision.none();
        }
    }
}
