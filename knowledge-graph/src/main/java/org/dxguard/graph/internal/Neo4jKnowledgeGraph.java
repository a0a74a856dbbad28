package org.dxguard.graph.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.dxguard.graph.Differential;
import org.dxguard.graph.EmbeddedNeo4j;
import org.dxguard.graph.GraphConfig;
import org.dxguard.graph.GraphErrors;
import org.dxguard.graph.GraphImports;
import org.dxguard.graph.KnowledgeGraph;
import org.dxguard.graph.RankQuery;
import org.dxguard.model.DxGuardException;
import org.neo4j.driver.AccessMode;
import org.neo4j.driver.AuthToken;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Config;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.Session;
import org.neo4j.driver.SessionConfig;
import org.neo4j.driver.TransactionConfig;
import org.neo4j.driver.exceptions.AuthenticationException;
import org.neo4j.driver.exceptions.ClientException;
import org.neo4j.driver.exceptions.Neo4jException;
import org.neo4j.driver.exceptions.ServiceUnavailableException;
import org.neo4j.driver.exceptions.SessionExpiredException;
import org.neo4j.driver.exceptions.TransientException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one {@link KnowledgeGraph} implementation: neo4j-java-driver against a server, a cluster or the embedded DBMS. */
public final class Neo4jKnowledgeGraph implements KnowledgeGraph {
    private static final Logger LOG = LoggerFactory.getLogger(Neo4jKnowledgeGraph.class);
    private static final long CACHE_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final GraphConfig config;
    private final Driver driver;
    private final EmbeddedNeo4j embedded;
    private volatile Cached cached;

    private record Cached(Map<String, Ranker.ModelParams> models, String version, long loadedAt,
                          StaticParams statics) {}

    private Neo4jKnowledgeGraph(GraphConfig config, Driver driver, EmbeddedNeo4j embedded) {
        this.config = config;
        this.driver = driver;
        this.embedded = embedded;
    }

    public static KnowledgeGraph connect(GraphConfig config) {
        EmbeddedNeo4j embedded = null;
        Driver driver;
        Config driverConfig = Config.builder()
            .withConnectionTimeout(config.connectionTimeout().toMillis(), TimeUnit.MILLISECONDS)
            .withMaxConnectionPoolSize(config.maxConnectionPoolSize())
            .withConnectionAcquisitionTimeout(config.connectionTimeout().toMillis(), TimeUnit.MILLISECONDS)
            .withMaxTransactionRetryTime(config.connectionTimeout().toMillis(), TimeUnit.MILLISECONDS)
            .withLogging(org.neo4j.driver.Logging.slf4j())
            .build();
        if (config.embedded()) {
            embedded = EmbeddedNeo4j.start(config.dataDir());
            driver = GraphDatabase.driver(embedded.boltUri(), AuthTokens.none(), driverConfig);
        } else {
            AuthToken auth = config.user() == null ? AuthTokens.none()
                : AuthTokens.basic(config.user(), config.password() == null ? "" : config.password());
            driver = GraphDatabase.driver(config.uri(), auth, driverConfig);
        }
        Neo4jKnowledgeGraph g = new Neo4jKnowledgeGraph(config, driver, embedded);
        try {
            GraphWriter writer = new GraphWriter(driver, config.database());
            writer.ensureSchema();
            writer.ensureRankingAdjacency();
            if (config.loadDefaultOnFirstStart() && g.imports().counts().diseases() == 0) {
                LOG.info("knowledge graph is empty: loading the default graph (Synthea disease modules)");
                g.imports().importSyntheaModules();
            }
        } catch (Neo4jException | DxGuardException e) {
            if (embedded != null) {
                g.close();
                if (e instanceof DxGuardException dx) {
                    throw dx;
                }
                throw translate((Neo4jException) e, "preparing the embedded graph");
            }
            LOG.warn("knowledge graph at {} is not ready ({}); the differential is unavailable until it is",
                config.uri(), e.getMessage());
        }
        return g;
    }

    Session readSession() {
        SessionConfig.Builder b = SessionConfig.builder().withDefaultAccessMode(AccessMode.READ);
        if (config.database() != null) {
            b.withDatabase(config.database());
        }
        return driver.session(b.build());
    }

    public Driver driver() {
        return driver;
    }

    public String database() {
        return config.database();
    }

    @Override
    public Differential rank(RankQuery query) {
        long t0 = System.nanoTime();
        Cached c = cache();
        try (Session s = readSession()) {
            // auto-commit reads: one round trip per statement (no BEGIN/COMMIT); a READ session routes them to
            // readers in a cluster
            TransactionConfig tc = TransactionConfig.builder().withTimeout(config.queryTimeout()).build();
            return Ranker.rank((cypher, params) -> s.run(new org.neo4j.driver.Query(cypher, params), tc).list(),
                query, c.models(), c.statics(), t0);
        } catch (Neo4jException e) {
            throw translate(e, "ranking");
        }
    }

