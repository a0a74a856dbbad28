package org.dxguard.service.hooks;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.dxguard.graph.KnowledgeGraph;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The knowledge graph, connected in the background so that the service answers (medication safety included)
 * while an embedded Neo4j starts and loads its default graph, and reconnected in the background when it fails.
 * Until it is ready, while it is down, or if it cannot be reached, the differential card is left out and
 * {@link #status()} says why.
 *
 * <p>Recovery: a user whose query failed calls {@link #reportFailure}. A background thread then checks the graph
 * ({@link KnowledgeGraph#healthy()}); a graph that still answers is kept (the failure was that query's). One that
 * does not is dropped and closed (for the embedded DBMS this releases its store), and the graph is connected
 * again, with a growing pause between attempts ({@code firstRetry}, doubled up to {@code maxRetry}), until it
 * answers. A failed first start is retried the same way. At most one connecting thread runs at a time.
 */
public final class GraphHolder implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GraphHolder.class);
    static final Duration DEFAULT_FIRST_RETRY = Duration.ofSeconds(1);
    static final Duration DEFAULT_MAX_RETRY = Duration.ofSeconds(30);

    /** Where the graph stands: configured off, still connecting, connected, or down (failed, retrying). */
    public enum State { DISABLED, CONNECTING, UP, DOWN }

    private final Supplier<KnowledgeGraph> connect;
    private final long firstRetryNanos;
    private final long maxRetryNanos;
    private final AtomicBoolean connecting = new AtomicBoolean();
    private final CountDownLatch closedSignal = new CountDownLatch(1);
    private final AtomicInteger connects = new AtomicInteger();
    private volatile KnowledgeGraph graph;
    private volatile Thread worker;
    private volatile boolean closed;
    /** True from a failed connection attempt or a dropped graph until the next successful connection. */
    private volatile boolean down;
    private volatile String status = "knowledge graph starting";
    private volatile boolean disabled;

    private GraphHolder(Supplier<KnowledgeGraph> connect, Duration firstRetry, Duration maxRetry) {
        this.connect = connect;
        this.firstRetryNanos = firstRetry.toNanos();
        this.maxRetryNanos = Math.max(firstRetry.toNanos(), maxRetry.toNanos());
    }

    /** Connects in a background thread; reconnects after failures (first pause 1 s, at most 30 s). */
    public static GraphHolder connectInBackground(Supplier<KnowledgeGraph> connect) {
        return connectInBackground(connect, DEFAULT_FIRST_RETRY, DEFAULT_MAX_RETRY);
    }

    /** As {@link #connectInBackground(Supplier)} with the pauses between connection attempts given. */
    public static GraphHolder connectInBackground(Supplier<KnowledgeGraph> connect, Duration firstRetry,
                                                  Duration maxRetry) {
        Objects.requireNonNull(connect, "connect");
        if (firstRetry.isNegative() || firstRetry.isZero()) {
            throw new IllegalArgumentException("firstRetry must be positive, was " + firstRetry);
        }
        GraphHolder holder = new GraphHolder(connect, firstRetry, maxRetry);
        holder.startConnecting(null);
        return holder;
    }

    /** No knowledge graph configured for this instance. */
    public static GraphHolder disabled() {
        GraphHolder h = new GraphHolder(null, DEFAULT_FIRST_RETRY, DEFAULT_MAX_RETRY);
        h.status = "knowledge graph disabled (--no-graph)";
        h.disabled = true;
        return h;
    }

    /** The graph when it is connected; empty while starting, down or reconnecting. */
    public Optional<KnowledgeGraph> current() {
        return Optional.ofNullable(graph);
    }

    /**
     * The start-up state (no query is run: {@link KnowledgeGraph#healthy()} tells whether an UP graph answers now).
     */
    public State state() {
        if (disabled) {
            return State.DISABLED;
        }
        if (graph != null) {
            return State.UP;
        }
        return down ? State.DOWN : State.CONNECTING;
    }

    public String status() {
        return status;
    }

    /** How many times a graph was connected (1 after the first start; each recovery adds one). */
    public int connects() {
        return connects.get();
    }

    /**
     * A query on {@code failed} (a graph {@link #current()} returned) failed. Returns at once; a background thread
     * checks the graph and reconnects if it no longer answers. Reports about a graph already replaced are ignored.
     */
    public void reportFailure(KnowledgeGraph failed, Throwable cause) {
        if (connect == null || failed == null || failed != graph) {
            return;
        }
        if (startConnecting(failed)) {
            LOG.debug("knowledge graph query failed ({}); checking the graph", String.valueOf(cause));
        }
    }

    private boolean startConnecting(KnowledgeGraph failed) {
        if (closed || !connecting.compareAndSet(false, true)) {
            return false;
        }
        Thread t = new Thread(() -> {
            boolean released = false;
            try {
                released = recover(failed);
            } finally {
                if (!released) {
                    connecting.set(false);
                }
            }
        }, "dxguard-graph-connect");
        t.setDaemon(true);
        worker = t;
        t.start();
        return true;
    }

    /** Checks and reconnects; true when it published a new graph and released the connecting flag itself. */
    private boolean recover(KnowledgeGraph failed) {
        long pause = 0;
        if (failed != null) {
            if (failed.healthy()) {
                return false;
            }
            synchronized (this) {
                if (graph != failed) {
                    return false;
                }
                graph = null;
                down = true;
            }
            status = "knowledge graph unavailable; reconnecting";
            LOG.warn("knowledge graph does not answer: the differential card is left out until it is reconnected; "
                + "medication safety is unaffected");
            closeQuietly(failed);
            pause = firstRetryNanos;
        }
        boolean firstStart = failed == null && connects.get() == 0;
        for (int attempt = 1; !closed; attempt++) {
            if (pause > 0 && pauseInterrupted(pause)) {
                return false;
            }
            long start = System.nanoTime();
            KnowledgeGraph g = null;
            try {
                g = connect.get();
                if (!g.healthy()) {
                    throw new IllegalStateException("connected, but the graph does not answer a read");
                }
                String version = g.knowledgeBaseVersion();
                synchronized (this) {
                    if (closed) {
                        closeQuietly(g);
                        return false;
                    }
                    connects.incrementAndGet();
                    status = "knowledge graph ready (" + version + ")";
                    graph = g;
                    down = false;
                    // from here a failure of the new graph starts a new check (a report arriving now is not lost)
                    connecting.set(false);
                }
                LOG.info("{} after {} ms{}", status, (System.nanoTime() - start) / 1_000_000,
                    firstStart ? "" : " (reconnected, attempt " + attempt + ")");
                return true;
            } catch (RuntimeException e) {
                closeQuietly(g);
                pause = pause == 0 ? firstRetryNanos : Math.min(maxRetryNanos, pause * 2);
                status = (firstStart ? "knowledge graph failed to start: " : "knowledge graph unavailable: ")
                    + e.getMessage() + "; retrying in " + TimeUnit.NANOSECONDS.toMillis(pause) + " ms";
                down = true;
                if (attempt == 1) {
                    LOG.error("{}; the differential card is left out, medication safety is unaffected", status, e);
                } else {
                    LOG.warn("{} (attempt {})", status, attempt);
                }
            }
        }
        return false;
    }

    /** Sleeps; true when the holder was closed meanwhile. */
    private boolean pauseInterrupted(long nanos) {
        try {
            return closedSignal.await(nanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    private static void closeQuietly(KnowledgeGraph g) {
        if (g == null) {
            return;
        }
        try {
            g.close();
        } catch (RuntimeException e) {
            LOG.debug("closing the failed knowledge graph: {}", e.toString());
        }
    }

    /** Stops reconnecting, waits (at most 60 s) for a connection attempt under way, and closes the graph. */
    @Override
    public void close() {
        KnowledgeGraph g;
        synchronized (this) {
            closed = true;
            g = graph;
            graph = null;
        }
        closedSignal.countDown();
        Thread w = worker;
        if (w != null && w != Thread.currentThread()) {
            try {
                w.join(60_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        closeQuietly(g);
    }
}
