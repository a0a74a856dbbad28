package org.dxguard.graph;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.dxguard.graph.internal.Neo4jKnowledgeGraph;
import org.dxguard.model.Code;
import org.dxguard.model.Finding;
import org.dxguard.model.PatientFacts;
import org.dxguard.model.Sex;
import org.neo4j.driver.Record;
import org.neo4j.driver.Session;
import org.neo4j.driver.SessionConfig;

/**
 * Synthetic cases sampled from the knowledge graph itself: a disease (uniformly), its findings drawn with their
 * edge probabilities P(finding | disease), a few noise findings from the whole graph, a random age and sex. The
 * facts are what an EHR call would carry (findings only); ranking is left to the caller (the real ranking API).
 * Deterministic for a seed and a graph. Used to write fine-tuning data for the explainer
 * ({@code dxguard reasoner export-training-data}).
 */
public final class CaseSampler {
    /** The moment every sampled case describes. */
    public static final Instant AS_OF = Instant.parse("2026-01-01T00:00:00Z");
    private static final String Q_EDGES = """
        MATCH (d:Disease)-[r:HAS_FINDING]->(f:Finding)
        RETURN d.key AS disease, f.system AS system, f.code AS code, f.value AS value, f.label AS label, r.p AS p
        ORDER BY disease, f.key""";

    record GraphFinding(String system, String code, String value, String label, double p) {
        Finding present() {
            return new Finding(new Code(system, code, label), true, value);
        }
    }

    private final List<String> diseases;
    private final Map<String, List<GraphFinding>> findingsByDisease;
    private final List<GraphFinding> allFindings;
    private final Random random;
    private final int maxFindings;
    private final int maxNoise;

    private CaseSampler(Map<String, List<GraphFinding>> byDisease, long seed, int maxFindings, int maxNoise) {
        this.findingsByDisease = byDisease;
        this.diseases = List.copyOf(byDisease.keySet());
        Map<String, GraphFinding> unique = new LinkedHashMap<>();
        byDisease.values().forEach(l -> l.forEach(f -> unique.putIfAbsent(f.system() + "|" + f.code() + "=" + f.value(), f)));
        this.allFindings = List.copyOf(unique.values());
        this.random = new Random(seed);
        this.maxFindings = maxFindings;
        this.maxNoise = maxNoise;
    }

    /**
     * Reads every disease and its findings with P(finding | disease) from the graph.
     *
     * @param maxFindings the most findings drawn from the disease
     * @param maxNoise    the most findings added from the whole graph
     */
    public static CaseSampler from(KnowledgeGraph graph, long seed, int maxFindings, int maxNoise) {
        if (!(graph instanceof Neo4jKnowledgeGraph g)) {
            throw new IllegalArgumentException("training cases need the Neo4j knowledge graph, got " + graph.getClass());
        }
        SessionConfig.Builder cfg = SessionConfig.builder();
        if (g.database() != null) {
            cfg.withDatabase(g.database());
        }
        Map<String, List<GraphFinding>> byDisease = new LinkedHashMap<>();
        try (Session s = g.driver().session(cfg.build())) {
            for (Record r : s.run(Q_EDGES).list()) {
                String value = r.get("value").isNull() ? null : r.get("value").asString();
                String label = r.get("label").isNull() ? null : r.get("label").asString();
                byDisease.computeIfAbsent(r.get("disease").asString(), k -> new ArrayList<>())
                    .add(new GraphFinding(r.get("system").asString(), r.get("code").asString(), value, label,
                        r.get("p").asDouble()));
            }
        }
        return new CaseSampler(byDisease, seed, maxFindings, maxNoise);
    }

    public int diseaseCount() {
        return diseases.size();
    }

    /** The next sampled case; never empty of present findings. */
    public PatientFacts next() {
        String disease = diseases.get(random.nextInt(diseases.size()));
        List<GraphFinding> edges = findingsByDisease.get(disease);
        List<Finding> findings = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        for (GraphFinding f : edges) {
            if (random.nextDouble() < f.p() && findings.size() < maxFindings) {
                add(f, findings, keys);
            }
        }
        if (findings.isEmpty()) {
            add(edges.stream().max((a, b) -> Double.compare(a.p(), b.p())).orElseThrow(), findings, keys);
        }
        int noise = random.nextInt(maxNoise + 1);
        for (int i = 0; i < noise; i++) {
            add(allFindings.get(random.nextInt(allFindings.size())), findings, keys);
        }
        java.util.Collections.shuffle(findings, random);
        return PatientFacts.builder()
            .ageYears(1 + random.nextInt(95))
            .sex(random.nextBoolean() ? Sex.FEMALE : Sex.MALE)
            .findings(findings)
            .asOf(AS_OF)
            .build();
    }

    private static void add(GraphFinding f, List<Finding> findings, List<String> keys) {
        String key = f.system() + "|" + f.code() + "=" + f.value();
        if (!keys.contains(key)) {
            keys.add(key);
            findings.add(f.present());
        }
    }
}
