// Runs the veto over real answers of the embedded small model (llm-reasoner/embedded-model/MODEL_CARD.md) and counts
// what it vetoes, with and without VETO-GRD-004/005, next to an independent count of mis-paired citations.
//
//   ./mvnw -q -B -DskipTests -Dmaven.test.skip=true package -pl cds-hooks-service -am   # or: bin/dxguard --help
//   java -cp "cds-hooks-service/target/dxguard.jar:cds-hooks-service/target/lib/*" \
//       safety/tools/VetoEmbeddedOutputs.java --data heldout.jsonl [--exclude train.jsonl] [--n 200] [--out DIR]
//       [--targets true]
//
// --data: an `export-training-data --prompt-version differential-tiny-v1` file (the model card's held-out set);
// prompts also found in --exclude are skipped, as in evaluate.py. For each prompt the model answers greedily under
// the schema grammar (as the service runs it); the candidates, their evidence (supporting / not yet present) and the
// aliases and the patient's findings are read back from the prompt (ids ev:<label slug>, as the graph writes Synthea
// findings); the answer goes
// through the explainer's parser, the claim extractor and the veto over the packaged guidelines (ExplanationGuard).
// "Mis-paired" is counted independently of the veto: in the target's wording "Label [Ek]", a label that is the
// prompt's label of another alias. --out writes every answer with its claims' verdicts (JSONL) for review.
// --targets true judges the file's own grounded targets (the training answers, correct by construction) instead of
// the model's answers: every veto there is a false veto.
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dxguard.guidelines.GuidelineRepository;
import org.dxguard.model.Candidate;
import org.dxguard.model.Code;
import org.dxguard.model.Evidence;
import org.dxguard.model.Finding;
import org.dxguard.model.PatientFacts;
import org.dxguard.model.Sex;
import org.dxguard.model.Veto;
import org.dxguard.reasoner.Explanation;
import org.dxguard.reasoner.embedded.EmbeddedModel;
import org.dxguard.reasoner.internal.EvidenceAliases;
import org.dxguard.reasoner.internal.ExplanationSchema;
import org.dxguard.reasoner.internal.ModelOutputParser;
import org.dxguard.service.safety.ExplanationGuard;

