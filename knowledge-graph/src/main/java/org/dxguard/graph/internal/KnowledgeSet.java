package org.dxguard.graph.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Everything one source contributes to the graph, before it is written: diseases, findings, edges
 * P(finding | disease), learned differential weights, a terminology table and the differential model parameters.
 */
public record KnowledgeSet(String source, String version, List<DiseaseSpec> diseases, List<FindingSpec> findings,
                           List<EdgeSpec> edges, List<WeightSpec> weights, List<TermSpec> terms,
                           Map<String, Object> model) {
    public KnowledgeSet {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(version, "version");
        diseases = List.copyOf(diseases);
        findings = List.copyOf(findings);
        edges = List.copyOf(edges);
        weights = weights == null ? List.of() : List.copyOf(weights);
        terms = terms == null ? List.of() : List.copyOf(terms);
        model = model == null ? null : Map.copyOf(model);
    }

    /** A disease. {@code props} holds learned parameters (prior by age/sex, differential weights). */
    public record DiseaseSpec(String key, String system, String code, String name, int severity, double prior,
                              Map<String, Object> props) {
        public DiseaseSpec {
            if (severity < 1 || severity > 5) {
                throw new IllegalArgumentException("severity must be 1..5 for " + name + ", was " + severity);
            }
            if (!(prior > 0 && prior <= 1)) {
                throw new IllegalArgumentException("prior must be in (0, 1] for " + name + ", was " + prior);
            }
            props = props == null ? Map.of() : Map.copyOf(props);
        }
    }

    /**
     * A finding node: a base finding ({@code value == null}) or one value of a categorical/multi-choice finding
     * ({@code baseKey} then names its base). {@code kind} is symptom, antecedent, sign or lab.
     */
    public record FindingSpec(String key, String system, String code, String value, String baseKey, String label,
                              String kind, String dataType, List<String> synonyms, List<String> implies) {
        public FindingSpec {
            synonyms = synonyms == null ? List.of() : List.copyOf(synonyms);
            implies = implies == null ? List.of() : List.copyOf(implies);
        }

        public FindingSpec(String key, String system, String code, String value, String baseKey, String label,
                           String kind, String dataType, List<String> synonyms) {
            this(key, system, code, value, baseKey, label, kind, dataType, synonyms, List.of());
        }
    }

    /** P(finding | disease); {@code keyFinding} marks findings reported as missing when absent. */
    public record EdgeSpec(String diseaseKey, String findingKey, double p, boolean keyFinding) {
        public EdgeSpec {
            if (!(p > 0 && p < 1)) {
                throw new IllegalArgumentException("P(finding|disease) must be in (0, 1): " + findingKey + " " + p);
            }
        }
    }

    /** A learned weight of the calibrated differential model (finding token → disease logit). */
    public record WeightSpec(String findingKey, String diseaseKey, double w) {}

    /**
     * Terminology table row: an external code (e.g. SNOMED CT) that means this graph finding; {@code close} when it
     * is the closest concept rather than an exact one.
     */
    public record TermSpec(String system, String code, String findingKey, boolean close) {
        public TermSpec(String system, String code, String findingKey) {
            this(system, code, findingKey, false);
        }
    }

    /** A deterministic digest of the content (same input → same hash), used in the knowledge base version. */
    public String contentHash() {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            upd(md, source + "|" + version);
            diseases.stream().map(d -> d.key() + d.severity() + d.prior() + new TreeMap<>(d.props())).sorted()
                .forEach(s -> upd(md, s));
            findings.stream().map(f -> f.key() + f.label() + f.kind() + f.synonyms() + f.implies()).sorted().forEach(s -> upd(md, s));
            edges.stream().map(e -> e.diseaseKey() + e.findingKey() + e.p() + e.keyFinding()).sorted()
                .forEach(s -> upd(md, s));
            weights.stream().map(w -> w.findingKey() + w.diseaseKey() + w.w()).sorted().forEach(s -> upd(md, s));
            terms.stream().map(t -> t.system() + t.code() + t.findingKey() + (t.close() ? "~" : "")).sorted().forEach(s -> upd(md, s));
            if (model != null) {
                upd(md, new TreeMap<>(model).toString());
            }
            return HexFormat.of().formatHex(md.digest()).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void upd(MessageDigest md, String s) {
        md.update(s.getBytes(StandardCharsets.UTF_8));
        md.update((byte) 0);
    }
}
