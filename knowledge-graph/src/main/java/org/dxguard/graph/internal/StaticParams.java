package org.dxguard.graph.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.neo4j.driver.Record;
import org.neo4j.driver.Value;

/**
 * What ranking reads from the graph but only an import changes: disease parameters, finding descriptions with their
 * differential-model weights, each disease's key findings, and the graph findings a patient's code keys map to
 * ({@code findingsFor}). One instance per knowledge-base version (a new
 * version starts an empty one); entries are fetched on first use by key, from the key indexes, so a query only
 * ships the per-patient part (which diseases list which present findings, with what probability) after warm-up.
 * Bounded: when it holds more than {@link #MAX_ENTRIES} entries it starts over.
 */
final class StaticParams {
    static final int MAX_ENTRIES = 500_000;
    static final String Q_DISEASES = "MATCH (d:Disease) WHERE d.key IN $keys RETURN d.key AS key, "
        + "d {.name, .system, .code, .severity, .prior, .logAbsent, .findingCount, .ageLogP, .maleLogP, .femaleLogP, "
        + ".unseenValueLogP, .ddxBias, .ddxAge, .ddxMale, .ddxIndex, .symptomCount, .antecedentCount, .source} AS d";
    static final String Q_FINDINGS = "MATCH (f:Finding) WHERE f.key IN $keys "
        + "RETURN [f.key, f.base, f.kind, f.label, f.system, f.code, f.ddxModel, f.ddxW] AS f";
    /** Key findings of the given diseases (the "missing" evidence is the ones the patient lacks). */
    static final String Q_KEYS = "MATCH (d:Disease) WHERE d.key IN $keys "
        + "OPTIONAL MATCH (d)-[k:HAS_FINDING]->(m:Finding) WHERE k.key "
        + "RETURN d.key AS dk, m.key AS key, m.system AS system, m.code AS code, m.label AS label, k.p AS p";

    /** The graph findings a patient's code key maps to: itself when it is a base finding, else through its terms. */
    static final String Q_TERMS = "UNWIND $keys AS k "
        + "CALL { WITH k MATCH (f:Finding {key: k}) WHERE f.base IS NULL RETURN f "
        + "UNION WITH k MATCH (:Term {key: k})-[:MAPS_TO]->(f:Finding) RETURN f } "
        + "RETURN k, f.system AS system, f.code AS code, f.label AS label";

    /** A key finding of a disease with P(finding | disease). */
    record KeyFinding(String key, String system, String code, String label, double p) {}

    private final String version;
    private final Map<String, Value> diseases = new ConcurrentHashMap<>();
    private final Map<String, Value> findings = new ConcurrentHashMap<>();
    private final Map<String, List<KeyFinding>> keyFindings = new ConcurrentHashMap<>();
    private final Map<String, List<org.dxguard.model.Code>> termFindings = new ConcurrentHashMap<>();

    StaticParams(String version) {
        this.version = version;
    }

    String version() {
        return version;
    }

    /** Disease parameter maps by key (diseases absent from the graph are absent from the result). */
    Map<String, Value> diseases(Ranker.Statements tx, Collection<String> keys) {
        Map<String, Value> out = new HashMap<>(keys.size() * 2);
        List<String> misses = lookup(diseases, keys, out);
        if (!misses.isEmpty()) {
            for (Record r : tx.run(Q_DISEASES, Map.of("keys", misses))) {
                Value d = r.get("d");
                out.put(r.get("key").asString(), d);
                put(diseases, r.get("key").asString(), d);
            }
        }
        return out;
    }

    /** {@code [key, base, kind, label, system, code, ddxModel, ddxW]} per finding key, in the order asked. */
    Map<String, Value> findings(Ranker.Statements tx, Collection<String> keys) {
        Map<String, Value> found = new HashMap<>(keys.size() * 2);
        List<String> misses = lookup(findings, keys, found);
        if (!misses.isEmpty()) {
            for (Record r : tx.run(Q_FINDINGS, Map.of("keys", misses))) {
                Value f = r.get("f");
                found.put(f.get(0).asString(), f);
                put(findings, f.get(0).asString(), f);
            }
        }
        Map<String, Value> ordered = new java.util.LinkedHashMap<>();
        for (String k : keys) {
            Value f = found.get(k);
            if (f != null) {
                ordered.put(k, f);
            }
        }
        return ordered;
    }

    /** Key findings per disease key (an empty list for a disease without any). */
    Map<String, List<KeyFinding>> keyFindings(Ranker.Statements tx, Collection<String> diseaseKeys) {
        Map<String, List<KeyFinding>> out = new HashMap<>();
        List<String> misses = lookup(keyFindings, diseaseKeys, out);
        if (!misses.isEmpty()) {
            Map<String, List<KeyFinding>> fetched = new HashMap<>();
            for (Record m : tx.run(Q_KEYS, Map.of("keys", misses))) {
                List<KeyFinding> l = fetched.computeIfAbsent(m.get("dk").asString(), x -> new ArrayList<>());
                if (!m.get("key").isNull()) {
                    l.add(new KeyFinding(m.get("key").asString(), m.get("system").asString(),
                        m.get("code").asString(), m.get("label").asString(null), m.get("p").asDouble()));
                }
            }
            fetched.forEach((k, l) -> {
                List<KeyFinding> frozen = List.copyOf(l);
                out.put(k, frozen);
                put(keyFindings, k, frozen);
            });
        }
        return out;
    }

    /**
     * The graph findings each code key maps to ({@link #Q_TERMS}), in the order the graph gave them; an empty list for a
     * key that maps to none (most of a record's observation codes), so that it is not asked again. {@code tx} is
     * called only when a key is not cached yet (once per key and knowledge-base version after warm-up).
     */
    Map<String, List<org.dxguard.model.Code>> termFindings(Ranker.Statements tx, Collection<String> keys) {
        Map<String, List<org.dxguard.model.Code>> out = new HashMap<>(keys.size() * 2);
        List<String> misses = lookup(termFindings, keys, out);
        if (!misses.isEmpty()) {
            Map<String, List<org.dxguard.model.Code>> fetched = new HashMap<>();
            misses.forEach(k -> fetched.put(k, new ArrayList<>()));
            for (Record r : tx.run(Q_TERMS, Map.of("keys", misses))) {
                fetched.computeIfAbsent(r.get("k").asString(), x -> new ArrayList<>()).add(new org.dxguard.model.Code(
                    r.get("system").asString(), r.get("code").asString(), r.get("label").asString(null)));
            }
            fetched.forEach((k, l) -> {
                List<org.dxguard.model.Code> frozen = List.copyOf(l);
                out.put(k, frozen);
                put(termFindings, k, frozen);
            });
        }
        return out;
    }

    private static <T> List<String> lookup(Map<String, T> cache, Collection<String> keys, Map<String, T> out) {
        List<String> misses = new ArrayList<>();
        for (String k : keys) {
            T v = cache.get(k);
            if (v != null) {
                out.put(k, v);
            } else {
                misses.add(k);
            }
        }
        return misses;
    }

    private <T> void put(Map<String, T> cache, String key, T value) {
        if (diseases.size() + findings.size() + keyFindings.size() + termFindings.size() >= MAX_ENTRIES) {
            cache.clear();
        }
        cache.put(key, value);
    }
}
