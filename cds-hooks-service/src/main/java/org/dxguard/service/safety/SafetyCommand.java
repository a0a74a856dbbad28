package org.dxguard.service.safety;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.dxguard.guidelines.GuidelineRepository;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code dxguard safety}: safety review suites for the veto. {@code dxguard safety run SUITE... [--report DIR]} runs
 * every case (and its mutations) through the real claim extraction and veto, prints the figures and writes the
 * Markdown, HTML and JUnit XML reports. Exit 0 when veto recall is 100 %, the false-veto rate at most
 * {@code --max-false-veto} and no vetoed claim would be shown; 1 otherwise; 2 for usage errors.
 */
@Command(name = "safety", mixinStandardHelpOptions = true,
    description = "Safety review of the veto: run suites of model outputs with expected verdicts.",
    subcommands = {SafetyCommand.Run.class})
public final class SafetyCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run suite files or directories (safety/README.md); exit 0 pass, 1 fail, 2 usage error.")
    static final class Run implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "SUITE", arity = "1..*", description = "Suite files (.yaml) or directories of them.")
        List<Path> suites;

        @Option(names = "--report", paramLabel = "DIR",
            description = "Write safety-report.md, safety-report.html and TEST-safety.xml into DIR.")
        Path report;

        @Option(names = "--guidelines", paramLabel = "DIR", description = "Guideline packages to veto with "
            + "(default: " + GuidelineRepository.ENV + " or the packaged defaults).")
        Path guidelines;

        @Option(names = "--no-mutations", description = "Run the cases as written only.")
        boolean noMutations;

        @Option(names = "--max-false-veto", paramLabel = "RATE", defaultValue = "0.05",
            description = "Highest acceptable false-veto rate (default: ${DEFAULT-VALUE}).")
        double maxFalseVeto;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            List<SafetyCase> cases = SuiteReader.read(suites);
            if (!noMutations) {
                cases = MutationGenerator.standard().withMutations(cases);
            }
            SuiteRunner.SuiteResult r;
            try (GuidelineRepository repo = GuidelineRepository.resolve(guidelines, false)) {
                r = new SuiteRunner(ExplanationGuard.over(repo)).run(cases);
            }
            out.println(ReportWriter.summary(r, maxFalseVeto));
            out.println("rule set " + r.rulesetVersion() + ", veto rules " + r.vetoRulesVersion() + ", models " + r.models());
            for (SuiteRunner.CaseResult m : r.misses()) {
                out.println("MISS " + m.safetyCase().id() + ": expected "
                    + (m.safetyCase().expectAllowed() ? "allowed" : m.safetyCase().expectVetoed()) + ", vetoed by " + m.vetoedBy()
                    + (m.error() == null ? "" : ", error " + m.error()));
            }
            if (report != null) {
                ReportWriter.write(r, report, maxFalseVeto);
                out.println("report: " + report.resolve("safety-report.md"));
            }
            out.flush();
            return r.meets(maxFalseVeto) ? 0 : 1;
        }
    }
}
