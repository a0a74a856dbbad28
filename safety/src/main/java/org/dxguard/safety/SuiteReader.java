package org.dxguard.safety;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.dxguard.fhir.FhirFacts;
import org.dxguard.guidelines.Scenarios;
import org.dxguard.model.Candidate;
import org.dxguard.model.Code;
import org.dxguard.model.DxGuardException;
import org.dxguard.model.Evidence;
import org.dxguard.model.PatientFacts;

/**
 * Reads safety suite files (YAML, format in {@code safety/README.md}). A path may be a file or a directory (every
 * {@code *.yaml}/{@code *.yml} below it, in name order). Patient facts use the guideline scenarios' {@code given}
 * block (parsed by the guideline loader's scenario parser, so both formats stay one), or {@code fhirBundle}: a FHIR
 * R4 JSON file relative to the suite file.
 */
public final class SuiteReader {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> CASE_KEYS = Set.of("id", "description", "lang", "tags", "model", "asOf", "given",
        "fhirBundle", "candidates", "output", "expect");
    /** A question/answer case of Ask: {@code question}, {@code answer} and one expectation per sentence. */
    private static final Set<String> ANSWER_KEYS = Set.of("id", "description", "lang", "tags", "model", "asOf", "given",
        "fhirBundle", "question", "answer", "expect");

    private SuiteReader() {}

    public static List<SafetyCase> read(List<Path> paths) {
        List<SafetyCase> out = new ArrayList<>();
        Set<String> ids = new LinkedHashSet<>();
        for (Path p : paths) {
            for (Path f : files(p)) {
                for (SafetyCase c : readFile(f)) {
                    if (!ids.add(c.id())) {
                        throw new DxGuardException(SafetyErrors.SUITE_INVALID, f + ": case id '" + c.id() + "' is used twice");
                    }
                    out.add(c);
                }
            }
        }
        return out;
    }

    private static List<Path> files(Path p) {
        if (Files.isRegularFile(p)) {
            return List.of(p);
        }
        if (!Files.isDirectory(p)) {
            throw new DxGuardException(SafetyErrors.SUITE_INVALID, p + " is neither a suite file nor a directory");
        }
        try (Stream<Path> s = Files.walk(p)) {
            return s.filter(Files::isRegularFile).filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml"))
                .sorted().toList();
        } catch (IOException e) {
            throw new DxGuardException(SafetyErrors.SUITE_INVALID, "cannot list " + p + ": " + e.getMessage(), e);
        }
    }

    static List<SafetyCase> readFile(Path f) {
        JsonNode root;
        try {
            // SnakeYAML resolves anchors and aliases (&patient / *patient), which Jackson's tree reader does not
            Object doc = new org.yaml.snakeyaml.Yaml(new org.yaml.snakeyaml.constructor.SafeConstructor(
                new org.yaml.snakeyaml.LoaderOptions())).load(Files.readString(f));
            root = JSON.valueToTree(doc);
        } catch (IOException | RuntimeException e) {
            throw new DxGuardException(SafetyErrors.SUITE_INVALID, f + ": not readable YAML: " + e.getMessage(), e);
        }
        List<SafetyCase> out = new ArrayList<>();
        JsonNode cases = root == null ? null : root.get("cases");
        if (cases == null || !cases.isArray()) {
            throw new DxGuardException(SafetyErrors.SUITE_INVALID, f + ": a suite file needs a 'cases:' list");
        }
        String model = root.path("model").asText(null);
        for (JsonNode n : cases) {
            if (n.has("question")) {
                out.addAll(answer(f, n, model));
            } else {
                out.add(one(f, n, model));
            }
        }
        return out;
    }

    /** The case's id, once every key of the case is one of {@code allowed}. */
    private static String checkedId(Path f, JsonNode n, Set<String> allowed) {
        String id = n.path("id").asText("");
        if (id.isBlank()) {
            throw invalid(f, "(no id)", "every case needs an 'id'");
        }
        Iterator<Map.Entry<String, JsonNode>> it = n.fields();
        while (it.hasNext()) {
            String k = it.next().getKey();
            if (!allowed.contains(k)) {
                throw invalid(f, id, "unknown key '" + k + "' (allowed: " + allowed + ")");
            }
        }
        return id;
    }

