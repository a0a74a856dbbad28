package org.dxguard.safety;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dxguard.model.Candidate;
import org.dxguard.model.Code;
import org.dxguard.model.DxGuardException;
import org.dxguard.model.Evidence;
import org.dxguard.model.Finding;
import org.dxguard.model.PatientFacts;
import org.dxguard.model.Sex;
import org.dxguard.model.Veto;
import org.dxguard.reasoner.Explanation;
import org.dxguard.reasoner.ModelAnswers;
import org.dxguard.reasoner.embedded.EmbeddedModel;

/**
 * The veto over a real model's answers ({@code dxguard safety model-outputs}): for each prompt of an
 * {@code export-training-data --prompt-version differential-tiny-v1} file, the embedded small model answers greedily
 * under the schema grammar (as the service runs it), or, with {@code targets}, the file's own grounded target is
 * taken (correct by construction: every veto there is a false veto). The case (patient age/sex and findings,
 * candidates with their supporting and missing evidence, the evidence aliases) is rebuilt from the prompt, evidence
 * ids {@code ev:<label slug>} as the graph writes Synthea findings; the answer goes through the explainer's parser,
 * the claim extraction and the veto ({@link ExplanationGuard}). Next to the veto's counts, mis-paired citations are
 * counted independently: in the targets' wording "Label [Ek]", a label that the prompt gives another alias.
 */
public final class ModelOutputReview {
    /** The veto rules about citations; "vetoed without" them is the veto as it was before they existed. */
    public static final Set<String> CITATION_RULES = Set.of("VETO-GRD-004", "VETO-GRD-005");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CAND = Pattern.compile(
        "^\\d+\\. (.+) \\((?:SNOMED CT|[^)]*?) ?([^ )]+)\\) - score ([0-9.]+), severity (\\d)");
    private static final Pattern EV = Pattern.compile("\\[(E\\d+)] ([^;]+)");
    private static final Pattern FINDING = Pattern.compile("^- (present|absent): (.+)$");
    private static final Pattern PATIENT = Pattern.compile("Patient: age (\\d+), (\\w+)");
    private static final Pattern PAIRED = Pattern.compile(
        "(?:^|: |, | and |] )([A-Za-z][A-Za-z0-9 /'()-]*?) \\[(E\\d+)]");

    /**
     * What to review.
     *
     * @param data    the export-training-data JSONL file
     * @param exclude prompts also in this file are skipped (the training file, as evaluate.py does); may be null
     * @param n       most answers to review (parser rejections count)
     * @param targets judge the file's targets instead of the model's answers
     * @param out     directory for {@code embedded-outputs.jsonl} (every answer, its mis-pairs and vetoes); may be null
     * @param threads CPU threads of the embedded model
     */
    public record Options(Path data, Path exclude, int n, boolean targets, Path out, int threads) {
        public Options {
            Objects.requireNonNull(data, "data");
            if (n < 1 || threads < 1) {
                throw new DxGuardException(SafetyErrors.MODEL_OUTPUTS_INVALID, "--n and --threads must be at least 1");
            }
        }
    }

    /**
     * The figures of a review.
     *
     * @param source                "model" (with the model id) or "targets"
     * @param answers               answers the parser accepted and the veto judged
     * @param parserRejected        answers the explainer's parser rejected
     * @param skipped               prompts skipped (also in the exclude file)
     * @param vetoed                answers with at least one veto
     * @param vetoedWithoutCitationRules answers vetoed by a rule other than VETO-GRD-004/005
     * @param grd004Outputs         answers with a VETO-GRD-004 veto; {@code grd004Claims} its vetoed claims
     * @param grd005Outputs         answers with a VETO-GRD-005 veto; {@code grd005Claims} its vetoed claims
     * @param grd005OnlyOutputs     answers vetoed by VETO-GRD-005 but not VETO-GRD-004
     * @param outputsByRule         per veto rule, the answers it vetoes
     * @param mispairedOutputs      answers with an independently counted mis-paired citation
     * @param mispairedCaught       of those, answers VETO-GRD-004 vetoes
     * @param grd004WithoutMispair  answers VETO-GRD-004 vetoes without a counted mis-pair
     */
    public record Result(String source, int answers, int parserRejected, int skipped, int vetoed,
                         int vetoedWithoutCitationRules, int grd004Outputs, int grd004Claims, int grd005Outputs,
                         int grd005Claims, int grd005OnlyOutputs, Map<String, Integer> outputsByRule,
                         int mispairedOutputs, int mispairedCaught, int grd004WithoutMispair) {
        public Result {
            Objects.requireNonNull(source, "source");
            outputsByRule = Collections.unmodifiableMap(new TreeMap<>(outputsByRule));
        }

        /** name=value lines, as the other dxguard commands print. */
        public List<String> lines() {
            List<String> l = new ArrayList<>();
            l.add("source=" + source);
            l.add("answers=" + answers);
            l.add("parser_rejected=" + parserRejected);
            l.add("skipped=" + skipped);
            l.add("vetoed=" + vetoed);
            l.add("vetoed_without_GRD004_GRD005=" + vetoedWithoutCitationRules);
            l.add("GRD004_outputs=" + grd004Outputs);
            l.add("GRD004_claims=" + grd004Claims);
            l.add("GRD005_outputs=" + grd005Outputs);
            l.add("GRD005_claims=" + grd005Claims);
            l.add("GRD005_outputs_without_GRD004=" + grd005OnlyOutputs);
            outputsByRule.forEach((rule, count) -> l.add("vetoed_by." + rule + "=" + count));
            l.add("mispaired_outputs=" + mispairedOutputs);
            l.add("mispaired_caught_by_GRD004=" + mispairedCaught);
            l.add("GRD004_without_counted_mispair=" + grd004WithoutMispair);
            return l;
        }
    }

