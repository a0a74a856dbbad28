package org.dxguard.graph;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.dxguard.graph.internal.Neo4jKnowledgeGraph;

/** One embedded Neo4j per test JVM (start takes seconds), with a wipe between test classes. */
final class TestGraph {
    private static KnowledgeGraph graph;
    private static Path dir;

    private TestGraph() {}

    static synchronized KnowledgeGraph get() {
        if (graph == null) {
            try {
                dir = Files.createTempDirectory("dxguard-graph-it");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            graph = KnowledgeGraph.connect(GraphConfig.builder().dataDir(dir.resolve("store"))
                .loadDefaultOnFirstStart(false).build());
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                graph.close();
                deleteTree(dir);
            }));
        }
        return graph;
    }

    /** An empty graph (all nodes and relationships removed; schema kept). */
    static synchronized KnowledgeGraph clean() {
        KnowledgeGraph g = get();
        Neo4jKnowledgeGraph n = (Neo4jKnowledgeGraph) g;
        try (var s = n.driver().session()) {
            s.run("MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume();
        }
        n.invalidate();
        return g;
    }

    static void deleteTree(Path p) {
        if (p == null || !Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            s.sorted(Comparator.reverseOrder()).forEach(x -> x.toFile().delete());
        } catch (IOException ignored) {
            // best effort in a shutdown hook
        }
    }
}
