package org.dxguard.graph.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.dxguard.graph.GraphImports.GraphCounts;
import org.neo4j.driver.Driver;
import org.neo4j.driver.Query;
import org.neo4j.driver.Session;
import org.neo4j.driver.SessionConfig;
import org.neo4j.driver.Values;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a {@link KnowledgeSet} idempotently: the source's relationships are replaced, its nodes merged by key,
 * so importing the same input twice leaves the same graph. Creates constraints and indexes first.
 */
public final class GraphWriter {
    private static final Logger LOG = LoggerFactory.getLogger(GraphWriter.class);
    private static final int BATCH = 5000;

    static final List<String> SCHEMA = List.of(
        "CREATE CONSTRAINT disease_key IF NOT EXISTS FOR (d:Disease) REQUIRE d.key IS UNIQUE",
        "CREATE CONSTRAINT finding_key IF NOT EXISTS FOR (f:Finding) REQUIRE f.key IS UNIQUE",
        "CREATE CONSTRAINT term_key IF NOT EXISTS FOR (t:Term) REQUIRE t.key IS UNIQUE",
        "CREATE CONSTRAINT source_name IF NOT EXISTS FOR (s:KnowledgeSource) REQUIRE s.name IS UNIQUE",
        "CREATE CONSTRAINT model_id IF NOT EXISTS FOR (m:DifferentialModel) REQUIRE m.id IS UNIQUE",
        "CREATE INDEX disease_code IF NOT EXISTS FOR (d:Disease) ON (d.system, d.code)",
        "CREATE INDEX finding_code IF NOT EXISTS FOR (f:Finding) ON (f.system, f.code)",
        "CREATE FULLTEXT INDEX finding_text IF NOT EXISTS FOR (f:Finding) ON EACH [f.label, f.synonymText]");

    private final Driver driver;
    private final String database;

    public GraphWriter(Driver driver, String database) {
        this.driver = driver;
        this.database = database;
    }

    private Session session() {
        return driver.session(database == null ? SessionConfig.defaultConfig()
            : SessionConfig.forDatabase(database));
    }

    public void ensureSchema() {
        try (Session s = session()) {
            for (String stmt : SCHEMA) {
                s.run(stmt).consume();
            }
            s.run("CALL db.awaitIndexes(120)").consume();
        }
    }

    public void write(KnowledgeSet ks) {
        ensureSchema();
        long t0 = System.nanoTime();
        String src = ks.source();
        try (Session s = session()) {
            // 1. drop what this source contributed before (relationships; nodes are merged below)
            s.run(new Query("MATCH (f:Finding) WHERE f.ddxModel = $s REMOVE f.ddxModel, f.ddxW", Map.of("s", src)))
                .consume();
            s.run(new Query("MATCH ()-[r:HAS_FINDING|MAPS_TO]->() WHERE r.source = $s "
                + "CALL { WITH r DELETE r } IN TRANSACTIONS OF 20000 ROWS", Map.of("s", src))).consume();
            s.run(new Query("MATCH (m:DifferentialModel {id: $s}) DETACH DELETE m", Map.of("s", src))).consume();

            batched(s, ks.diseases(), d -> {
                Map<String, Object> m = new HashMap<>(d.props());
                m.put("system", d.system());
                m.put("code", d.code());
                m.put("name", d.name());
                m.put("severity", d.severity());
                m.put("prior", d.prior());
                m.put("source", src);
                return Map.of("key", d.key(), "props", m);
            }, "UNWIND $rows AS r MERGE (d:Disease {key: r.key}) SET d += r.props");

            batched(s, ks.findings(), f -> {
                Map<String, Object> m = new HashMap<>();
                m.put("system", f.system());
                m.put("code", f.code());
                m.put("value", f.value());
                m.put("base", f.baseKey());
                m.put("label", f.label());
                m.put("kind", f.kind());
                m.put("dataType", f.dataType());
                m.put("synonyms", f.synonyms());
                m.put("synonymText", String.join(" | ", f.synonyms()));
                m.put("implies", f.implies());
                m.put("source", src);
                return Map.of("key", f.key(), "props", m);
            }, "UNWIND $rows AS r MERGE (f:Finding {key: r.key}) SET f += r.props");

            batched(s, ks.edges(), e -> Map.of("d", e.diseaseKey(), "f", e.findingKey(), "p", e.p(),
                    "k", e.keyFinding()),
                "UNWIND $rows AS r MATCH (d:Disease {key: r.d}) MATCH (f:Finding {key: r.f}) "
                    + "CREATE (d)-[:HAS_FINDING {p: r.p, key: r.k, source: $source}]->(f)", src);

            if (!ks.weights().isEmpty()) {
                // learned differential weights: one list per finding, aligned with the model's disease order
                @SuppressWarnings("unchecked")
                List<String> order = (List<String>) ks.model().get("diseases");
                Map<String, Integer> index = new HashMap<>();
                for (int i = 0; i < order.size(); i++) {
                    index.put(order.get(i), i);
                }
                Map<String, Double[]> rows = new java.util.LinkedHashMap<>();
                for (KnowledgeSet.WeightSpec w : ks.weights()) {
                    Double[] row = rows.computeIfAbsent(w.findingKey(), k -> {
                        Double[] z = new Double[order.size()];
                        java.util.Arrays.fill(z, 0.0);
                        return z;
                    });
                    row[index.get(w.diseaseKey())] = w.w();
                }
                batched(s, List.copyOf(rows.entrySet()), e -> Map.of("f", e.getKey(), "w", List.of(e.getValue())),
                    "UNWIND $rows AS r MATCH (f:Finding {key: r.f}) SET f.ddxW = r.w, f.ddxModel = $source", src);
            }

            batched(s, ks.terms(), t -> Map.of("key", Keys.concept(t.system(), t.code()), "system", t.system(),
                    "code", t.code(), "f", t.findingKey(), "close", t.close()),
                "UNWIND $rows AS r MATCH (f:Finding {key: r.f}) MERGE (t:Term {key: r.key}) "
                    + "SET t.system = r.system, t.code = r.code "
                    + "CREATE (t)-[:MAPS_TO {source: $source, close: r.close}]->(f)", src);

            if (ks.model() != null) {
                s.executeWriteWithoutResult(tx -> tx.run("MERGE (m:DifferentialModel {id: $s}) SET m += $p",
                    Map.of("s", src, "p", ks.model())).consume());
            }
            // 2. per-disease sums used by closed-world scoring, over all sources
            List<String> keys = ks.diseases().stream().map(KnowledgeSet.DiseaseSpec::key).toList();
            s.executeWriteWithoutResult(tx -> tx.run(
                "UNWIND $keys AS k MATCH (d:Disease {key: k}) "
                    + "OPTIONAL MATCH (d)-[h:HAS_FINDING]->(f:Finding) WHERE f.base IS NULL "
                    + "WITH d, sum(log(1.0 - h.p)) AS la, count(h) AS n SET d.logAbsent = la, d.findingCount = n",
                Map.of("keys", keys)).consume());
            writeRankingAdjacency(s);
            GraphCounts c = new GraphCounts(ks.diseases().size(), ks.findings().size(), ks.edges().size(),
                ks.weights().size(), ks.terms().size());
            s.executeWriteWithoutResult(tx -> tx.run(
                "MERGE (s:KnowledgeSource {name: $s}) SET s.version = $v, s.contentHash = $h, s.importedAt = $t, "
                    + "s.diseases = $nd, s.findings = $nf, s.edges = $ne",
                Map.of("s", src, "v", ks.version(), "h", ks.contentHash(), "t", Instant.now().toString(),
                    "nd", c.diseases(), "nf", c.findings(), "ne", c.edges())).consume());
        }
        LOG.info("imported knowledge source {} {}: {} diseases, {} findings, {} edges, {} weights in {} ms", src,
            ks.version(), ks.diseases().size(), ks.findings().size(), ks.edges().size(), ks.weights().size(),
            (System.nanoTime() - t0) / 1_000_000);
    }

