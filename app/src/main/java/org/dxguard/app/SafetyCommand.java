package org.dxguard.app;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.dxguard.guidelines.GuidelineRepository;
import org.dxguard.safety.ExplanationGuard;
import org.dxguard.safety.ModelOutputReview;
import org.dxguard.safety.MutationGenerator;
import org.dxguard.safety.ReportWriter;
import org.dxguard.safety.SafetyCase;
import org.dxguard.safety.SuiteReader;
import org.dxguard.safety.SuiteRunner;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code dxguard safety}: safety review suites for the veto. {@code dxguard safety run SUITE... [--report DIR]} runs
 * every case (and its mutations) through the real claim extraction and veto, prints the figures and writes the
 * Markdown, HTML and JUnit XML reports. Exit 0 when veto recall is 100 %, the false-veto rate at most
 * {@code --max-false-veto} and no vetoed claim would be shown; 1 otherwise; 2 for usage errors.
 * {@code dxguard safety model-outputs --data FILE [--exclude FILE] [--n N] [--targets] [--out DIR]} runs the veto
 * over the embedded model's real answers ({@link ModelOutputReview}).
 */
@Command(name = "safety", mixinStandardHelpOptions = true,
    description = "Safety review of the veto: run suites of model outputs with expected verdicts, or veto a real "
        + "model's answers.",
    subcommands = {SafetyCommand.Run.class, SafetyCommand.ModelOutputs.class})
public final class SafetyCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** What {@code safety run} runs without a SUITE argument (from the repository root). */
    static final List<String> DEFAULT_SUITES = List.of("safety/starter", "safety/realistic-prose/tuning");

    @Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run suite files or directories (safety/README.md); exit 0 pass, 1 fail, 2 usage error.")
    static final class Run implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "SUITE", arity = "0..*", description = "Suite files (.yaml) or directories of them "
            + "(default: safety/starter and safety/realistic-prose/tuning under the current directory).")
        List<Path> suites;

        @Option(names = "--report", paramLabel = "DIR",
            description = "Write safety-report.md, safety-report.html and TEST-safety.xml into DIR.")
        Path report;

        @Option(names = "--guidelines", paramLabel = "DIR", defaultValue = "${env:" + GuidelineRepository.ENV + "}",
            description = "Guideline packages to veto with (env " + GuidelineRepository.ENV
                + "; default: the packaged defaults).")
        Path guidelines;

        @Option(names = "--no-mutations", description = "Run the cases as written only.")
        boolean noMutations;

        @Option(names = "--max-false-veto", paramLabel = "RATE", defaultValue = "0.05",
            description = "Highest acceptable false-veto rate (default: ${DEFAULT-VALUE}).")
        double maxFalseVeto;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            if (suites == null || suites.isEmpty()) {
                suites = DEFAULT_SUITES.stream().map(Path::of).filter(java.nio.file.Files::isDirectory).toList();
                if (suites.isEmpty()) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "no SUITE given and none of "
                        + DEFAULT_SUITES + " is a directory here: name the suite files or run from the repository root");
                }
            }
            List<SafetyCase> cases = SuiteReader.read(suites);
            if (!noMutations) {
                cases = MutationGenerator.standard().withMutations(cases);
            }
            SuiteRunner.SuiteResult r;
            try (GuidelineRepository repo = GuidelineRepository.resolve(guidelines, false)) {
                r = new SuiteRunner(ExplanationGuard.over(repo), org.dxguard.safety.AnswerGuard.over(repo)).run(cases);
            }
            out.println(ReportWriter.summary(r, maxFalseVeto));
            out.println("rule set " + r.rulesetVersion() + ", veto rules " + r.vetoRulesVersion() + ", models " + r.models());
            for (SuiteRunner.CaseResult m : r.misses()) {
                out.println("MISS " + m.safetyCase().id() + ": expected "
                    + (m.safetyCase().expectAllowed() ? "allowed" : m.safetyCase().expectVetoed()) + ", vetoed by " + m.vetoedBy()
                    + (m.error() == null ? "" : ", error " + m.error()));
                if (m.units() != null) {
                    m.units().missedUnsafe().forEach(u -> out.println("  unsafe unit not vetoed: " + u));
                    m.units().falselyVetoed().forEach(u -> out.println("  safe unit vetoed: " + u));
                    if (m.units().rejected()) {
                        out.println("  safe answer rejected: nothing of it would be shown");
                    }
                }
            }
            if (report != null) {
                ReportWriter.write(r, report, maxFalseVeto);
                out.println("report: " + report.resolve("safety-report.md"));
            }
            out.flush();
            return r.meets(maxFalseVeto) ? 0 : 1;
        }
    }

    @Command(name = "model-outputs", mixinStandardHelpOptions = true,
        description = {"Run the veto over real answers of the embedded small model: for each prompt of an "
            + "export-training-data --prompt-version differential-tiny-v1 file the model answers greedily under the "
            + "schema grammar, the case is read back from the prompt and the answer goes through the explainer's "
            + "parser, the claim extraction and the veto. Prints the vetoed answers per rule next to an independent "
            + "count of mis-paired 'Label [Ek]' citations. With --targets the file's own grounded targets are judged "
            + "instead (correct by construction: every veto is a false veto). Exit 0; 1 on an error or when --targets "
            + "gives a false veto; 2 for usage errors."})
    static final class ModelOutputs implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--data", required = true, paramLabel = "FILE",
            description = "JSONL from 'reasoner export-training-data --prompt-version differential-tiny-v1'.")
        Path data;

        @Option(names = "--exclude", paramLabel = "FILE",
            description = "Skip prompts also in this file (the training file, as evaluate.py does).")
        Path exclude;

        @Option(names = "--n", defaultValue = "200", paramLabel = "N",
            description = "Most answers to review, parser rejections included (default ${DEFAULT-VALUE}).")
        int n;

        @Option(names = "--targets", arity = "0..1", paramLabel = "true|false",
            description = "Judge the file's targets instead of the model's answers (every veto is a false veto).")
        boolean targets;

        @Option(names = "--out", paramLabel = "DIR",
            description = "Write every answer with its mis-pairs and vetoes to DIR/embedded-outputs.jsonl.")
        Path outDir;

        @Option(names = "--threads", defaultValue = "1", description = "CPU threads of the model (default ${DEFAULT-VALUE}).")
        int threads;

        @Option(names = "--guidelines", paramLabel = "DIR", defaultValue = "${env:" + GuidelineRepository.ENV + "}",
            description = "Guideline packages to veto with (env " + GuidelineRepository.ENV
                + "; default: the packaged defaults).")
        Path guidelines;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            ModelOutputReview.Options options = new ModelOutputReview.Options(data, exclude, n, targets, outDir, threads);
            long start = System.nanoTime();
            ModelOutputReview.Result r;
            try (GuidelineRepository repo = GuidelineRepository.resolve(guidelines, false)) {
                r = ModelOutputReview.with(ExplanationGuard.over(repo)).review(options);
            }
            out.println("data=" + data);
            r.lines().forEach(out::println);
            out.println("seconds=" + (System.nanoTime() - start) / 1_000_000_000);
            if (outDir != null) {
                out.println("out=" + outDir.resolve("embedded-outputs.jsonl"));
            }
            out.flush();
            return targets && r.vetoed() > 0 ? 1 : 0;
        }
    }
}
