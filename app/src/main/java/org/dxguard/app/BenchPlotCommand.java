package org.dxguard.app;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.dxguard.bench.BenchPlot;
import org.dxguard.bench.BenchResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code dxguard bench plot}: draws result files of {@code bench replay --out} into one PNG. */
@Command(name = "plot", mixinStandardHelpOptions = true,
    description = {"Plot bench replay results (JSON from --out): latency percentiles and throughput against the "
        + "number of clients (or, for one client count, p50/p95/p99/max per hook).",
        "Example: dxguard bench plot r1.json r4.json r16.json r64.json --out docs/bench/replay.png"})
public final class BenchPlotCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "RESULT.json", description = "Files written by bench replay --out.")
    List<Path> results;

    @Option(names = "--out", required = true, description = "The PNG to write.")
    Path out;

    @Override
    public Integer call() {
        BenchPlot.write(results.stream().map(BenchResult::read).toList(), out);
        spec.commandLine().getErr().println("bench: plot written to " + out);
        return 0;
    }
}
