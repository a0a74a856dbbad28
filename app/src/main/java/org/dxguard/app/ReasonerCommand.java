package org.dxguard.app;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.dxguard.graph.CaseSampler;
import org.dxguard.graph.Differential;
import org.dxguard.graph.GraphConfig;
import org.dxguard.graph.KnowledgeGraph;
import org.dxguard.graph.RankQuery;
import org.dxguard.guidelines.GuidelineRepository;
import org.dxguard.model.DxGuardException;
import org.dxguard.model.Finding;
import org.dxguard.model.PatientFacts;
import org.dxguard.reasoner.embedded.EmbeddedModel;
import org.dxguard.reasoner.training.TrainingExample;
import org.dxguard.reasoner.training.TrainingExamples;
import org.dxguard.safety.ExplanationGuard;
import org.dxguard.service.cdshooks.ServiceErrors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dxguard reasoner}: jobs of the explanation model (training data export). */
@Command(name = "reasoner", mixinStandardHelpOptions = true,
    description = "Explanation model jobs: export fine-tuning data, benchmark the embedded model.",
    subcommands = {ReasonerCommand.ExportTrainingData.class, ReasonerCommand.Bench.class, RetrievalEvalCommand.class})
public final class ReasonerCommand implements Runnable {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "export-training-data", mixinStandardHelpOptions = true,
        description = {"Sample cases from a scratch knowledge graph (the Synthea disease modules, or DDXPlus with "
            + "--ddxplus/--train), rank them with the real ranking, render the explainer's prompt and write a "
            + "grounded target explanation per case as chat JSONL. Every target passes the veto (the guideline "
            + "rules); any that does not is dropped and counted. Deterministic for a seed."})
    static final class ExportTrainingData implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Option(names = "--out", required = true, paramLabel = "FILE", description = "JSONL file to write.")
        Path out;

        @Option(names = "--cases", defaultValue = "1000", description = "Cases to sample (default ${DEFAULT-VALUE}).")
        int cases;

        @Option(names = "--seed", defaultValue = "1", description = "Random seed (default ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--ddxplus", paramLabel = "DIR", description = "DDXPlus release directory (needs --train); "
            + "default: the Synthea disease modules.")
        Path ddxplus;

        @Option(names = "--train", paramLabel = "FILE", description = "DDXPlus patients CSV to learn the graph from.")
        Path train;

        @Option(names = "--prompt-version", defaultValue = "differential-v1",
            description = "Prompt template reasoner/prompts/<version>.txt (default ${DEFAULT-VALUE}; the embedded "
                + "model uses differential-tiny-v1).")
        String promptVersion;

        @Option(names = "--language", defaultValue = "en", paramLabel = "en|zh",
            description = "Language of the examples (default ${DEFAULT-VALUE}): zh pairs the Chinese prompt "
                + "(<version>-zh when it exists, e.g. differential-v2-zh; else <version> asking for Simplified Chinese) "
                + "with a Chinese target, for fine-tuning a model that answers Chinese clinicians.")
        String language;

        @Option(names = "--k", defaultValue = "5", description = "Candidates per case (default ${DEFAULT-VALUE}, as the service).")
        int k;

        @Option(names = "--max-findings", defaultValue = "8", description = "Most findings sampled from the disease (default ${DEFAULT-VALUE}).")
        int maxFindings;

        @Option(names = "--max-noise", defaultValue = "2", description = "Most unrelated findings added (default ${DEFAULT-VALUE}).")
        int maxNoise;

        @Option(names = "--guidelines", paramLabel = "DIR", defaultValue = "${env:" + GuidelineRepository.ENV + "}",
            description = "Guideline packages to veto with (env " + GuidelineRepository.ENV
                + "; default: the packaged defaults).")
        Path guidelines;

        @Override
        public Integer call() throws IOException {
            if (cases < 1 || k < 1 || maxFindings < 1 || maxNoise < 0) {
                throw new DxGuardException(ServiceErrors.INVALID_CONFIG,
                    "--cases, --k and --max-findings must be at least 1 and --max-noise at least 0");
            }
            if ((ddxplus == null) != (train == null)) {
                throw new DxGuardException(ServiceErrors.INVALID_CONFIG, "--ddxplus and --train go together");
            }
            GraphCommand.existing(ddxplus, "--ddxplus");
            GraphCommand.existing(train, "--train");
            String source = ddxplus == null ? "synthea" : "ddxplus";
            String lang = org.dxguard.reasoner.ask.QuestionLanguage.normalise(language);
            if (lang == null) {
                throw new DxGuardException(ServiceErrors.INVALID_CONFIG, "--language must be en or zh, was " + language);
            }
            TrainingExamples examples = TrainingExamples.forPrompt(promptVersion, lang);
            PrintWriter stdout = spec.commandLine().getOut();
            Path scratch = Files.createTempDirectory("dxguard-export-training");
            int written = 0;
            int vetoed = 0;
            int ungrounded = 0;
            int noCandidates = 0;
            rankFailed = 0;
            try (GuidelineRepository repo = GuidelineRepository.resolve(guidelines, false);
                 KnowledgeGraph g = KnowledgeGraph.connect(GraphConfig.builder().dataDir(scratch)
                     .loadDefaultOnFirstStart(ddxplus == null).build())) {
                if (ddxplus != null) {
                    g.imports().importDdxplus(ddxplus, train);
                }
                ExplanationGuard guard = ExplanationGuard.over(repo);
                CaseSampler sampler = CaseSampler.from(g, seed, maxFindings, maxNoise);
                if (sampler.diseaseCount() == 0) {
                    throw new DxGuardException(ServiceErrors.INVALID_CONFIG, "the knowledge graph has no disease with findings");
                }
                if (out.toAbsolutePath().getParent() != null) {
                    Files.createDirectories(out.toAbsolutePath().getParent());
                }
                try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
                    for (int i = 1; i <= cases; i++) {
                        PatientFacts facts = sampler.next();
                        Differential d = rank(g, facts);
                        if (d == null) {
                            rankFailed++;
                            continue;
                        }
                        if (d.candidates().isEmpty()) {
                            noCandidates++;
                            continue;
                        }
                        Optional<TrainingExample> e = examples.example(String.format("%s-%06d", source, i), source,
                            facts, d.candidates());
                        if (e.isEmpty()) {
                            ungrounded++;
                            continue;
                        }
                        if (!guard.guard(facts, d.candidates(), e.get().explanation()).veto().allAllowed()) {
                            vetoed++;
                            continue;
                        }
                        w.write(e.get().toJsonLine());
                        w.write('\n');
                        written++;
                    }
                }
            } finally {
                deleteTree(scratch);
            }
            stdout.println("source=" + source);
            stdout.println("prompt_version=" + examples.promptVersion());
            stdout.println("language=" + examples.language());
            stdout.println("seed=" + seed);
            stdout.println("cases=" + cases);
            stdout.println("written=" + written);
            stdout.println("vetoed=" + vetoed);
            stdout.println("ungrounded=" + ungrounded);
            stdout.println("no_candidates=" + noCandidates);
            stdout.println("rank_failed=" + rankFailed);
            stdout.println("out=" + out);
            return 0;
        }

        private int rankFailed;

        /** The ranking as the service does it; a failed ranking (e.g. a timeout on a loaded machine) is tried once more. */
        private Differential rank(KnowledgeGraph g, PatientFacts facts) {
            for (int attempt = 1; ; attempt++) {
                try {
                    List<Finding> findings = g.findingsFor(facts);
                    return g.rank(RankQuery.of(findings, facts.ageYears(), facts.sex(), k));
                } catch (DxGuardException e) {
                    if (attempt == 2) {
                        spec.commandLine().getErr().println("ranking failed twice, case skipped: " + e.getMessage());
                        return null;
                    }
                }
            }
        }

        private static void deleteTree(Path dir) {
            try (var paths = Files.walk(dir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // a temporary directory; the OS cleans it eventually
            }
        }
    }

    @Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Time the embedded small local model on the prompts of an exported JSONL file (made with "
            + "--prompt-version differential-tiny-v1): one warm-up, then per prompt a greedy, schema-constrained "
            + "explanation. Prints prompt-evaluation and generation tokens/s and explanation latency p50/p95/max."})
    static final class Bench implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Option(names = "--data", required = true, paramLabel = "FILE", description = "JSONL from export-training-data.")
        Path data;

        @Option(names = "--n", defaultValue = "10", description = "Prompts to time (default ${DEFAULT-VALUE}).")
        int n;

        @Option(names = "--threads", defaultValue = "1", description = "CPU threads of the model (default ${DEFAULT-VALUE}).")
        int threads;

        @Override
        public Integer call() throws IOException {
            GraphCommand.existing(data, "--data");
            com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
            List<String> prompts = new java.util.ArrayList<>();
            for (String line : Files.readAllLines(data, StandardCharsets.UTF_8)) {
                if (prompts.size() > n) {
                    break;
                }
                if (!line.isBlank()) {
                    for (com.fasterxml.jackson.databind.JsonNode m : json.readTree(line).path("messages")) {
                        if (m.path("role").asText().equals("user")) {
                            prompts.add(m.path("content").asText() + EmbeddedModel.PROMPT_SUFFIX);
                        }
                    }
                }
            }
            if (prompts.size() < 2) {
                throw new DxGuardException(ServiceErrors.INVALID_CONFIG, "--data needs at least 2 examples");
            }
            PrintWriter out = spec.commandLine().getOut();
            long loadStart = System.nanoTime();
            try (EmbeddedModel model = EmbeddedModel.loadDefault(threads)) {
                long loadMs = (System.nanoTime() - loadStart) / 1_000_000;
                String grammar = model.explanationGrammar();
                model.generate(prompts.get(0), grammar, 768);          // warm-up
                List<EmbeddedModel.Generation> runs = new java.util.ArrayList<>();
                int valid = 0;
                int accepted = 0;
                for (String p : prompts.subList(1, prompts.size())) {
                    EmbeddedModel.Generation g = model.generate(p, grammar, 768);
                    runs.add(g);
                    try {
                        json.readTree(g.text());
                        valid++;
                    } catch (IOException e) {
                        // counted as invalid
                    }
                    if (acceptedByParser(p, g.text())) {
                        accepted++;
                    }
                }
                long promptTokens = runs.stream().mapToLong(EmbeddedModel.Generation::promptTokens).sum();
                long promptNanos = runs.stream().mapToLong(EmbeddedModel.Generation::promptNanos).sum();
                long outTokens = runs.stream().mapToLong(g -> Math.max(0, g.outputTokens() - 1)).sum();
                long genNanos = runs.stream().mapToLong(g -> g.totalNanos() - g.promptNanos()).sum();
                List<Long> ms = runs.stream().map(g -> g.totalNanos() / 1_000_000).sorted().toList();
                out.println("model=" + model.modelName());
                out.println("threads=" + threads);
                out.println("load_ms=" + loadMs);
                out.println("explanations=" + runs.size());
                out.println("json_valid=" + valid);
                out.println("parser_accepted=" + accepted);
                out.printf(java.util.Locale.ROOT, "prompt_tokens_mean=%.0f%n", promptTokens / (double) runs.size());
                out.printf(java.util.Locale.ROOT, "output_tokens_mean=%.0f%n",
                    runs.stream().mapToInt(EmbeddedModel.Generation::outputTokens).average().orElse(0));
                out.printf(java.util.Locale.ROOT, "prompt_eval_tokens_per_s=%.0f%n", promptTokens * 1e9 / promptNanos);
                out.printf(java.util.Locale.ROOT, "generation_tokens_per_s=%.0f%n", outTokens * 1e9 / genNanos);
                out.println("latency_ms_p50=" + ms.get(ms.size() / 2));
                out.println("latency_ms_p95=" + ms.get(Math.min(ms.size() - 1, (int) Math.ceil(ms.size() * 0.95) - 1)));
                out.println("latency_ms_max=" + ms.get(ms.size() - 1));
            }
            return 0;
        }

        /** Whether the explainer's own parser accepts the answer, with the evidence aliases the prompt lists. */
        private static boolean acceptedByParser(String prompt, String answer) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("cite only ([E0-9, ]+);").matcher(prompt);
            List<String> aliases = new java.util.ArrayList<>();
            if (m.find()) {
                for (String a : m.group(1).split(",\\s*")) {
                    aliases.add(a.strip());
                }
            }
            try {
                org.dxguard.reasoner.ModelAnswers.parse(answer, aliases, "en");
                return true;
            } catch (DxGuardException e) {
                return false;
            }
        }
    }
}