    private static final java.util.Set<String> NEGATIVE_VALUES = java.util.Set.of("260385009", "2667000", "260415000");

    @Override
    public List<org.dxguard.model.Finding> findingsFor(org.dxguard.model.PatientFacts facts) {
        java.util.Map<String, Boolean> byKey = new java.util.LinkedHashMap<>();
        // where each mapped key was read (the first source of the presence that wins), so that the graph's finding
        // keeps the provenance of the coded one (a note's SNOMED-coded symptom is cited as the note)
        java.util.Map<String, org.dxguard.model.FindingSource> sources = new java.util.HashMap<>();
        for (org.dxguard.model.Condition c : facts.conditions()) {
            if (c.active()) {
                c.codes().forEach(code -> {
                    String k = Keys.concept(code);
                    if (byKey.putIfAbsent(k, true) == null) {
                        sources.put(k, org.dxguard.model.FindingSource.of(c.id() == null ? null : "Condition/" + c.id(),
                            org.dxguard.model.FindingSource.CODED, c.onset() == null ? null
                                : c.onset().atStartOfDay(java.time.ZoneOffset.UTC).toInstant(), null));
                    }
                });
            }
        }
        for (org.dxguard.model.Observation o : facts.observations()) {
            boolean negative = o.valueCode() != null && NEGATIVE_VALUES.contains(o.valueCode().code())
                || o.valueText() != null && o.valueText().trim().matches("(?i)negative|absent|not detected|no");
            o.codes().forEach(code -> {
                String k = Keys.concept(code);
                Boolean before = byKey.get(k);
                byKey.merge(k, !negative, Boolean::logicalOr);
                if (before == null || !before && !negative) {
                    sources.put(k, org.dxguard.model.FindingSource.of(o.id() == null ? null : "Observation/" + o.id(),
                        org.dxguard.model.FindingSource.CODED, o.effective(), null));
                }
            });
        }
        List<org.dxguard.model.Finding> out = new java.util.ArrayList<>(facts.findings());
        // findings coded in a standard terminology (a note's SNOMED-coded symptom) are mapped like observations;
        // present wins over absent
        for (org.dxguard.model.Finding f : facts.findings()) {
            if (f.value() == null) {
                String k = Keys.concept(f.code());
                Boolean before = byKey.get(k);
                byKey.merge(k, f.present(), Boolean::logicalOr);
                if ((before == null || !before && f.present()) && f.source() != null) {
                    sources.put(k, f.source());
                }
            }
        }
        if (byKey.isEmpty()) {
            return out;
        }
        java.util.Set<String> seen = new java.util.HashSet<>();
        facts.findings().forEach(f -> seen.add(Keys.concept(f.code())));
        try {
            // the mapping only changes with the knowledge base: cached per version (StaticParams), so after warm-up a
            // call asks the graph only for codes it has not seen before
            Map<String, List<org.dxguard.model.Code>> mapped = cache().statics().termFindings((cypher, params) -> {
                try (Session s = readSession()) {
                    return s.executeRead(tx -> tx.run(cypher, params).list());
                }
            }, byKey.keySet());
            for (Map.Entry<String, Boolean> e : byKey.entrySet()) {
                String k = e.getKey();
                for (org.dxguard.model.Code code : mapped.getOrDefault(k, List.of())) {
                    if (seen.add(Keys.concept(code))) {
                        out.add(new org.dxguard.model.Finding(code, e.getValue(), null, sources.get(k)));
                    }
                }
            }
            return out;
        } catch (Neo4jException e) {
            throw translate(e, "mapping conditions and observations to findings");
        }
    }

