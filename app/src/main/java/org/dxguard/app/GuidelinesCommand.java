package org.dxguard.app;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.dxguard.guidelines.GuidelineCommands;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code dxguard guidelines}: the checks guideline authors run on their packages before a reload. */
@Command(name = "guidelines", mixinStandardHelpOptions = true,
    description = "Validate, test and export guideline packages (exit 0 ok, 1 problems found, 2 usage/IO error).",
    subcommands = {GuidelinesCommand.Validate.class, GuidelinesCommand.Test.class, GuidelinesCommand.Export.class})
public final class GuidelinesCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    private static PrintStream out() {
        return System.out;
    }

    @Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Compile the packages in DIR and check their metadata (ids, versions, citations); warn on a rule"
            + " without a reviewer and review date, or reviewed more than a year ago.")
    static final class Validate implements Callable<Integer> {
        @Parameters(paramLabel = "DIR", description = "Directory holding guideline packages.")
        Path dir;

        @Override
        public Integer call() {
            return GuidelineCommands.validate(dir, out());
        }
    }

    @Command(name = "test", mixinStandardHelpOptions = true,
        description = "Validate, then run every scenario of the packages in DIR; PASS/FAIL per scenario.")
    static final class Test implements Callable<Integer> {
        @Parameters(paramLabel = "DIR", description = "Directory holding guideline packages.")
        Path dir;

        @Override
        public Integer call() {
            return GuidelineCommands.test(dir, out());
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true,
        description = "Copy the packaged default guidelines into DIR, to start editing them.")
    static final class Export implements Callable<Integer> {
        @Parameters(paramLabel = "DIR", description = "Target directory (created; must not hold packages yet).")
        Path dir;

        @Override
        public Integer call() {
            return GuidelineCommands.export(dir, out());
        }
    }
}