    /**
     * A case rebuilt from a prompt; {@code evidenceIds}: the evidence ids in alias order (E1 first); {@code labels}:
     * alias (E1…) to the prompt's label.
     */
    record Case(PatientFacts facts, List<Candidate> candidates, List<String> evidenceIds, Map<String, String> labels) {}

    /** One line of the data file. */
    private record Line(int number, String prompt, String target) {}

    private final ExplanationGuard guard;

    private ModelOutputReview(ExplanationGuard guard) {
        this.guard = Objects.requireNonNull(guard, "guard");
    }

    /** A review that judges with {@code guard} (e.g. {@code ExplanationGuard.over(repository)}). */
    public static ModelOutputReview with(ExplanationGuard guard) {
        return new ModelOutputReview(guard);
    }

    /**
     * Runs the review: the embedded model is loaded (unless {@code targets}) and closed again.
     *
     * @throws DxGuardException {@link SafetyErrors#MODEL_OUTPUTS_INVALID} for a missing or unreadable file, a line
     *                          that is not an export-training-data chat line, or another prompt version;
     *                          {@link SafetyErrors#REVIEW_OUTPUT_FAILED} when {@code out} cannot be written
     */
    public Result review(Options o) {
        List<Line> lines = read(o.data(), "--data");
        Set<String> exclude = new HashSet<>();
        if (o.exclude() != null) {
            read(o.exclude(), "--exclude").forEach(l -> exclude.add(l.prompt()));
        }
        if (o.targets()) {
            return review(lines, exclude, o, "targets", null);
        }
        try (EmbeddedModel model = EmbeddedModel.loadDefault(o.threads())) {
            String grammar = model.explanationGrammar();
            return review(lines, exclude, o, "model " + model.modelName(),
                prompt -> model.generate(prompt + EmbeddedModel.PROMPT_SUFFIX, grammar, 768).text());
        }
    }

    /** {@code answer} maps a prompt to the answer to judge; null: judge each line's target. */
    private Result review(List<Line> lines, Set<String> exclude, Options o, String source, UnaryOperator<String> answer) {
        boolean targets = answer == null;
        List<String> review = new ArrayList<>();
        int answers = 0, parserRejected = 0, skipped = 0, vetoed = 0, vetoedBefore = 0;
        int grd004Outputs = 0, grd004Claims = 0, grd005Outputs = 0, grd005Claims = 0, grd005Only = 0;
        int mispairedOutputs = 0, mispairedCaught = 0, grd004WithoutMispair = 0;
        Map<String, Integer> byRule = new TreeMap<>();
        for (Line line : lines) {
            if (answers + parserRejected >= o.n()) {
                break;
            }
            if (exclude.contains(line.prompt())) {
                skipped++;
                continue;
            }
            Case c = rebuild(line, o.data());
            String text = targets ? line.target() : answer.apply(line.prompt());
            Explanation e;
            try {
                e = ModelAnswers.parse(text, c.evidenceIds(), "en");
            } catch (RuntimeException ex) {
                parserRejected++;
                continue;
            }
            answers++;
            List<Veto> vetoes = guard.guard(c.facts(), c.candidates(), e).veto().vetoes();
            long grd4 = vetoes.stream().filter(v -> v.ruleId().equals("VETO-GRD-004")).count();
            long grd5 = vetoes.stream().filter(v -> v.ruleId().equals("VETO-GRD-005")).count();
            vetoes.stream().map(Veto::ruleId).distinct().forEach(r -> byRule.merge(r, 1, Integer::sum));
            vetoedBefore += vetoes.stream().anyMatch(v -> !CITATION_RULES.contains(v.ruleId())) ? 1 : 0;
            vetoed += vetoes.isEmpty() ? 0 : 1;
            grd004Outputs += grd4 == 0 ? 0 : 1;
            grd004Claims += (int) grd4;
            grd005Outputs += grd5 == 0 ? 0 : 1;
            grd005Claims += (int) grd5;
            grd005Only += grd5 == 0 || grd4 != 0 ? 0 : 1;
            List<String> mispairs = mispairs(text, c.labels());
            mispairedOutputs += mispairs.isEmpty() ? 0 : 1;
            mispairedCaught += !mispairs.isEmpty() && grd4 != 0 ? 1 : 0;
            grd004WithoutMispair += mispairs.isEmpty() && grd4 != 0 ? 1 : 0;
            if (o.out() != null) {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("line", line.number());
                r.put("answer", text);
                r.put("mispairs", mispairs);
                r.put("vetoes", vetoes.stream().map(v -> v.ruleId() + ": " + v.reason()).toList());
                try {
                    review.add(JSON.writeValueAsString(r));
                } catch (JsonProcessingException ex) {
                    throw new UncheckedIOException(ex);
                }
            }
        }
        if (o.out() != null) {
            try {
                Files.createDirectories(o.out());
                Files.write(o.out().resolve("embedded-outputs.jsonl"), review, StandardCharsets.UTF_8);
            } catch (IOException ex) {
                throw new DxGuardException(SafetyErrors.REVIEW_OUTPUT_FAILED,
                    "cannot write " + o.out().resolve("embedded-outputs.jsonl") + ": " + ex.getMessage(), ex);
            }
        }
        return new Result(source, answers, parserRejected, skipped, vetoed, vetoedBefore, grd004Outputs, grd004Claims,
            grd005Outputs, grd005Claims, grd005Only, byRule, mispairedOutputs, mispairedCaught, grd004WithoutMispair);
    }

