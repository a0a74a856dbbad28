package org.dxguard.app;

import java.io.PrintWriter;
import org.dxguard.model.DxGuardException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The top-level {@code dxguard} command. Exit codes: 0 ok, 1 failure, 2 usage error. */
@Command(name = "dxguard", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Clinical decision support over HL7 CDS Hooks 2.0.",
    subcommands = {ServeCommand.class, GuidelinesCommand.class, GraphCommand.class, AuditCommand.class,
        org.dxguard.app.SafetyCommand.class, TokenCommand.class, BenchCommand.class, ConsoleTokenCommand.class,
        ReasonerCommand.class, TextCommand.class, AskCommand.class,
        CommandLine.HelpCommand.class},
    footer = {"", "Every option of serve, and --data-dir everywhere, can also be set with its DXGUARD_* environment",
        "variable (see README)."})
public final class DxGuardCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static int run(String[] args) {
        return run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true));
    }

    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new DxGuardCommand());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            if (ex instanceof DxGuardException d) {
                cmd.getErr().println("dxguard: " + d.getMessage());
                if (!d.errorCode().hint().isEmpty()) {
                    cmd.getErr().println("  " + d.errorCode().hint());
                }
                return 1;
            }
            throw ex;
        });
        return cli.execute(args);
    }

    /** True for commands that keep running after {@code main} returns (the server). */
    public static boolean isLongRunning(String[] args) {
        return args.length > 0 && args[0].equals("serve")
            && java.util.Arrays.stream(args).noneMatch(a -> a.equals("-h") || a.equals("--help"));
    }
}
