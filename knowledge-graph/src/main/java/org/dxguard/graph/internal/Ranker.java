package org.dxguard.graph.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dxguard.graph.Differential;
import org.dxguard.graph.RankQuery;
import org.dxguard.model.Candidate;
import org.dxguard.model.Code;
import org.dxguard.model.Evidence;
import org.dxguard.model.Finding;
import org.dxguard.model.Sex;
import org.neo4j.driver.Record;
import org.neo4j.driver.TransactionContext;
import org.neo4j.driver.Value;

/**
 * Ranking: candidate generation and per-candidate evidence in Cypher (every query starts from the finding key
 * index), then the score arithmetic over the parameters read from the graph:
 * <ol>
 *   <li>naive Bayes with priors, age band and sex, present findings (P(finding | disease), a small probability for
 *   findings the disease does not list) and absent findings (closed world: every listed finding not reported;
 *   open world: only findings reported absent) → a posterior over the candidates;</li>
 *   <li>where the source has a learned differential model: P(disease belongs in the differential) from its
 *   logistic weights (stored as {@code DDX_WEIGHT} relationships and disease properties);</li>
 *   <li>inclusion: the most likely candidate, every candidate whose differential probability reaches the
 *   calibrated threshold, and — severity-aware — every severity 1–2 candidate reaching the lower severe
 *   threshold. Score = mean of posterior and differential probability (posterior alone without a model).</li>
 * </ol>
 */
final class Ranker {
    static final int MISSING_PER_CANDIDATE = 5;
    /** Inclusion thresholds on the posterior for sources without a learned differential model. */
    static final double DEFAULT_THRESHOLD = 0.02;
    static final double DEFAULT_SEVERE_THRESHOLD = 0.002;
    static final double DEFAULT_UNLISTED_LOG_P = Math.log(1e-4);

    static final String Q_FINDINGS = "MATCH (f:Finding) WHERE f.key IN $present "
        + "RETURN f.key AS key, f.base AS base, f.kind AS kind, f.label AS label, f.system AS system, f.code AS code, "
        + "f.value AS value";
    static final String Q_HITS = "MATCH (f:Finding) WHERE f.key IN $present "
        + "MATCH (d:Disease)-[h:HAS_FINDING]->(f) WITH d, collect([f.key, h.p]) AS hits "
        + "RETURN d.key AS key, d {.name, .system, .code, .severity, .prior, .logAbsent, .findingCount, .ageLogP, "
        + ".maleLogP, .femaleLogP, .unseenValueLogP, .ddxBias, .ddxAge, .ddxMale, .source} AS d, hits";
    static final String Q_WEIGHTS = "MATCH (f:Finding) WHERE f.key IN $present "
        + "MATCH (f)-[w:DDX_WEIGHT]->(d:Disease) RETURN d.key AS key, sum(w.w) AS s";
    static final String Q_ABSENT = "MATCH (f:Finding) WHERE f.key IN $absent "
        + "MATCH (d:Disease)-[h:HAS_FINDING]->(f) RETURN d.key AS key, collect(h.p) AS ps";
    static final String Q_MISSING = "UNWIND $diseases AS dk MATCH (d:Disease {key: dk})-[h:HAS_FINDING]->(f:Finding) "
        + "WHERE h.key AND NOT f.key IN $present "
        + "RETURN dk, f.key AS key, f.system AS system, f.code AS code, f.label AS label, h.p AS p ORDER BY h.p DESC";

    /** Parameters of one source's learned differential model (a {@code DifferentialModel} node). */
    record ModelParams(double[] pairWeights, double threshold, double severeThreshold, int severeMaxLevel,
                       double unlistedLogP) {
        static ModelParams from(Value m) {
            List<Object> a = m.get("pairWeights").asList();
            double[] pw = new double[a.size()];
            for (int i = 0; i < pw.length; i++) {
                pw[i] = ((Number) a.get(i)).doubleValue();
            }
            return new ModelParams(pw, m.get("threshold").asDouble(), m.get("severeThreshold").asDouble(),
                m.get("severeMaxLevel").asInt(2), m.get("unlistedLogP").asDouble(DEFAULT_UNLISTED_LOG_P));
        }
    }

    private record FindingInfo(String key, String base, boolean symptom, String label, Code code) {}