public class VetoEmbeddedOutputs {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> NEW_RULES = Set.of("VETO-GRD-004", "VETO-GRD-005");
    private static final Pattern CAND = Pattern.compile("^\\d+\\. (.+) \\((?:SNOMED CT|[^)]*?) ?([^ )]+)\\) - score ([0-9.]+), severity (\\d)");
    private static final Pattern EV = Pattern.compile("\\[(E\\d+)] ([^;]+)");
    private static final Pattern FINDING = Pattern.compile("^- (present|absent): (.+)$");
    private static final Pattern PATIENT = Pattern.compile("Patient: age (\\d+), (\\w+)");
    private static final Pattern PAIRED = Pattern.compile("(?:^|: |, | and |] )([A-Za-z][A-Za-z0-9 /'()-]*?) \\[(E\\d+)]");

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            a.put(args[i], args[i + 1]);
        }
        int n = Integer.parseInt(a.getOrDefault("--n", "200"));
        boolean targets = Boolean.parseBoolean(a.getOrDefault("--targets", "false"));
        Set<String> exclude = new HashSet<>();
        if (a.containsKey("--exclude")) {
            try (var lines = Files.lines(Path.of(a.get("--exclude")))) {
                lines.forEach(l -> exclude.add(userPrompt(l)));
            }
        }
        Path out = a.containsKey("--out") ? Files.createDirectories(Path.of(a.get("--out"))) : null;
        List<String> review = new ArrayList<>();
        int grd005Outputs = 0, grd005Claims = 0, grd005Only = 0;
        int answers = 0, parserRejected = 0, vetoedBefore = 0, vetoedAfter = 0, grd004Outputs = 0, grd004Claims = 0;
        int mispairedOutputs = 0, mispairedCaught = 0, grd004WithoutMispair = 0, skipped = 0;
        Map<String, Integer> byRule = new TreeMap<>();
        try (GuidelineRepository repo = GuidelineRepository.resolve(null, false);
             EmbeddedModel model = EmbeddedModel.loadDefault(1)) {
            ExplanationGuard guard = ExplanationGuard.over(repo);
            String grammar = model.grammarFor(ExplanationSchema.jsonSchema());
            for (String line : Files.readAllLines(Path.of(a.get("--data")), StandardCharsets.UTF_8)) {
                if (answers + parserRejected >= n) {
                    break;
                }
                String prompt = userPrompt(line);
                if (prompt.isEmpty() || exclude.contains(prompt)) {
                    skipped++;
                    continue;
                }
                Case c = parse(prompt);
                String answer = targets ? assistant(line)
                    : model.generate(prompt + EmbeddedModel.PROMPT_SUFFIX, grammar, 768).text();
                Explanation e;
                try {
                    e = new ModelOutputParser().parse(answer, c.aliases(), "en");
                } catch (RuntimeException ex) {
                    parserRejected++;
                    continue;
                }
                answers++;
                ExplanationGuard.Guarded g = guard.guard(c.facts(), c.candidates(), e);
                List<Veto> vetoes = g.veto().vetoes();
                List<Veto> grd4 = vetoes.stream().filter(v -> v.ruleId().equals("VETO-GRD-004")).toList();
                List<Veto> grd5 = vetoes.stream().filter(v -> v.ruleId().equals("VETO-GRD-005")).toList();
                vetoes.stream().map(Veto::ruleId).distinct().forEach(r -> byRule.merge(r, 1, Integer::sum));
                boolean before = vetoes.stream().anyMatch(v -> !NEW_RULES.contains(v.ruleId()));
                vetoedBefore += before ? 1 : 0;
                vetoedAfter += vetoes.isEmpty() ? 0 : 1;
                grd004Outputs += grd4.isEmpty() ? 0 : 1;
                grd004Claims += grd4.size();
                grd005Outputs += grd5.isEmpty() ? 0 : 1;
                grd005Claims += grd5.size();
                grd005Only += grd5.isEmpty() || !grd4.isEmpty() ? 0 : 1;
                List<String> mispairs = mispairs(answer, c.labels());
                mispairedOutputs += mispairs.isEmpty() ? 0 : 1;
                mispairedCaught += !mispairs.isEmpty() && !grd4.isEmpty() ? 1 : 0;
                grd004WithoutMispair += mispairs.isEmpty() && !grd4.isEmpty() ? 1 : 0;
                if (out != null) {
                    Map<String, Object> r = new LinkedHashMap<>();
                    r.put("answer", answer);
                    r.put("mispairs", mispairs);
                    r.put("vetoes", vetoes.stream().map(v -> v.ruleId() + ": " + v.reason()).toList());
                    review.add(JSON.writeValueAsString(r));
                }
            }
        }
        System.out.println("answers=" + answers + " (parser_rejected=" + parserRejected + ", skipped=" + skipped + ")");
        System.out.println("vetoed_without_GRD004_GRD005=" + vetoedBefore);
        System.out.println("vetoed_with_GRD004_GRD005=" + vetoedAfter);
        System.out.println("GRD004_outputs=" + grd004Outputs + " GRD004_claims=" + grd004Claims);
        System.out.println("GRD005_outputs=" + grd005Outputs + " GRD005_claims=" + grd005Claims
            + " GRD005_outputs_without_GRD004=" + grd005Only);
        System.out.println("outputs_by_rule=" + byRule);
        System.out.println("mispaired_outputs=" + mispairedOutputs + " caught_by_GRD004=" + mispairedCaught
            + " GRD004_without_counted_mispair=" + grd004WithoutMispair);
        if (out != null) {
            Files.write(out.resolve("embedded-outputs.jsonl"), review, StandardCharsets.UTF_8);
        }
        System.exit(0); // java-llama.cpp keeps a non-daemon thread (MODEL_CARD.md)
    }

    record Case(PatientFacts facts, List<Candidate> candidates, EvidenceAliases aliases, Map<String, String> labels) {}

    static String assistant(String jsonl) {
        try {
            for (JsonNode m : JSON.readTree(jsonl).path("messages")) {
                if (m.path("role").asText().equals("assistant")) {
                    return m.path("content").asText();
                }
            }
        } catch (Exception e) {
            // not a chat line
        }
        return "";
    }

    static String userPrompt(String jsonl) {
        try {
            for (JsonNode m : JSON.readTree(jsonl).path("messages")) {
                if (m.path("role").asText().equals("user")) {
                    return m.path("content").asText();
                }
            }
        } catch (Exception e) {
            // not a chat line
        }
        return "";
    }

    static Case parse(String prompt) {
        Matcher p = PATIENT.matcher(prompt);
        PatientFacts.Builder b = PatientFacts.builder().asOf(Instant.parse("2025-06-01T12:00:00Z"));
        if (p.find()) {
            b.ageYears(Integer.parseInt(p.group(1))).sex(p.group(2).equals("female") ? Sex.FEMALE : Sex.MALE);
        }
        Map<String, String> labels = new LinkedHashMap<>();
        Map<String, String> ids = new LinkedHashMap<>();
        List<Candidate> cands = new ArrayList<>();
        String name = null, code = null;
        double score = 0;
        int sev = 3;
        List<Evidence> sup = new ArrayList<>(), mis = new ArrayList<>();
        for (String line : prompt.split("\n")) {
            Matcher f = FINDING.matcher(line.strip());
            if (f.matches()) {
                String label = f.group(2).strip();
                Code fc = new Code("urn:dxguard:synthea", slug(label), label);
                b.finding(f.group(1).equals("present") ? Finding.present(fc) : Finding.absent(fc));
                continue;
            }
            Matcher m = CAND.matcher(line.strip());
            if (m.find()) {
                if (name != null) {
                    cands.add(new Candidate(Code.snomed(code), name, Math.min(1, score), sev, sup, mis));
                }
                name = m.group(1);
                code = m.group(2);
                score = Double.parseDouble(m.group(3));
                sev = Integer.parseInt(m.group(4));
                sup = new ArrayList<>();
                mis = new ArrayList<>();
            } else if (line.strip().startsWith("supporting evidence:") || line.strip().startsWith("key findings not")) {
                List<Evidence> into = line.strip().startsWith("supporting") ? sup : mis;
                Matcher e = EV.matcher(line);
                while (e.find()) {
                    String label = e.group(2).strip();
                    String id = ids.computeIfAbsent(e.group(1), al -> {
                        String slug = "ev:" + slug(label);
                        // two findings of the graph may share a label (different codes): keep their ids apart
                        return ids.containsValue(slug) ? slug + "-" + al.toLowerCase(Locale.ROOT) : slug;
                    });
                    labels.put(e.group(1), label);
                    into.add(new Evidence(id, new Code("urn:dxguard:synthea", id.substring(3), label), label, 0.5));
                }
            }
        }
        if (name != null) {
            cands.add(new Candidate(Code.snomed(code), name, Math.min(1, score), sev, sup, mis));
        }
        EvidenceAliases aliases = new EvidenceAliases();
        labels.entrySet().stream()
            .sorted((x, y) -> Integer.compare(Integer.parseInt(x.getKey().substring(1)), Integer.parseInt(y.getKey().substring(1))))
            .forEach(en -> aliases.aliasOf(ids.get(en.getKey())));
        return new Case(b.build(), cands, aliases, labels);
    }

    static String slug(String label) {
        return label.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
    }

    /** "Label [Ek]" where Label is the prompt's label of another alias (case-insensitive). */
    static List<String> mispairs(String answer, Map<String, String> labels) {
        List<String> out = new ArrayList<>();
        Map<String, String> byLabel = new LinkedHashMap<>();
        labels.forEach((alias, label) -> byLabel.putIfAbsent(label.toLowerCase(Locale.ROOT), alias));
        Matcher m = PAIRED.matcher(answer);
        while (m.find()) {
            String label = m.group(1).strip().toLowerCase(Locale.ROOT);
            String own = labels.get(m.group(2));
            if (own != null && !own.equalsIgnoreCase(label) && byLabel.containsKey(label)) {
                out.add(m.group(1).strip() + " [" + m.group(2) + "] (is " + own + ")");
            }
        }
        return out;
    }
}
