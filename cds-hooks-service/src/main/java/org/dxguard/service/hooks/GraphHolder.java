package org.dxguard.service.hooks;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.dxguard.graph.KnowledgeGraph;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The knowledge graph, connected in the background so that the service answers (medication safety included)
 * while an embedded Neo4j starts and loads its default graph. Until it is ready, or if it fails, the differential
 * card is left out and {@link #status()} says why.
 */
public final class GraphHolder implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GraphHolder.class);

    /** Where the graph stands: configured off, still connecting, connected, or failed to start. */
    public enum State { DISABLED, CONNECTING, UP, DOWN }

    private final CompletableFuture<KnowledgeGraph> future;
    private volatile String status = "knowledge graph starting";
    private volatile boolean disabled;

    private GraphHolder(CompletableFuture<KnowledgeGraph> future) {
        this.future = future;
    }

    /** Connects in a background thread. */
    public static GraphHolder connectInBackground(Supplier<KnowledgeGraph> connect) {
        CompletableFuture<KnowledgeGraph> f = new CompletableFuture<>();
        GraphHolder holder = new GraphHolder(f);
        Thread t = new Thread(() -> {
            long start = System.nanoTime();
            try {
                KnowledgeGraph g = connect.get();
                holder.status = "knowledge graph ready (" + g.knowledgeBaseVersion() + ")";
                LOG.info("{} after {} ms", holder.status, (System.nanoTime() - start) / 1_000_000);
                f.complete(g);
            } catch (RuntimeException e) {
                holder.status = "knowledge graph failed to start: " + e.getMessage();
                LOG.error("{}; the differential card is left out, medication safety is unaffected", holder.status, e);
                f.completeExceptionally(e);
            }
        }, "dxguard-graph-start");
        t.setDaemon(true);
        t.start();
        return holder;
    }

    /** No knowledge graph configured for this instance. */
    public static GraphHolder disabled() {
        GraphHolder h = new GraphHolder(new CompletableFuture<>());
        h.status = "knowledge graph disabled (--no-graph)";
        h.disabled = true;
        return h;
    }

    public Optional<KnowledgeGraph> current() {
        return future.isDone() && !future.isCompletedExceptionally() ? Optional.of(future.join()) : Optional.empty();
    }

    /**
     * The start-up state (no query is run: {@link KnowledgeGraph#healthy()} tells whether an UP graph answers now).
     */
    public State state() {
        if (disabled) {
            return State.DISABLED;
        }
        if (!future.isDone()) {
            return State.CONNECTING;
        }
        return future.isCompletedExceptionally() ? State.DOWN : State.UP;
    }

    public String status() {
        return status;
    }

    @Override
    public void close() {
        future.thenAccept(KnowledgeGraph::close);
    }
}