    /** The chat lines of an export-training-data file (blank lines ignored), checked for the embedded model's prompt. */
    private static List<Line> read(Path file, String option) {
        if (!Files.isRegularFile(file)) {
            throw new DxGuardException(SafetyErrors.MODEL_OUTPUTS_INVALID, option + " " + file + " is not a file");
        }
        List<String> raw;
        try {
            raw = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new DxGuardException(SafetyErrors.MODEL_OUTPUTS_INVALID,
                option + " " + file + " cannot be read: " + e.getMessage(), e);
        }
        List<Line> lines = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            if (!raw.get(i).isBlank()) {
                lines.add(line(file, i + 1, raw.get(i)));
            }
        }
        if (lines.isEmpty()) {
            throw new DxGuardException(SafetyErrors.MODEL_OUTPUTS_INVALID, option + " " + file + " has no examples");
        }
        return lines;
    }

    private static Line line(Path file, int number, String text) {
        String where = file + " line " + number;
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (IOException e) {
            throw new DxGuardException(SafetyErrors.MODEL_OUTPUTS_INVALID, where + " is not JSON");
        }
        String version = root.path("meta").path("promptVersion").asText("");
        if (!version.equals(EmbeddedModel.PROMPT_VERSION)) {
            throw new DxGuardException(SafetyErrors.MODEL_OUTPUTS_INVALID, where + " has prompt version '" + version
                + "', the embedded model needs " + EmbeddedModel.PROMPT_VERSION);
        }
        String user = null;
        String assistant = null;
        for (JsonNode m : root.path("messages")) {
            String role = m.path("role").asText();
            if (role.equals("user")) {
                user = m.path("content").asText();
            } else if (role.equals("assistant")) {
                assistant = m.path("content").asText();
            }
        }
        if (user == null || user.isBlank() || assistant == null) {
            throw new DxGuardException(SafetyErrors.MODEL_OUTPUTS_INVALID,
                where + " has no user prompt and assistant target in 'messages'");
        }
        return new Line(number, user, assistant);
    }

    private static Case rebuild(Line line, Path file) {
        try {
            return parse(line.prompt());
        } catch (RuntimeException e) {
            throw new DxGuardException(SafetyErrors.MODEL_OUTPUTS_INVALID,
                file + " line " + line.number() + ": the case cannot be read back from the prompt: " + e.getMessage(), e);
        }
    }

    /** Rebuilds the case from a differential-tiny-v1 prompt. */
    static Case parse(String prompt) {
        Matcher p = PATIENT.matcher(prompt);
        PatientFacts.Builder b = PatientFacts.builder().asOf(Instant.parse("2025-06-01T12:00:00Z"));
        if (p.find()) {
            b.ageYears(Integer.parseInt(p.group(1))).sex(p.group(2).equals("female") ? Sex.FEMALE : Sex.MALE);
        }
        Map<String, String> labels = new LinkedHashMap<>();
        Map<String, String> ids = new LinkedHashMap<>();
        List<Candidate> cands = new ArrayList<>();
        String name = null;
        String code = null;
        double score = 0;
        int sev = 3;
        List<Evidence> sup = new ArrayList<>();
        List<Evidence> mis = new ArrayList<>();
        for (String line : prompt.split("\n")) {
            String s = line.strip();
            Matcher f = FINDING.matcher(s);
            if (f.matches()) {
                String label = f.group(2).strip();
                Code fc = new Code("urn:dxguard:synthea", slug(label), label);
                b.finding(f.group(1).equals("present") ? Finding.present(fc) : Finding.absent(fc));
                continue;
            }
            Matcher m = CAND.matcher(s);
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
            } else if (s.startsWith("supporting evidence:") || s.startsWith("key findings not")) {
                List<Evidence> into = s.startsWith("supporting") ? sup : mis;
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
        List<String> evidenceIds = labels.keySet().stream()
            .sorted((x, y) -> Integer.compare(Integer.parseInt(x.substring(1)), Integer.parseInt(y.substring(1))))
            .map(ids::get).toList();
        return new Case(b.build(), cands, evidenceIds, labels);
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
