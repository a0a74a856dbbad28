package org.dxguard.graph.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.dxguard.graph.GraphErrors;
import org.dxguard.graph.internal.KnowledgeSet.DiseaseSpec;
import org.dxguard.graph.internal.KnowledgeSet.EdgeSpec;
import org.dxguard.graph.internal.KnowledgeSet.FindingSpec;
import org.dxguard.graph.internal.KnowledgeSet.TermSpec;
import org.dxguard.model.Code;
import org.dxguard.model.DxGuardException;

/**
 * Reads the disease modules shipped inside the {@code org.mitre.synthea:synthea} jar (Apache-2.0) and turns each
 * module listed in {@code synthea-modules.tsv} into a disease (SNOMED CT) with its Symptom states as findings. Symptom
 * names that are one concept become one finding ({@code synthea-findings.tsv}: canonical slug, verified codes written
 * as {@code (:Term)-[:MAPS_TO]->(:Finding)}, English and Chinese synonyms).
 *
 * <p>P(symptom | disease): Synthea symptom states carry a severity range, not always a probability. We use the
 * state's {@code probability} when present, else the probability of the distributed transition leading to it,
 * else 0.8 (the module expresses the symptom whenever it reaches the state). States that end a symptom
 * ({@code exact.quantity = 0}) are skipped.
 */
public final class SyntheaModules {
    public static final String SOURCE = "synthea";
    public static final String VERSION = "synthea-3.3.0";
    static final double DEFAULT_P = 0.8;

    private SyntheaModules() {}

    public static KnowledgeSet load() {
        ObjectMapper om = new ObjectMapper();
        List<String[]> modules = table("synthea-modules.tsv");
        FindingTexts texts = FindingTexts.get();
        List<DiseaseSpec> diseases = new ArrayList<>();
        Map<String, FindingSpec> findings = new LinkedHashMap<>();
        Map<String, EdgeSpec> edges = new LinkedHashMap<>();
        double prior = 1.0 / modules.size();
        for (String[] m : modules) {
            JsonNode module = readModule(om, m[0]);
            String diseaseKey = Keys.concept(Code.SNOMED, m[1]);
            List<String> names = new ArrayList<>(FindingTexts.list(m.length > 4 ? m[4] : ""));
            names.addAll(FindingTexts.list(m.length > 5 ? m[5] : ""));
            diseases.add(new DiseaseSpec(diseaseKey, Code.SNOMED, m[1], m[2], Integer.parseInt(m[3]), prior,
                Map.of("module", m[0], "synonyms", names)));
            JsonNode states = module.path("states");
            Map<String, Double> incoming = incomingDistributions(states);
            states.fields().forEachRemaining(e -> {
                JsonNode s = e.getValue();
                if (!"Symptom".equals(s.path("type").asText()) || s.path("symptom").asText("").isBlank()
                    || s.path("exact").path("quantity").asDouble(1) == 0) {
                    return;
                }
                String name = s.path("symptom").asText().trim();
                // one graph finding per concept: "Dyspnea (finding)", "Shortness of Breath" and "difficulty
                // breathing" are all dyspnea (synthea-findings.tsv)
                String slug = texts.canonical(Keys.slug(name));
                String key = Keys.concept(Keys.SYNTHEA_SYMPTOM, slug);
                findings.computeIfAbsent(key, k -> finding(k, slug, name, texts.synthea(slug)));
                double p = s.has("probability") ? s.path("probability").asDouble()
                    : incoming.getOrDefault(e.getKey(), DEFAULT_P);
                p = Math.max(0.01, Math.min(0.99, p));
                String ek = diseaseKey + "->" + key;
                EdgeSpec prev = edges.get(ek);
                if (prev == null || prev.p() < p) {
                    edges.put(ek, new EdgeSpec(diseaseKey, key, p, p >= 0.5));
                }
            });
        }
        List<TermSpec> termSpecs = new ArrayList<>();
        for (FindingTexts.Row r : texts.syntheaRows().values()) {
            String key = Keys.concept(Keys.SYNTHEA_SYMPTOM, r.id());
            if (r.id().equals(r.canonical()) && findings.containsKey(key)) {
                for (FindingTexts.TableCode c : r.codes()) {
                    termSpecs.add(new TermSpec(c.code().system(), c.code().code(), key, c.close()));
                }
            }
        }
        return new KnowledgeSet(SOURCE, VERSION, diseases, List.copyOf(findings.values()),
            List.copyOf(edges.values()), List.of(), termSpecs, null);
    }

    private static FindingSpec finding(String key, String slug, String name, FindingTexts.Row row) {
        Set<String> syn = new LinkedHashSet<>();
        String clean = name.replaceAll("\\s*\\((finding|disorder)\\)", "").replace('_', ' ').trim();
        if (row != null && !row.en().isEmpty()) {
            clean = row.en().get(0); // the canonical concept's name, not the alias the first module used
        }
        syn.add(clean.toLowerCase(Locale.ROOT));
        for (String part : clean.split("/")) {
            syn.add(part.trim().toLowerCase(Locale.ROOT));
        }
        if (row != null) {
            syn.addAll(row.synonyms());
        }
        String label = Character.toUpperCase(clean.charAt(0)) + clean.substring(1);
        return new FindingSpec(key, Keys.SYNTHEA_SYMPTOM, slug, null, null, label, "symptom", "B", List.copyOf(syn));
    }

    /** State name → highest probability of a distributed transition that leads to it. */
    private static Map<String, Double> incomingDistributions(JsonNode states) {
        Map<String, Double> in = new HashMap<>();
        states.forEach(s -> s.path("distributed_transition").forEach(t -> {
            JsonNode d = t.path("distribution");
            if (d.isNumber()) {
                in.merge(t.path("transition").asText(), d.asDouble(), Math::max);
            }
        }));
        return in;
    }

    private static JsonNode readModule(ObjectMapper om, String path) {
        try (InputStream in = SyntheaModules.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new DxGuardException(GraphErrors.IMPORT_INVALID, "Synthea module " + path
                    + " not found on the class path; add org.mitre.synthea:synthea 3.3.0 (jar only) to it");
            }
            return om.readTree(in);
        } catch (IOException e) {
            throw new DxGuardException(GraphErrors.IMPORT_INVALID, "cannot read Synthea module " + path, e);
        }
    }

    public static List<String[]> table(String name) {
        List<String[]> rows = new ArrayList<>();
        try (InputStream in = SyntheaModules.class.getResourceAsStream("/org/dxguard/graph/" + name)) {
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = r.readLine()) != null) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    rows.add(line.split("\t", -1));
                }
            }
            return rows;
        } catch (IOException | NullPointerException e) {
            throw new DxGuardException(GraphErrors.IMPORT_INVALID, "cannot read shipped table " + name, e);
        }
    }
}
