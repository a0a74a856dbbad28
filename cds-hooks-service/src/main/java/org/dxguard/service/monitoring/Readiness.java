package org.dxguard.service.monitoring;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.dxguard.graph.KnowledgeGraph;
import org.dxguard.guidelines.GuidelineRepository;
import org.dxguard.reasoner.Explainer;
import org.dxguard.reasoner.ExplainerHealth;
import org.dxguard.service.audit.DecisionLog;
import org.dxguard.service.hooks.GraphHolder;
import org.dxguard.service.warmup.WarmUp;

/**
 * Whether this instance can serve medication safety now, and the state of every component behind it. Ready needs
 * an active rule set, a writable decision log and a writable data directory with room left: without them no card
 * can be answered safely (an answer is never sent before its decision record is on disk). The knowledge graph and
 * the model are optional: when they are down the instance stays ready and reports itself {@code DEGRADED} (the
 * differential card or the explanations are left out, medication safety is unaffected).
 *
 * <p>Cheap: a report is cached for {@code cacheFor} (1 s in the service), the graph's trivial read runs on a
 * background thread at most once per {@code cacheFor} and the last answer is reported, so probes never wait for
 * (or hammer) Neo4j. Thread-safe.
 */
public final class Readiness implements AutoCloseable {
    /** Below this much free space in the data directory the instance is not ready. */
    public static final long MIN_FREE_BYTES = 64L * 1024 * 1024;
    private static final int MAX_ERROR_CHARS = 500;

    /** Component states. {@code disabled} is configured off and not a degradation. */
    public static final String UP = "up";
    public static final String DEGRADED = "degraded";
    public static final String DOWN = "down";
    public static final String DISABLED = "disabled";
    public static final String CONNECTING = "connecting";
    /** The component name of the warm-up before ready. */
    public static final String WARM_UP = "warmUp";