    private record Scored(String key, Value d, Map<String, Double> hits, double logScore, Double membership,
                          double posterior, double score, int severity) {}

    private Ranker() {}

    static Differential rank(TransactionContext tx, RankQuery q, Map<String, ModelParams> models, String version,
                             long startNanos) {
        Set<String> present = new LinkedHashSet<>();
        Set<String> absent = new LinkedHashSet<>();
        for (Finding f : q.findings()) {
            String base = Keys.concept(f.code());
            if (f.present()) {
                present.add(base);
                if (f.value() != null) {
                    present.add(Keys.of(f));
                }
            } else if (f.value() == null) {
                absent.add(base);
            }
        }
        absent.removeAll(present);
        if (present.isEmpty()) {
            return new Differential(List.of(), version, Duration.ofNanos(System.nanoTime() - startNanos));
        }
        Map<String, FindingInfo> known = new HashMap<>();
        for (Record r : tx.run(Q_FINDINGS, Map.of("present", List.copyOf(present))).list()) {
            String key = r.get("key").asString();
            known.put(key, new FindingInfo(key, r.get("base").asString(null), !"antecedent".equals(
                r.get("kind").asString(null)), r.get("label").asString(null),
                new Code(r.get("system").asString(), r.get("code").asString(), r.get("label").asString(null))));
        }
        List<String> knownKeys = List.copyOf(known.keySet());
        List<Record> hitRows = tx.run(Q_HITS, Map.of("present", knownKeys)).list();
        if (hitRows.isEmpty()) {
            return new Differential(List.of(), version, Duration.ofNanos(System.nanoTime() - startNanos));
        }
        Map<String, Double> ddx = new HashMap<>();
        if (!models.isEmpty()) {
            tx.run(Q_WEIGHTS, Map.of("present", knownKeys)).forEachRemaining(
                r -> ddx.put(r.get("key").asString(), r.get("s").asDouble()));
        }
        Map<String, List<Double>> absentHits = new HashMap<>();
        if (!q.closedWorld() && !absent.isEmpty()) {
            tx.run(Q_ABSENT, Map.of("absent", List.copyOf(absent))).forEachRemaining(
                r -> absentHits.put(r.get("key").asString(), r.get("ps").asList(Value::asDouble)));
        }
        int nS = 0;
        int nSym = 0;
        for (FindingInfo f : known.values()) {
            if (f.base() == null) {
                nS++;
                nSym += f.symptom() ? 1 : 0;
            }
        }
        int bin = org.dxguard.graph.internal.DifferentialFeatures.ageBin(q.ageYears());
        List<Scored> scored = new ArrayList<>(hitRows.size());
        double maxLog = Double.NEGATIVE_INFINITY;
        for (Record r : hitRows) {
            Value d = r.get("d");
            Map<String, Double> hits = new HashMap<>();
            for (Value h : r.get("hits").values()) {
                hits.put(h.get(0).asString(), h.get(1).asDouble());
            }
            ModelParams mp = models.get(d.get("source").asString(""));
            double unlisted = mp == null ? DEFAULT_UNLISTED_LOG_P : mp.unlistedLogP();
            double s = Math.log(d.get("prior").asDouble(1e-3));
            if (bin >= 0 && !d.get("ageLogP").isNull()) {
                s += d.get("ageLogP").get(bin).asDouble();
            }
            if (q.sex() == Sex.MALE && !d.get("maleLogP").isNull()) {
                s += d.get("maleLogP").asDouble();
            } else if (q.sex() == Sex.FEMALE && !d.get("femaleLogP").isNull()) {
                s += d.get("femaleLogP").asDouble();
            }
            int inn = 0;
            int si = 0;
            double matchedAbsent = 0;
            for (FindingInfo f : known.values()) {
                Double p = hits.get(f.key());
                if (p != null) {
                    s += Math.log(p);
                    if (f.base() == null) {
                        inn++;
                        si += f.symptom() ? 1 : 0;
                        matchedAbsent += Math.log(1 - p);
                    }
                } else if (f.base() != null && hits.containsKey(f.base())) {
                    s += d.get("unseenValueLogP").asDouble(unlisted);
                } else {
                    s += unlisted;
                }
            }
            if (q.closedWorld()) {
                s += d.get("logAbsent").asDouble(0) - matchedAbsent;
            } else {
                for (double p : absentHits.getOrDefault(r.get("key").asString(), List.of())) {
                    s += Math.log(1 - p);
                }
            }
            Double membership = null;
            if (mp != null && !d.get("ddxBias").isNull()) {
                double z = d.get("ddxBias").asDouble() + ddx.getOrDefault(r.get("key").asString(), 0.0);
                if (bin >= 0) {
                    z += d.get("ddxAge").get(bin).asDouble();
                }
                if (q.sex() == Sex.MALE) {
                    z += d.get("ddxMale").asDouble();
                }
                double[] pf = DifferentialFeatures.pair(nS, nSym, inn, si, d.get("findingCount").asInt(0));
                for (int i = 0; i < pf.length && i < mp.pairWeights().length; i++) {
                    z += mp.pairWeights()[i] * pf[i];
                }
                membership = DifferentialFeatures.sigmoid(z);
            }
            maxLog = Math.max(maxLog, s);
            scored.add(new Scored(r.get("key").asString(), d, hits, s, membership, 0, 0,
                clampSeverity(d.get("severity").asInt(3))));
        }
        double z = 0;
        for (Scored c : scored) {
            z += Math.exp(c.logScore() - maxLog);
        }
        List<Scored> withScores = new ArrayList<>(scored.size());
        Scored top = null;
        for (Scored c : scored) {
            double post = Math.exp(c.logScore() - maxLog) / z;
            double score = c.membership() == null ? post : 0.5 * post + 0.5 * c.membership();
            Scored s2 = new Scored(c.key(), c.d(), c.hits(), c.logScore(), c.membership(), post, score, c.severity());
            withScores.add(s2);
            if (top == null || post > top.posterior()) {
                top = s2;
            }
        }
        List<Scored> included = new ArrayList<>();
        for (Scored c : withScores) {
            ModelParams mp = models.get(c.d().get("source").asString(""));
            boolean in;
            if (c == top) {
                in = true;
            } else if (c.membership() != null && mp != null) {
                boolean severe = c.severity() <= mp.severeMaxLevel();
                in = c.membership() >= (severe ? mp.severeThreshold() : mp.threshold());
            } else {
                in = c.posterior() >= (c.severity() <= 2 ? DEFAULT_SEVERE_THRESHOLD : DEFAULT_THRESHOLD);
            }
            if (in) {
                included.add(c);
            }
        }
        included.sort(Comparator.comparingDouble(Scored::score).reversed().thenComparing(Scored::key));
        List<Scored> topK = included.subList(0, Math.min(q.k(), included.size()));
        Map<String, List<Evidence>> missing = new HashMap<>();
        Set<String> presentSet = new HashSet<>(present);
        for (Record r : tx.run(Q_MISSING, Map.of("diseases", topK.stream().map(Scored::key).toList(),
            "present", List.copyOf(presentSet))).list()) {
            List<Evidence> l = missing.computeIfAbsent(r.get("dk").asString(), k -> new ArrayList<>());
            if (l.size() < MISSING_PER_CANDIDATE) {
                String label = r.get("label").asString(null);
                Code code = new Code(r.get("system").asString(), r.get("code").asString(), label);
                l.add(new Evidence(Keys.evidenceId(code.code(), null), code, label, r.get("p").asDouble()));
            }
        }
        List<Candidate> out = new ArrayList<>(topK.size());
        for (Scored c : topK) {
            List<Evidence> supporting = new ArrayList<>();
            for (FindingInfo f : known.values()) {
                Double p = c.hits().get(f.key());
                if (p != null) {
                    String value = f.base() == null ? null : f.key().substring(f.base().length() + 1);
                    supporting.add(new Evidence(Keys.evidenceId(f.code().code(), value), f.code(), f.label(), p));
                }
            }
            supporting.sort(Comparator.comparingDouble(Evidence::weight).reversed().thenComparing(Evidence::id));
            Value d = c.d();
            String name = d.get("name").asString(c.key());
            out.add(new Candidate(new Code(d.get("system").asString(), d.get("code").asString(), name), name,
                Math.max(0, Math.min(1, c.score())), c.severity(), supporting,
                missing.getOrDefault(c.key(), List.of())));
        }
        return new Differential(out, version, Duration.ofNanos(System.nanoTime() - startNanos));
    }

    private static int clampSeverity(int s) {
        return Math.max(1, Math.min(5, s));
    }
}
