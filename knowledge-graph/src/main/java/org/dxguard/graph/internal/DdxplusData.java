package org.dxguard.graph.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.dxguard.graph.GraphErrors;
import org.dxguard.model.Code;
import org.dxguard.model.DxGuardException;
import org.dxguard.model.Finding;
import org.dxguard.model.Sex;

/**
 * The DDXPlus knowledge files ({@code release_conditions.json}, {@code release_evidences.json}) and patient files
 * (CSV with age, sex, diagnosis, features, top5_diagnoses). DDXPlus (Fansi Tchango et al., NeurIPS 2022), CC-BY.
 */
public final class DdxplusData {
    public static final String SOURCE = "ddxplus";
    public static final String VERSION = "ddxplus-2022";

    /**
     * One evidence (E_xx): data type B (binary), C (categorical scale) or M (multi-choice); {@code parent} is the
     * question it follows up ({@code code_question}: E_55 "where is the pain" is asked after E_53 "pain"), or itself.
     */
    public record Evidence(String code, String question, boolean antecedent, String dataType,
                           Map<String, String> valueMeanings, List<String> possibleValues, String parent) {}

    /** One pathology with its listed evidences. */
    public record Pathology(String name, String icd10, int severity, Set<String> symptoms, Set<String> antecedents) {
        public Set<String> evidences() {
            Set<String> all = new LinkedHashSet<>(symptoms);
            all.addAll(antecedents);
            return all;
        }

        public String key() {
            return Keys.concept(Keys.DDXPLUS_PATHOLOGY, name);
        }
    }

    /**
     * One patient: the evidence tokens as DDXPlus writes them ({@code E_53}, {@code E_55_@_V_89}, {@code E_56_@_5}),
     * the ground-truth pathology and differential (pathology → probability, in file order).
     */
    public record PatientCase(int age, Sex sex, String pathology, List<String> tokens,
                              LinkedHashMap<String, Double> differential, String initialEvidence) {}

    private final Map<String, Evidence> evidences;
    private final Map<String, Pathology> pathologies;

    private DdxplusData(Map<String, Evidence> evidences, Map<String, Pathology> pathologies) {
        this.evidences = evidences;
        this.pathologies = pathologies;
    }

    public Map<String, Evidence> evidences() {
        return evidences;
    }

    public Map<String, Pathology> pathologies() {
        return pathologies;
    }

    public static DdxplusData load(Path dir) {
        Path conditions = dir.resolve("release_conditions.json");
        Path evidenceFile = dir.resolve("release_evidences.json");
        if (!Files.isRegularFile(conditions) || !Files.isRegularFile(evidenceFile)) {
            throw new DxGuardException(GraphErrors.IMPORT_INVALID, "DDXPlus directory " + dir
                + " must contain release_conditions.json and release_evidences.json");
        }
        try {
            ObjectMapper om = new ObjectMapper();
            Map<String, Evidence> ev = new LinkedHashMap<>();
            JsonNode en = om.readTree(evidenceFile.toFile());
            for (Iterator<Map.Entry<String, JsonNode>> it = en.fields(); it.hasNext(); ) {
                var e = it.next();
                JsonNode n = e.getValue();
                Map<String, String> meanings = new LinkedHashMap<>();
                n.path("value_meaning").fields().forEachRemaining(
                    m -> meanings.put(m.getKey(), m.getValue().path("en").asText(m.getKey()).trim()));
                List<String> possible = new ArrayList<>();
                n.path("possible-values").forEach(v -> possible.add(v.asText()));
                ev.put(e.getKey(), new Evidence(e.getKey(), n.path("question_en").asText(e.getKey()).trim(),
                    n.path("is_antecedent").asBoolean(false), n.path("data_type").asText("B"), meanings, possible,
                    n.path("code_question").asText(e.getKey())));
            }
            Map<String, Pathology> pa = new LinkedHashMap<>();
            JsonNode cn = om.readTree(conditions.toFile());
            for (Iterator<Map.Entry<String, JsonNode>> it = cn.fields(); it.hasNext(); ) {
                var e = it.next();
                JsonNode n = e.getValue();
                Set<String> sy = new LinkedHashSet<>();
                n.path("symptoms").fieldNames().forEachRemaining(sy::add);
                Set<String> an = new LinkedHashSet<>();
                n.path("antecedents").fieldNames().forEachRemaining(an::add);
                String name = n.path("cond-name-eng").asText(e.getKey());
                pa.put(name, new Pathology(name, n.path("icd10-id").asText(null), n.path("severity").asInt(3), sy, an));
            }
            return new DdxplusData(ev, pa);
        } catch (IOException | RuntimeException e) {
            throw new DxGuardException(GraphErrors.IMPORT_INVALID, "cannot read DDXPlus files in " + dir + ": "
                + e.getMessage(), e);
        }
    }

    /** Reads a patient CSV (columns by header name: age, sex, diagnosis, features, top5_diagnoses, feature_id). */
    @SuppressWarnings("unchecked")
    public static List<PatientCase> readPatients(Path csv) {
        try (BufferedReader r = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            List<List<String>> rows = Csv.read(r);
            if (rows.isEmpty()) {
                throw new IllegalArgumentException("empty file");
            }
            List<String> header = rows.get(0);
            int age = col(header, "age");
            int sex = col(header, "sex");
            int dx = col(header, "diagnosis");
            int feats = col(header, "features");
            int diff = col(header, "top5_diagnoses");
            int init = header.indexOf("feature_id");
            List<PatientCase> out = new ArrayList<>();
            for (int i = 1; i < rows.size(); i++) {
                List<String> row = rows.get(i);
                LinkedHashMap<String, Double> dd = new LinkedHashMap<>();
                for (Object o : (List<Object>) PythonLiterals.parse(row.get(diff))) {
                    List<Object> pair = (List<Object>) o;
                    dd.put((String) pair.get(0), ((Number) pair.get(1)).doubleValue());
                }
                String s = row.get(sex).trim().toUpperCase(Locale.ROOT);
                out.add(new PatientCase(Integer.parseInt(row.get(age).trim()),
                    s.startsWith("M") ? Sex.MALE : s.startsWith("F") ? Sex.FEMALE : Sex.UNKNOWN,
                    row.get(dx).trim(), PythonLiterals.stringList(row.get(feats)), dd,
                    init >= 0 && init < row.size() ? row.get(init) : null));
            }
            return out;
        } catch (IOException | RuntimeException e) {
            throw new DxGuardException(GraphErrors.IMPORT_INVALID, "cannot read DDXPlus patient file " + csv + ": "
                + e.getMessage(), e);
        }
    }

    private static int col(List<String> header, String name) {
        int i = header.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("missing column '" + name + "' in header " + header);
        }
        return i;
    }

    /** A DDXPlus token as clinical-model findings' form: {@code E_55_@_V_89} → Finding(E_55, present, "V_89"). */
    public static Finding toFinding(String token) {
        int at = token.indexOf("_@_");
        Code code = Code.of(Keys.DDXPLUS_EVIDENCE, at < 0 ? token : token.substring(0, at));
        return new Finding(code, true, at < 0 ? null : token.substring(at + 3));
    }

    /** The graph keys a token stands for: its base finding and, for a valued token, the value node. */
    public static List<String> graphKeys(String token) {
        int at = token.indexOf("_@_");
        String base = Keys.concept(Keys.DDXPLUS_EVIDENCE, at < 0 ? token : token.substring(0, at));
        return at < 0 ? List.of(base) : List.of(base, Keys.value(base, token.substring(at + 3)));
    }
}