    @Override
    public List<org.dxguard.graph.GraphTerm> vocabulary() {
        try (Session s = readSession()) {
            return s.executeRead(tx -> {
                List<org.dxguard.graph.GraphTerm> out = new java.util.ArrayList<>();
                tx.run("MATCH (f:Finding) OPTIONAL MATCH (t:Term)-[:MAPS_TO]->(f) "
                    + "WITH f, collect(DISTINCT [t.system, t.code]) AS ts "
                    + "RETURN f.system AS system, f.code AS code, f.value AS value, f.kind AS kind, f.label AS label, "
                    + "f.synonyms AS synonyms, [x IN ts WHERE x[0] IS NOT NULL] AS terms, f.implies AS implies "
                    + "ORDER BY f.key").forEachRemaining(r -> out.add(new org.dxguard.graph.GraphTerm(
                        new org.dxguard.model.Code(r.get("system").asString(), r.get("code").asString(),
                            r.get("label").asString(null)), r.get("value").asString(null),
                        r.get("kind").asString("symptom"), r.get("label").asString(null),
                        r.get("synonyms").asList(org.neo4j.driver.Value::asString, List.of()),
                        r.get("terms").asList(v -> org.dxguard.model.Code.of(v.get(0).asString(), v.get(1).asString()),
                            List.of()),
                        r.get("implies").asList(v -> code(v.asString()), List.of()))));
                tx.run("MATCH (d:Disease) RETURN d.system AS system, d.code AS code, d.name AS name, "
                    + "d.synonyms AS synonyms ORDER BY d.key").forEachRemaining(r -> out.add(
                        new org.dxguard.graph.GraphTerm(new org.dxguard.model.Code(r.get("system").asString(),
                            r.get("code").asString(), r.get("name").asString(null)), null, "disease",
                            r.get("name").asString(null),
                            r.get("synonyms").asList(org.neo4j.driver.Value::asString, List.of()), List.of(),
                            List.of())));
                return out;
            });
        } catch (Neo4jException e) {
            throw translate(e, "reading the vocabulary");
        }
    }

    private static org.dxguard.model.Code code(String key) {
        int bar = key.lastIndexOf('|');
        return org.dxguard.model.Code.of(key.substring(0, bar), key.substring(bar + 1));
    }

    private Cached cache() {
        Cached c = cached;
        if (c != null && System.nanoTime() - c.loadedAt() < CACHE_NANOS) {
            return c;
        }
        try (Session s = readSession()) {
            Cached fresh = s.executeRead(tx -> {
                Map<String, Ranker.ModelParams> models = new HashMap<>();
                tx.run("MATCH (m:DifferentialModel) RETURN m.id AS id, m {.*} AS m").forEachRemaining(
                    r -> models.put(r.get("id").asString(), Ranker.ModelParams.from(r.get("m"))));
                List<String> parts = tx.run("MATCH (s:KnowledgeSource) RETURN s.version AS v, s.contentHash AS h "
                    + "ORDER BY s.name").list(r -> r.get("v").asString() + "\u0000" + r.get("h").asString(""));
                String version = versionOf(parts);
                StaticParams statics = c != null && c.version().equals(version) ? c.statics()
                    : new StaticParams(version);
                return new Cached(Map.copyOf(models), version, System.nanoTime(), statics);
            });
            cached = fresh;
            return fresh;
        } catch (Neo4jException e) {
            throw translate(e, "reading the knowledge base version");
        }
    }

    static String versionOf(List<String> parts) {
        if (parts.isEmpty()) {
            return "empty";
        }
        StringBuilder names = new StringBuilder();
        int hash = 1;
        for (String p : parts) {
            String[] vh = p.split("\u0000", 2);
            names.append(names.length() == 0 ? "" : "+").append(vh[0]);
            hash = 31 * hash + p.hashCode();
        }
        return names + "@" + String.format("%08x", hash);
    }

    /** Drops the cached model parameters and version (after an import). */
    public void invalidate() {
        cached = null;
    }

    @Override
    public String knowledgeBaseVersion() {
        return cache().version();
    }

    @Override
    public boolean healthy() {
        try (Session s = readSession()) {
            s.executeRead(tx -> tx.run("RETURN 1").consume());
            return true;
        } catch (RuntimeException e) {
            LOG.warn("knowledge graph health check failed: {}", e.getMessage());
            return false;
        }
    }

    @Override
    public GraphImports imports() {
        return GraphImports.on(this);
    }

    @Override
    public void close() {
        try {
            driver.close();
        } finally {
            if (embedded != null) {
                embedded.close();
            }
        }
    }

    static DxGuardException translate(Neo4jException e, String what) {
        if (e instanceof ServiceUnavailableException || e instanceof SessionExpiredException
            || e instanceof TransientException) {
            return new DxGuardException(GraphErrors.GRAPH_UNAVAILABLE, "Neo4j unavailable while " + what + ": "
                + e.getMessage(), e);
        }
        if (e instanceof AuthenticationException) {
            return new DxGuardException(GraphErrors.AUTH_FAILED, "Neo4j rejected the credentials while " + what, e);
        }
        if (e instanceof ClientException) {
            return new DxGuardException(GraphErrors.QUERY_FAILED, "Neo4j rejected a statement while " + what + ": "
                + e.getMessage(), e);
        }
        return new DxGuardException(GraphErrors.GRAPH_UNAVAILABLE, "Neo4j failed while " + what + ": "
            + e.getMessage(), e);
    }
}
