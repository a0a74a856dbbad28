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
import org.neo4j.driver.Value;

/**
 * Ranking: candidate generation and per-candidate evidence in Cypher (every query starts from the finding key
 * index), then the score arithmetic over the parameters read from the graph:
 * <ol>
 *   <li>naive Bayes with priors, age band and sex, present findings (P(finding | disease), a small probability for
 *   findings the disease does not list) and absent findings (closed world: every listed finding not reported;
 *   open world: only findings reported absent) → a posterior over the candidates;</li>
 *   <li>where the source has a learned differential model: P(disease belongs in the differential) from its
 *   logistic weights (per-finding weight lists {@code Finding.ddxW} and disease properties);</li>
 *   <li>inclusion: the most likely candidate and every candidate whose differential probability reaches the
 *   calibrated threshold; severity-aware, every other severity 1–2 candidate whose probability reaches the calibrated
 *   "do not miss" threshold goes into {@link Differential#doNotMiss()}. Score = mean of posterior and differential
 *   probability (posterior alone without a model); a do-not-miss candidate's score is its differential
 *   probability.</li>
 * </ol>
 */
final class Ranker {
    static final int MISSING_PER_CANDIDATE = 5;
    /**
     * Candidates scored per query: the diseases matching the most present findings (then the highest summed
     * log P). A disease matching fewer findings pays log(1e-4) per unmatched one, so pruning changes nothing in
     * practice and bounds the work on large graphs (a finding like fever may be listed by thousands of diseases).
     */
    static final int MAX_CANDIDATES = 200;
    /** Inclusion thresholds on the posterior for sources without a learned differential model. */
    static final double DEFAULT_THRESHOLD = 0.02;
    static final double DEFAULT_SEVERE_THRESHOLD = 0.002;
    static final double DEFAULT_UNLISTED_LOG_P = Math.log(1e-4);

    /**
     * The per-patient part, one round trip from the finding key index: for each present finding that exists, the
     * diseases that list it with P(finding | disease) and whether it is one of their key findings, read from the
     * finding's ranking adjacency ({@code rankDiseases}/{@code rankP}/{@code rankKey}, written by
     * {@link GraphWriter} after every import: three array reads instead of one relationship and three property
     * reads per edge). Disease parameters, finding weights and key findings come from {@link StaticParams}.
     */
    static final String Q_RANK = "MATCH (f:Finding) WHERE f.key IN $present "
        + "RETURN f.key AS key, f.rankDiseases AS ds, f.rankP AS ps, f.rankKey AS ks";
    /** The same rows from the relationships, for a graph whose adjacency is not written yet. */
    static final String Q_RANK_EDGES = "MATCH (f:Finding) WHERE f.key IN $present "
        + "OPTIONAL MATCH (d:Disease)-[h:HAS_FINDING]->(f) "
        + "WITH f, collect([d.key, h.p, coalesce(h.key, false)]) AS hs "
        + "RETURN f.key AS key, [x IN hs WHERE x[0] IS NOT NULL | x[0]] AS ds, "
        + "[x IN hs WHERE x[0] IS NOT NULL | x[1]] AS ps, [x IN hs WHERE x[0] IS NOT NULL | x[2]] AS ks";
    static final String Q_ABSENT = "MATCH (f:Finding) WHERE f.key IN $absent "
        + "MATCH (d:Disease)-[h:HAS_FINDING]->(f) RETURN d.key AS key, collect(h.p) AS ps";

    /** Parameters of one source's learned differential model (a {@code DifferentialModel} node). */
    record ModelParams(double[] pairWeights, double threshold, double severeThreshold, int severeMaxLevel,
                       double unlistedLogP, Double doNotMissThreshold) {
        static ModelParams from(Value m) {
            List<Object> a = m.get("pairWeights").asList();
            double[] pw = new double[a.size()];
            for (int i = 0; i < pw.length; i++) {
                pw[i] = ((Number) a.get(i)).doubleValue();
            }
            Value dnm = m.get("doNotMissThreshold");
            return new ModelParams(pw, m.get("threshold").asDouble(), m.get("severeThreshold").asDouble(),
                m.get("severeMaxLevel").asInt(2), m.get("unlistedLogP").asDouble(DEFAULT_UNLISTED_LOG_P),
                dnm == null || dnm.isNull() ? null : dnm.asDouble());
        }
    }

