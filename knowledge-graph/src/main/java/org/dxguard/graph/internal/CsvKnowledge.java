package org.dxguard.graph.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.dxguard.graph.GraphErrors;
import org.dxguard.graph.internal.KnowledgeSet.DiseaseSpec;
import org.dxguard.graph.internal.KnowledgeSet.EdgeSpec;
import org.dxguard.graph.internal.KnowledgeSet.FindingSpec;
import org.dxguard.graph.internal.KnowledgeSet.TermSpec;
import org.dxguard.model.Code;
import org.dxguard.model.DxGuardException;

/**
 * Our own knowledge format for teams with their own sources (documented in knowledge-graph/README.md):
 * a YAML file ({@code .yaml}/{@code .yml}) or a directory with {@code kb.properties}, {@code diseases.csv},
 * {@code findings.csv} and {@code edges.csv}. Codes are written {@code system|code} or with a prefix
 * ({@code snomed:}, {@code icd10:}, {@code icd10cm:}, {@code loinc:}, {@code local:}).
 */
public final class CsvKnowledge {
    public static final String LOCAL = "urn:dxguard:local";
    private static final Map<String, String> PREFIXES = Map.of("snomed", Code.SNOMED, "icd10", Code.ICD10,
        "icd10cm", Code.ICD10_CM, "loinc", Code.LOINC, "local", LOCAL, "ddxplus", Keys.DDXPLUS_EVIDENCE,
        "synthea", Keys.SYNTHEA_SYMPTOM);

    private CsvKnowledge() {}

    public static KnowledgeSet load(Path path) {
        try {
            if (Files.isDirectory(path)) {
                return fromCsv(path);
            }
            String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
            if (name.endsWith(".yaml") || name.endsWith(".yml")) {
                return fromYaml(path);
            }
            throw new IllegalArgumentException("expected a .yaml/.yml file or a directory with CSV files");
        } catch (IOException | RuntimeException e) {
            if (e instanceof DxGuardException dx) {
                throw dx;
            }
            throw new DxGuardException(GraphErrors.IMPORT_INVALID, "cannot import " + path + ": " + e.getMessage(), e);
        }
    }

    /** {@code snomed:123}, {@code http://snomed.info/sct|123} or a bare code (local system). */
    static Code code(String text) {
        String t = text.trim();
        int bar = t.lastIndexOf('|');
        if (bar > 0) {
            return Code.of(t.substring(0, bar), t.substring(bar + 1));
        }
        int colon = t.indexOf(':');
        if (colon > 0 && PREFIXES.containsKey(t.substring(0, colon).toLowerCase(Locale.ROOT))) {
            return Code.of(PREFIXES.get(t.substring(0, colon).toLowerCase(Locale.ROOT)), t.substring(colon + 1));
        }
        return Code.of(LOCAL, t);
    }

    private static KnowledgeSet fromYaml(Path file) throws IOException {
        JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
        String source = req(root, "source").asText();
        String version = root.path("version").asText("1");
        Builder b = new Builder();
        for (JsonNode f : root.path("findings")) {
            List<String> syn = new ArrayList<>();
            f.path("synonyms").forEach(s -> syn.add(s.asText()));
            List<String> terms = new ArrayList<>();
            f.path("terms").forEach(s -> terms.add(s.asText()));
            b.finding(req(f, "code").asText(), f.path("label").asText(null), f.path("kind").asText("symptom"), syn,
                terms);
        }
        for (JsonNode d : root.path("diseases")) {
            String dk = b.disease(req(d, "code").asText(), req(d, "name").asText(), d.path("severity").asInt(3),
                d.path("prior").asDouble(0.01));
            for (JsonNode e : d.path("findings")) {
                b.edge(dk, req(e, "finding").asText(), req(e, "p").asDouble(), e.path("key").asBoolean(false));
            }
        }
        return b.build(source, version);
    }

