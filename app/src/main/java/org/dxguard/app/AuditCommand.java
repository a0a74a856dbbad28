package org.dxguard.app;

import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.dxguard.model.DxGuardException;
import org.dxguard.service.audit.AuditStats;
import org.dxguard.service.audit.DecisionLog;
import org.dxguard.service.audit.DecisionRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code dxguard audit}: read the decision record of an instance's data directory (read-only). */
@Command(name = "audit", mixinStandardHelpOptions = true,
    description = "Inspect the decision record (read-only; safe while the service runs).",
    subcommands = {AuditCommand.Show.class, AuditCommand.Verify.class, AuditCommand.Stats.class})
public final class AuditCommand implements Runnable {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
        description = "Print the decision record(s) of one hook instance (or Ask answer decisionId) as JSON.")
    static final class Show implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "HOOK_INSTANCE")
        String hookInstance;

        @Mixin
        DataDirOption dataDir;

        @Override
        public Integer call() throws IOException {
            List<DecisionRecord> found = DecisionLog.find(dataDir.resolve(), hookInstance);
            PrintWriter out = spec.commandLine().getOut();
            if (found.isEmpty()) {
                spec.commandLine().getErr().println("dxguard: no decision recorded for hook instance " + hookInstance);
                return 1;
            }
            var mapper = com.fasterxml.jackson.databind.json.JsonMapper.builder().findAndAddModules()
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT)
                .serializationInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL).build();
            for (DecisionRecord r : found) {
                out.println(mapper.writeValueAsString(r));
            }
            return 0;
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Check the hash chain of the decision log; exit 1 and name the first bad line if broken.")
    static final class Verify implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Mixin
        DataDirOption dataDir;

        @Override
        public Integer call() throws IOException {
            Path file = dataDir.resolve().resolve("audit/decisions.jsonl");
            try {
                long n = DecisionLog.verify(file).map(DecisionRecord::seq).orElse(0L);
                spec.commandLine().getOut().println("decision log intact: " + n + " records (" + file + ")");
                return 0;
            } catch (DxGuardException e) {
                spec.commandLine().getErr().println("dxguard: " + e.getMessage());
                return 1;
            }
        }
    }

    @Command(name = "stats", mixinStandardHelpOptions = true,
        description = "Cards shown, clinician overrides (the alert-fatigue view) and vetoes of model claims per "
            + "rule, one line per rule.")
    static final class Stats implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Mixin
        DataDirOption dataDir;

        @Override
        public Integer call() throws IOException {
            AuditStats stats = AuditStats.compute(dataDir.resolve());
            PrintWriter out = spec.commandLine().getOut();
            out.println("decisions=" + stats.decisions());
            new TreeMap<>(stats.statuses()).forEach((s, n) -> out.println("status_" + s + "=" + n));
            for (AuditStats.RuleStats r : stats.rules()) {
                out.printf("rule=%s cards=%d accepted=%d overridden=%d override_rate=%s vetoes=%d%n", r.ruleId(),
                    r.cards(), r.accepted(), r.overridden(),
                    r.overrideRate() == null ? "n/a" : String.format("%.2f", r.overrideRate()), r.vetoes());
            }
            return 0;
        }
    }
}