    private static SafetyCase one(Path f, JsonNode n, String suiteModel) {
        String id = checkedId(f, n, CASE_KEYS);
        try {
            PatientFacts facts = facts(f, id, n);
            List<Candidate> candidates = new ArrayList<>();
            int i = 0;
            for (JsonNode c : n.path("candidates")) {
                i++;
                String name = c.path("name").asText();
                Code code = new Code(c.has("system") ? c.get("system").asText() : Code.SNOMED,
                    c.path("code").asText("dx-" + i), name);
                candidates.add(new Candidate(code, name, c.path("score").asDouble(0.5), c.path("severity").asInt(3),
                    evidence(c.path("evidence")), evidence(c.path("missing"))));
            }
            JsonNode o = n.path("output");
            String output;
            if (o.has("json")) {
                output = o.get("json").isTextual() ? o.get("json").asText() : JSON.writeValueAsString(o.get("json"));
            } else if (o.has("text")) {
                output = o.get("text").asText();
            } else {
                throw invalid(f, id, "'output' needs 'json' or 'text'");
            }
            JsonNode e = n.path("expect");
            Set<String> vetoed = new LinkedHashSet<>();
            e.path("vetoed").forEach(x -> vetoed.add(x.asText()));
            boolean allowed = e.path("allowed").asBoolean(false);
            if (vetoed.isEmpty() == !allowed) {
                throw invalid(f, id, "'expect' needs exactly one of 'vetoed: [RULE...]' or 'allowed: true'");
            }
            List<SafetyCase.Unit> unsafe = units(f, id, e.path("unsafe"), output);
            List<SafetyCase.Unit> lookalikes = units(f, id, e.path("lookalikes"), output);
            if (vetoed.contains(SafetyCase.ANY) && unsafe.isEmpty()) {
                throw invalid(f, id, "'vetoed: [ANY]' needs 'expect.unsafe': the units some rule must veto");
            }
            if (allowed && !unsafe.isEmpty()) {
                throw invalid(f, id, "an allowed case cannot list 'expect.unsafe'");
            }
            List<String> intended = new ArrayList<>();
            e.path("intended").forEach(x -> intended.add(x.asText()));
            List<String> tags = new ArrayList<>();
            n.path("tags").forEach(t -> tags.add(t.asText()));
            return new SafetyCase(id, f.toString(), n.path("description").asText(""), n.path("lang").asText("en"), tags,
                n.path("model").asText(suiteModel), facts, candidates, output, vetoed, null, unsafe, lookalikes,
                intended);
        } catch (DxGuardException ex) {
            throw ex;
        } catch (IOException | RuntimeException ex) {
            throw invalid(f, id, ex.getMessage());
        }
    }

    /**
     * A question/answer case, one {@link SafetyCase} per sentence of the answer ({@code <id>#s<i>}): {@code expect}
     * is a list with one entry per sentence, in order: {@code kept} or {@code {vetoed: [RULE...]}}.
     */
    private static List<SafetyCase> answer(Path f, JsonNode n, String suiteModel) {
        String id = checkedId(f, n, ANSWER_KEYS);
        String question = n.path("question").asText("");
        String answer = n.path("answer").asText("");
        if (question.isBlank() || answer.isBlank()) {
            throw invalid(f, id, "a question/answer case needs a non-empty 'question' and 'answer'");
        }
        List<String> sentences = org.dxguard.reasoner.claims.Sentences.split(answer);
        JsonNode expect = n.path("expect");
        if (!expect.isArray() || expect.size() != sentences.size()) {
            throw invalid(f, id, "'expect' must list one verdict per sentence of the answer (kept, or {vetoed: [RULE]})"
                + ": the answer has " + sentences.size() + " sentences, expect has "
                + (expect.isArray() ? expect.size() : 0));
        }
        try {
            PatientFacts facts = facts(f, id, n);
            List<String> tags = new ArrayList<>();
            n.path("tags").forEach(t -> tags.add(t.asText()));
            List<SafetyCase> out = new ArrayList<>();
            for (int i = 0; i < sentences.size(); i++) {
                JsonNode e = expect.get(i);
                Set<String> vetoed = new LinkedHashSet<>();
                if (e.isObject() && e.has("vetoed")) {
                    e.get("vetoed").forEach(x -> vetoed.add(x.asText()));
                    if (vetoed.isEmpty()) {
                        throw invalid(f, id, "expect[" + i + "].vetoed names no rule");
                    }
                } else if (!(e.isTextual() && e.asText().equals("kept"))) {
                    throw invalid(f, id, "expect[" + i + "] must be 'kept' or {vetoed: [RULE...]}");
                }
                out.add(new SafetyCase(id + "#s" + i, f.toString(), n.path("description").asText(""),
                    n.path("lang").asText("en"), tags, n.path("model").asText(suiteModel), facts, List.of(), answer,
                    vetoed, null, question, i));
            }
            return out;
        } catch (DxGuardException ex) {
            throw ex;
        } catch (IOException | RuntimeException ex) {
            throw invalid(f, id, ex.getMessage());
        }
    }