    private static KnowledgeSet fromCsv(Path dir) throws IOException {
        Properties props = new Properties();
        Path kb = dir.resolve("kb.properties");
        if (Files.isRegularFile(kb)) {
            try (BufferedReader r = Files.newBufferedReader(kb, StandardCharsets.UTF_8)) {
                props.load(r);
            }
        }
        Builder b = new Builder();
        for (Map<String, String> f : rows(dir.resolve("findings.csv"))) {
            b.finding(f.get("code"), f.get("label"), f.getOrDefault("kind", "symptom"), split(f.get("synonyms")),
                split(f.get("terms")));
        }
        Map<String, String> diseaseKeys = new HashMap<>();
        for (Map<String, String> d : rows(dir.resolve("diseases.csv"))) {
            diseaseKeys.put(d.get("code"), b.disease(d.get("code"), d.get("name"),
                Integer.parseInt(d.getOrDefault("severity", "3").isBlank() ? "3" : d.get("severity")),
                Double.parseDouble(d.getOrDefault("prior", "0.01").isBlank() ? "0.01" : d.get("prior"))));
        }
        for (Map<String, String> e : rows(dir.resolve("edges.csv"))) {
            String dk = diseaseKeys.get(e.get("disease"));
            if (dk == null) {
                throw new IllegalArgumentException("edges.csv names disease " + e.get("disease")
                    + " that diseases.csv does not define");
            }
            b.edge(dk, e.get("finding"), Double.parseDouble(e.get("p")), Boolean.parseBoolean(e.get("key")));
        }
        return b.build(props.getProperty("source", dir.getFileName().toString()), props.getProperty("version", "1"));
    }

    private static List<Map<String, String>> rows(Path csv) throws IOException {
        if (!Files.isRegularFile(csv)) {
            throw new IllegalArgumentException("missing " + csv.getFileName());
        }
        try (BufferedReader r = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            List<List<String>> all = Csv.read(r);
            List<String> header = all.get(0).stream().map(h -> h.trim().toLowerCase(Locale.ROOT)).toList();
            List<Map<String, String>> out = new ArrayList<>();
            for (List<String> row : all.subList(1, all.size())) {
                Map<String, String> m = new LinkedHashMap<>();
                for (int i = 0; i < header.size() && i < row.size(); i++) {
                    m.put(header.get(i), row.get(i).trim());
                }
                out.add(m);
            }
            return out;
        }
    }

    private static List<String> split(String s) {
        List<String> out = new ArrayList<>();
        if (s != null) {
            for (String p : s.split("\\|")) {
                if (!p.isBlank()) {
                    out.add(p.trim());
                }
            }
        }
        return out;
    }

    private static JsonNode req(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull() || v.asText().isBlank()) {
            throw new IllegalArgumentException("missing '" + field + "' in " + n);
        }
        return v;
    }

    private static final class Builder {
        private final Map<String, DiseaseSpec> diseases = new LinkedHashMap<>();
        private final Map<String, FindingSpec> findings = new LinkedHashMap<>();
        private final List<EdgeSpec> edges = new ArrayList<>();
        private final List<TermSpec> terms = new ArrayList<>();

        void finding(String codeText, String label, String kind, List<String> synonyms, List<String> termCodes) {
            Code c = code(codeText);
            String key = Keys.concept(c);
            String lbl = label == null || label.isBlank() ? c.code() : label;
            List<String> syn = new ArrayList<>(synonyms);
            if (!syn.contains(lbl.toLowerCase(Locale.ROOT))) {
                syn.add(0, lbl.toLowerCase(Locale.ROOT));
            }
            findings.put(key, new FindingSpec(key, c.system(), c.code(), null, null, lbl, kind, "B", syn));
            for (String t : termCodes) {
                Code tc = code(t);
                terms.add(new TermSpec(tc.system(), tc.code(), key));
            }
        }

        String disease(String codeText, String name, int severity, double prior) {
            Code c = code(codeText);
            String key = Keys.concept(c);
            diseases.put(key, new DiseaseSpec(key, c.system(), c.code(), name, severity, prior, Map.of()));
            return key;
        }

        void edge(String diseaseKey, String findingCode, double p, boolean key) {
            String fk = Keys.concept(code(findingCode));
            if (!findings.containsKey(fk)) {
                throw new IllegalArgumentException("edge to finding " + findingCode + " that is not defined");
            }
            edges.add(new EdgeSpec(diseaseKey, fk, p, key));
        }

        KnowledgeSet build(String source, String version) {
            return new KnowledgeSet(source, source + "-" + version, List.copyOf(diseases.values()),
                List.copyOf(findings.values()), edges, List.of(), terms, null);
        }
    }
}