    /** One component: its state and what an operator needs to know. */
    public record Component(String status, Map<String, Object> details) {
        public Component {
            details = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(details));
        }
    }

    /**
     * @param status     {@code UP} (all well), {@code DEGRADED} (ready, something optional is missing) or
     *                   {@code DOWN} (not ready)
     * @param reasons    why it is not {@code UP}, one line per component
     * @param components rules, graph, model, audit, dataDir, warmUp
     */
    public record Report(String status, boolean ready, List<String> reasons, Map<String, Component> components) {
        public Report {
            reasons = List.copyOf(reasons);
            components = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(components));
        }
    }

    private final GuidelineRepository guidelines;
    private final GraphHolder graph;
    private final Explainer explainer;
    private final DecisionLog decisions;
    private final Path dataDir;
    private final WarmUp warmUp;
    private final long cacheNanos;
    private final ExecutorService graphChecks;
    private final AtomicBoolean graphCheckRunning = new AtomicBoolean();
    private volatile Boolean graphHealthy;
    private volatile long graphCheckedAt = Long.MIN_VALUE / 2;
    private volatile Report cached;
    private volatile long cachedAt;

    public Readiness(GuidelineRepository guidelines, GraphHolder graph, Explainer explainer, DecisionLog decisions,
                     Path dataDir, Duration cacheFor) {
        this(guidelines, graph, explainer, decisions, dataDir, WarmUp.off(), cacheFor);
    }

    /**
     * @param warmUp the warm-up before ready: the instance is not ready while it runs (component {@code warmUp},
     *               {@code down} with state {@code pending}/{@code running}, then {@code up}, or {@code degraded} when
     *               it ended early; not listed when off). A report is not cached while it runs, so that ready turns
     *               green as soon as it ends.
     */
    public Readiness(GuidelineRepository guidelines, GraphHolder graph, Explainer explainer, DecisionLog decisions,
                     Path dataDir, WarmUp warmUp, Duration cacheFor) {
        this.warmUp = warmUp;
        this.guidelines = guidelines;
        this.graph = graph;
        this.explainer = explainer;
        this.decisions = decisions;
        this.dataDir = dataDir;
        this.cacheNanos = cacheFor.toNanos();
        this.graphChecks = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "dxguard-ready-graph");
            t.setDaemon(true);
            return t;
        });
    }

    /** The current report (at most {@code cacheFor} old). */
    public Report report() {
        Report r = cached;
        long now = System.nanoTime();
        if (r != null && now - cachedAt < cacheNanos && !warming(r)) {
            return r;
        }
        r = compute();
        cached = r;
        cachedAt = now;
        return r;
    }

    /** A report taken while the warm-up ran is not reused: ready turns green as soon as it ends. */
    private static boolean warming(Report r) {
        Component w = r.components().get(WARM_UP);
        return w != null && w.status().equals(DOWN);
    }

    private Report compute() {
        Map<String, Component> components = new LinkedHashMap<>();
        List<String> reasons = new ArrayList<>();
        components.put("rules", rules());
        components.put("graph", graph());
        components.put("model", model());
        components.put("audit", audit());
        components.put("dataDir", dataDir());
        if (warmUp.state() != WarmUp.State.OFF) {
            components.put(WARM_UP, warmUp());
        }
        boolean ready = true;
        boolean degraded = false;
        for (Map.Entry<String, Component> e : components.entrySet()) {
            String s = e.getValue().status();
            if (s.equals(UP) || s.equals(DISABLED)) {
                continue;
            }
            Object why = e.getValue().details().get("reason");
            reasons.add(e.getKey() + ": " + (why == null ? s : why));
            boolean essential = e.getKey().equals("rules") || e.getKey().equals("audit")
                || e.getKey().equals("dataDir") || e.getKey().equals(WARM_UP);
            if (essential && s.equals(DOWN)) {
                ready = false;
            } else {
                degraded = true;
            }
        }
        return new Report(!ready ? "DOWN" : degraded ? "DEGRADED" : "UP", ready, reasons, components);
    }

    private Component rules() {
        Map<String, Object> d = new LinkedHashMap<>();
        try {
            var active = guidelines.activeRuleSet();
            d.put("version", active.rulesetVersion());
            d.put("rules", active.rules().size());
        } catch (RuntimeException e) {
            d.put("reason", "no active rule set (" + e.getClass().getSimpleName() + "): medication safety cannot "
                + "be answered");
            return new Component(DOWN, d);
        }
        Optional<String> error = guidelines.lastReloadError();
        d.put("lastReload", error.isPresent() ? "failed" : "ok");
        if (error.isPresent()) {
            d.put("lastReloadError", clip(error.get()));
            d.put("reason", "the last guideline reload was rejected; the previous validated rule set keeps serving");
            return new Component(DEGRADED, d);
        }
        return new Component(UP, d);
    }

    private Component graph() {
        Map<String, Object> d = new LinkedHashMap<>();
        GraphHolder.State state = graph.state();
        switch (state) {
            case DISABLED -> {
                d.put("detail", graph.status());
                return new Component(DISABLED, d);
            }
            case CONNECTING -> {
                d.put("reason", graph.status() + "; the differential card is left out until it is up");
                return new Component(CONNECTING, d);
            }
            case DOWN -> {
                d.put("reason", clip(graph.status()) + "; the differential card is left out, medication safety is "
                    + "unaffected");
                return new Component(DOWN, d);
            }
            default -> { }
        }
        KnowledgeGraph g = graph.current().orElseThrow();
        d.put("knowledgeBase", g.knowledgeBaseVersion());
        refreshGraphHealth(g);
        Boolean healthy = graphHealthy;
        if (healthy == null) {
            d.put("check", "first check running");
            return new Component(UP, d);
        }
        d.put("lastCheckMillisAgo", (System.nanoTime() - graphCheckedAt) / 1_000_000);
        if (!healthy) {
            d.put("reason", "the knowledge graph does not answer a trivial read; the differential card is left out, "
                + "medication safety is unaffected");
            return new Component(DOWN, d);
        }
        return new Component(UP, d);
    }

    /** At most one check in flight and at most one per {@code cacheFor}; the probe never waits for it. */
    private void refreshGraphHealth(KnowledgeGraph g) {
        if (System.nanoTime() - graphCheckedAt < cacheNanos || !graphCheckRunning.compareAndSet(false, true)) {
            return;
        }
        try {
            graphChecks.execute(() -> {
                try {
                    graphHealthy = g.healthy();
                } catch (RuntimeException e) {
                    graphHealthy = false;
                } finally {
                    if (Boolean.FALSE.equals(graphHealthy)) {
                        graph.reportFailure(g, null); // the holder reconnects it, also without patient-view traffic
                    }
                    graphCheckedAt = System.nanoTime();
                    graphCheckRunning.set(false);
                }
            });
        } catch (RejectedExecutionException e) {
            graphCheckRunning.set(false);
        }
    }

    private Component model() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("modelId", explainer.modelId());
        ExplainerHealth health = explainer.health();
        d.put("kind", health.kind());
        if (health.circuit() == null) {
            return new Component(UP, d);
        }
        d.put("circuit", health.circuit().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
        if (health.circuit() == ExplainerHealth.Circuit.CLOSED) {
            return new Component(UP, d);
        }
        d.put("reason", health.circuit() == ExplainerHealth.Circuit.OPEN
            ? "model server unavailable (circuit open); cards go out without model explanations"
            : "model server being retried (circuit half-open); explanations may be missing");
        return new Component(DEGRADED, d);
    }

    private Component warmUp() {
        Map<String, Object> d = new LinkedHashMap<>(warmUp.details());
        return switch (warmUp.state()) {
            case DONE -> {
                if (warmUp.failure().isPresent()) {
                    d.put("reason", "the warm-up ended early; calls may cost more CPU until the JIT has compiled "
                        + "the call path");
                    yield new Component(DEGRADED, d);
                }
                yield new Component(UP, d);
            }
            default -> {
                d.put("reason", "warming up (synthetic calls, " + warmUp.calls() + " so far, at most "
                    + warmUp.budget().toMillis() + " ms): not ready until it ends");
                yield new Component(DOWN, d);
            }
        };
    }

    private Component audit() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("file", decisions.file().toString());
        if (!decisions.writable()) {
            d.put("reason", "the decision log is not writable: every answer would be withheld (503)");
            return new Component(DOWN, d);
        }
        return new Component(UP, d);
    }

    private Component dataDir() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("path", dataDir.toString());
        if (!Files.isDirectory(dataDir) || !Files.isWritable(dataDir)) {
            d.put("reason", "the data directory is not writable (feedback and decision records cannot be stored)");
            return new Component(DOWN, d);
        }
        try {
            long free = Files.getFileStore(dataDir).getUsableSpace();
            d.put("freeBytes", free);
            if (free < MIN_FREE_BYTES) {
                d.put("reason", "less than " + MIN_FREE_BYTES / (1024 * 1024) + " MiB free in the data directory");
                return new Component(DOWN, d);
            }
        } catch (IOException e) {
            d.put("reason", "free space unknown: " + e.getMessage());
            return new Component(DOWN, d);
        }
        return new Component(UP, d);
    }

    private static String clip(String s) {
        return s.length() > MAX_ERROR_CHARS ? s.substring(0, MAX_ERROR_CHARS) + "…" : s;
    }

    @Override
    public void close() {
        graphChecks.shutdownNow();
    }
}