    private <T> void batched(Session s, List<T> items, Function<T, Map<String, Object>> row, String cypher) {
        batched(s, items, row, cypher, null);
    }

    private <T> void batched(Session s, List<T> items, Function<T, Map<String, Object>> row, String cypher,
                             String source) {
        for (int i = 0; i < items.size(); i += BATCH) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (T item : items.subList(i, Math.min(items.size(), i + BATCH))) {
                rows.add(row.apply(item));
            }
            Map<String, Object> params = new HashMap<>();
            params.put("rows", rows);
            params.put("source", source == null ? Values.NULL : source);
            s.executeWriteWithoutResult(tx -> tx.run(cypher, params).consume());
        }
    }

    /**
     * The ranking adjacency: on every finding, the keys of the diseases that list it ({@code rankDiseases}), with
     * P(finding | disease) ({@code rankP}) and the key-finding flags ({@code rankKey}) in the same order, so the
     * ranking reads one node per present finding instead of every relationship. Rewritten for all findings after
     * each import (an import may remove edges of findings it does not mention).
     */
    private static void writeRankingAdjacency(Session s) {
        s.run(RANKING_ADJACENCY).consume();
    }

    private static final String RANKING_ADJACENCY = "MATCH (f:Finding) CALL { WITH f "
        + "OPTIONAL MATCH (d:Disease)-[h:HAS_FINDING]->(f) "
        + "WITH f, collect([d.key, h.p, coalesce(h.key, false)]) AS hs "
        + "WITH f, [x IN hs WHERE x[0] IS NOT NULL] AS hs "
        + "SET f.rankDiseases = [x IN hs | x[0]], f.rankP = [x IN hs | toFloat(x[1])], "
        + "f.rankKey = [x IN hs | x[2]] } IN TRANSACTIONS OF 2000 ROWS";

    /** Writes the ranking adjacency when a graph from an older version lacks it (once, on connect). */
    public void ensureRankingAdjacency() {
        try (Session s = session()) {
            boolean missing = s.run("MATCH (f:Finding) WHERE f.rankDiseases IS NULL RETURN count(f) > 0 AS m")
                .single().get("m").asBoolean();
            if (missing) {
                long t0 = System.nanoTime();
                writeRankingAdjacency(s);
                LOG.info("wrote the ranking adjacency of the knowledge graph in {} ms",
                    (System.nanoTime() - t0) / 1_000_000);
            }
        }
    }

    public GraphCounts counts() {
        try (Session s = session()) {
            return s.executeRead(tx -> {
                var r = tx.run("CALL { MATCH (d:Disease) RETURN count(d) AS d } "
                    + "CALL { MATCH (f:Finding) RETURN count(f) AS f } "
                    + "CALL { MATCH ()-[h:HAS_FINDING]->() RETURN count(h) AS h } "
                    + "CALL { MATCH (f:Finding) WHERE f.ddxW IS NOT NULL RETURN sum(size(f.ddxW)) AS w } "
                    + "CALL { MATCH (t:Term) RETURN count(t) AS t } RETURN d, f, h, w, t").single();
                return new GraphCounts(r.get("d").asInt(), r.get("f").asInt(), r.get("h").asInt(),
                    r.get("w").asInt(), r.get("t").asInt());
            });
        }
    }
}