    private record FindingInfo(String key, String base, boolean symptom, String label, Code code) {}

    private record Scored(String key, Value d, Map<String, Double> hits, boolean keyHit, List<Value> missing,
                          double logScore, Double membership, double posterior, double score, int severity) {}

    /** Naive-Bayes part of one candidate; {@code listed} leaves out prior, age, sex and unlisted findings. */
    /** A candidate disease with the present findings it lists: finding key → P(finding | disease). */
    private record Hits(String key, Map<String, Double> hits, boolean keyHit, double logSum) {}

    private record Pending(String key, Value d, Map<String, Double> hits, boolean keyHit, double s, double listed,
                           int inn, int si, ModelParams mp) {}

    /** Runs one statement and returns its records (auto-commit read on a READ session, or in a transaction). */
    @FunctionalInterface
    interface Statements {
        List<Record> run(String cypher, Map<String, Object> params);
    }

    private Ranker() {}

    static Differential rank(Statements tx, RankQuery q, Map<String, ModelParams> models, StaticParams statics,
                             long startNanos) {
        String version = statics.version();
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
        List<Hits> hitRows = new ArrayList<>();
        List<String> foundFindings = new ArrayList<>();
        candidates(tx, present, hitRows, foundFindings);
        if (hitRows.isEmpty()) {
            return new Differential(List.of(), version, Duration.ofNanos(System.nanoTime() - startNanos));
        }
        Map<String, FindingInfo> known = new HashMap<>();
        Map<String, double[]> ddx = new HashMap<>();
        Map<String, Value> findingRows = statics.findings(tx, foundFindings);
        for (Value f : findingRows.values()) {
            String key = f.get(0).asString();
            String label = f.get(3).asString(null);
            known.put(key, new FindingInfo(key, f.get(1).asString(null), !"antecedent".equals(f.get(2).asString(null)),
                label, new Code(f.get(4).asString(), f.get(5).asString(), label)));
            if (!f.get(6).isNull() && !f.get(7).isNull()) {
                List<Double> w = f.get(7).asList(Value::asDouble);
                double[] acc = ddx.computeIfAbsent(f.get(6).asString(), m -> new double[w.size()]);
                for (int i = 0; i < acc.length && i < w.size(); i++) {
                    acc[i] += w.get(i);
                }
            }
        }
        Map<String, Value> diseaseRows = statics.diseases(tx, hitRows.stream().map(Hits::key).toList());
        Map<String, List<Double>> absentHits = new HashMap<>();
        if (!q.closedWorld() && !absent.isEmpty()) {
            tx.run(Q_ABSENT, Map.of("absent", List.copyOf(absent))).forEach(
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
        List<Pending> pending = new ArrayList<>(hitRows.size());
        double maxLog = Double.NEGATIVE_INFINITY;
        for (Hits r : hitRows) {
            Value d = diseaseRows.get(r.key());
            if (d == null) {
                continue; // removed by an import since the hits were read
            }
            Map<String, Double> hits = r.hits();
            boolean keyHit = r.keyHit();
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
            double priorTerms = s;
            double notListed = 0;
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
                    notListed += unlisted;
                }
            }
            if (q.closedWorld()) {
                s += d.get("logAbsent").asDouble(0) - matchedAbsent;
            } else {
                for (double p : absentHits.getOrDefault(r.key(), List.of())) {
                    s += Math.log(1 - p);
                }
            }
            pending.add(new Pending(r.key(), d, hits, keyHit, s, s - priorTerms - notListed, inn, si, mp));
        }
        double bestS = Double.NEGATIVE_INFINITY;
        double bestListed = Double.NEGATIVE_INFINITY;
        for (Pending pd : pending) {
            bestS = Math.max(bestS, pd.s());
            bestListed = Math.max(bestListed, pd.listed());
        }
        double zs = 0;
        for (Pending pd : pending) {
            zs += Math.exp(pd.s() - bestS);
        }
        // naive-Bayes posteriors in ascending order: a candidate's rank is the number of higher ones
        double[] postSorted = new double[pending.size()];
        for (int i = 0; i < postSorted.length; i++) {
            postSorted[i] = Math.exp(pending.get(i).s() - bestS) / zs;
        }
        java.util.Arrays.sort(postSorted);
        for (Pending pd : pending) {
            Value d = pd.d();
            Map<String, Double> hits = pd.hits();
            ModelParams mp = pd.mp();
            double s = pd.s();
            int inn = pd.inn();
            int si = pd.si();
            Double membership = null;
            if (mp != null && !d.get("ddxBias").isNull()) {
                double[] acc = ddx.get(d.get("source").asString(""));
                int idx = d.get("ddxIndex").asInt(-1);
                double z = d.get("ddxBias").asDouble() + (acc != null && idx >= 0 && idx < acc.length ? acc[idx] : 0);
                if (bin >= 0) {
                    z += d.get("ddxAge").get(bin).asDouble();
                }
                if (q.sex() == Sex.MALE) {
                    z += d.get("ddxMale").asDouble();
                }
                double post = Math.exp(s - bestS) / zs;
                double[] pf = DifferentialFeatures.pair(nS, nSym, inn, si, d.get("findingCount").asInt(0),
                    s - bestS, pd.listed() - bestListed, post, d.get("symptomCount").asInt(0),
                    d.get("antecedentCount").asInt(0), higher(postSorted, post));
                for (int i = 0; i < pf.length && i < mp.pairWeights().length; i++) {
                    z += mp.pairWeights()[i] * pf[i];
                }
                membership = DifferentialFeatures.sigmoid(z);
            }
            maxLog = Math.max(maxLog, s);
            scored.add(new Scored(pd.key(), d, hits, pd.keyHit(), List.of(), s, membership, 0, 0,
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
            Scored s2 = new Scored(c.key(), c.d(), c.hits(), c.keyHit(), c.missing(), c.logScore(), c.membership(),
                post, score, c.severity());
            withScores.add(s2);
            if (top == null || post > top.posterior()) {
                top = s2;
            }
        }
        List<Scored> included = new ArrayList<>();
        List<Scored> doNotMiss = new ArrayList<>();
        for (Scored c : withScores) {
            ModelParams mp = models.get(c.d().get("source").asString(""));
            boolean in;
            boolean dnm = false;
            if (c == top) {
                in = true;
            } else if (c.membership() != null && mp != null) {
                boolean severe = c.severity() <= mp.severeMaxLevel();
                if (mp.doNotMissThreshold() != null) {
                    // the differential by the calibrated threshold; a severe candidate below it that reaches the
                    // calibrated do-not-miss threshold is shown apart, as "do not miss"
                    in = c.membership() >= mp.threshold();
                    dnm = !in && severe && c.membership() >= mp.doNotMissThreshold();
                } else {
                    in = c.membership() >= (severe ? mp.severeThreshold() : mp.threshold()); // a graph of an older version
                }
            } else {
                // no learned model (EHR knowledge): severity-aware, a dangerous candidate stays in the differential
                // while it is not negligible or the patient has one of its key findings
                in = c.posterior() >= DEFAULT_THRESHOLD
                    || c.severity() <= 2 && (c.posterior() >= DEFAULT_SEVERE_THRESHOLD || c.keyHit());
            }
            if (in) {
                included.add(c);
            } else if (dnm) {
                doNotMiss.add(c);
            }
        }
        included.sort(Comparator.comparingDouble(Scored::score).reversed().thenComparing(Scored::key));
        doNotMiss.sort(Comparator.comparingDouble(Ranker::dnmProbability).reversed().thenComparing(Scored::key));
        List<Scored> topK = included.subList(0, Math.min(q.k(), included.size()));
        List<Scored> described = new ArrayList<>(topK);
        described.addAll(doNotMiss);
        Map<String, List<StaticParams.KeyFinding>> keyRows = described.isEmpty() ? Map.of()
            : statics.keyFindings(tx, described.stream().map(Scored::key).toList());
        Map<String, List<Evidence>> missing = new HashMap<>();
        for (Scored c : described) {
            List<StaticParams.KeyFinding> ms = new ArrayList<>();
            for (StaticParams.KeyFinding m : keyRows.getOrDefault(c.key(), List.of())) {
                if (!present.contains(m.key())) {
                    ms.add(m);
                }
            }
            ms.sort(Comparator.comparingDouble(StaticParams.KeyFinding::p).reversed()
                .thenComparing(StaticParams.KeyFinding::key));
            List<Evidence> l = new ArrayList<>();
            for (StaticParams.KeyFinding m : ms.subList(0, Math.min(MISSING_PER_CANDIDATE, ms.size()))) {
                Code code = new Code(m.system(), m.code(), m.label());
                l.add(new Evidence(Keys.evidenceId(code.code(), null), code, m.label(), m.p()));
            }
            missing.put(c.key(), l);
        }
        List<Candidate> out = new ArrayList<>(topK.size());
        for (Scored c : topK) {
            out.add(candidate(c, c.score(), known, missing));
        }
        List<Candidate> dnmOut = new ArrayList<>(doNotMiss.size());
        for (Scored c : doNotMiss) {
            dnmOut.add(candidate(c, dnmProbability(c), known, missing));
        }
        return new Differential(out, dnmOut, version, Duration.ofNanos(System.nanoTime() - startNanos));
    }

    /** How many values of the ascending {@code sorted} are greater than {@code v}. */
    static int higher(double[] sorted, double v) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] <= v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return sorted.length - lo;
    }