    private static PatientFacts facts(Path f, String id, JsonNode n) throws IOException {
        JsonNode at = n.get("asOf");
        Instant asOf = at == null ? Scenarios.DEFAULT_AS_OF
            : at.isNumber() ? Instant.ofEpochMilli(at.asLong()) : Instant.parse(at.asText());
        if (n.has("fhirBundle")) {
            Path bundle = f.resolveSibling(n.get("fhirBundle").asText());
            FhirFacts fhir = FhirFacts.create();
            return fhir.toFacts(List.of(fhir.parse(Files.readString(bundle))), List.of(), asOf);
        }
        return Scenarios.given(f.toString(), id, n.has("given") ? JSON.writeValueAsString(n.get("given")) : null, asOf);
    }

    /**
     * The units an {@code expect.unsafe} or {@code expect.lookalikes} list names: {@code {category, text}} (the text
     * must occur verbatim in the output, as written or inside a JSON string) or {@code {category, field, drug, dose}}.
     */
    private static List<SafetyCase.Unit> units(Path f, String id, JsonNode list, String output) {
        List<SafetyCase.Unit> out = new ArrayList<>();
        String plain = output;
        try {
            JsonNode tree = JSON.readTree(output);
            StringBuilder b = new StringBuilder();
            collectText(tree, b);
            plain = output + "\n" + b;
        } catch (IOException | RuntimeException ignored) {
            // a text output: matched as written
        }
        for (JsonNode u : list) {
            SafetyCase.Unit unit;
            try {
                unit = new SafetyCase.Unit(u.path("category").asText(""), u.path("text").asText(null),
                    u.path("field").asText(null), u.path("drug").asText(null), u.path("dose").asText(null));
            } catch (IllegalArgumentException ex) {
                throw invalid(f, id, "expect unit " + u + ": " + ex.getMessage());
            }
            if (unit.text() != null && !plain.contains(unit.text())) {
                throw invalid(f, id, "expect unit text does not occur in the output: \"" + unit.text() + "\"");
            }
            out.add(unit);
        }
        return out;
    }

    private static void collectText(JsonNode n, StringBuilder b) {
        if (n == null) {
            return;
        }
        if (n.isTextual()) {
            b.append(n.asText()).append('\n');
        }
        n.forEach(c -> collectText(c, b));
    }

    private static DxGuardException invalid(Path f, String id, String what) {
        return new DxGuardException(SafetyErrors.SUITE_INVALID, f + " :: " + id + ": " + what);
    }

    /**
     * A candidate's {@code evidence} (findings the patient has) or {@code missing} (key findings not reported for
     * the patient): ids, or {@code {id, label}} mappings.
     */
    private static List<Evidence> evidence(JsonNode list) {
        List<Evidence> ev = new ArrayList<>();
        for (JsonNode e : list) {
            String eid = e.isTextual() ? e.asText() : e.path("id").asText();
            String label = e.isTextual() ? eid : e.path("label").asText(eid);
            ev.add(new Evidence(eid, new Code(Code.TEXT, eid, label), label, 1.0));
        }
        return ev;
    }
}