    /** The calibrated probability shown for a do-not-miss candidate: P(belongs in the differential), else posterior. */
    private static double dnmProbability(Scored c) {
        return c.membership() != null ? c.membership() : c.posterior();
    }

    private static Candidate candidate(Scored c, double score, Map<String, FindingInfo> known,
                                       Map<String, List<Evidence>> missing) {
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
        return new Candidate(new Code(d.get("system").asString(), d.get("code").asString(), name), name,
            Math.max(0, Math.min(1, score)), c.severity(), supporting, missing.getOrDefault(c.key(), List.of()));
    }

    /**
     * Candidate generation: the diseases listing the most present findings (then the highest summed log P), at
     * most {@link #MAX_CANDIDATES}; fills {@code out} and the present finding keys that exist in the graph.
     */
    private static void candidates(Statements tx, Set<String> present, List<Hits> out, List<String> found) {
        Map<String, Object> params = Map.of("present", List.copyOf(present));
        List<Record> rows = tx.run(Q_RANK, params);
        for (Record r : rows) {
            if (r.get("ds").isNull()) {
                rows = tx.run(Q_RANK_EDGES, params); // adjacency not written yet (a graph from an older version)
                break;
            }
        }
        Map<String, Map<String, Double>> byDisease = new HashMap<>();
        Map<String, Boolean> keyHits = new HashMap<>();
        for (Record r : rows) {
            String f = r.get("key").asString();
            found.add(f);
            List<Value> ds = toList(r.get("ds").values());
            List<Value> ps = toList(r.get("ps").values());
            List<Value> ks = toList(r.get("ks").values());
            for (int i = 0; i < ds.size(); i++) {
                String d = ds.get(i).asString();
                byDisease.computeIfAbsent(d, x -> new HashMap<>()).put(f, ps.get(i).asDouble());
                if (i < ks.size() && ks.get(i).asBoolean(false)) {
                    keyHits.put(d, true);
                }
            }
        }
        for (Map.Entry<String, Map<String, Double>> e : byDisease.entrySet()) {
            double ll = 0;
            for (double p : e.getValue().values()) {
                ll += Math.log(p);
            }
            out.add(new Hits(e.getKey(), e.getValue(), keyHits.getOrDefault(e.getKey(), false), ll));
        }
        out.sort(Comparator.comparingInt((Hits h) -> h.hits().size()).reversed()
            .thenComparing(Comparator.comparingDouble(Hits::logSum).reversed()).thenComparing(Hits::key));
        if (out.size() > MAX_CANDIDATES) {
            out.subList(MAX_CANDIDATES, out.size()).clear();
        }
    }

    private static List<Value> toList(Iterable<Value> values) {
        List<Value> l = new ArrayList<>();
        values.forEach(l::add);
        return l;
    }

    private static int clampSeverity(int s) {
        return Math.max(1, Math.min(5, s));
    }
}
