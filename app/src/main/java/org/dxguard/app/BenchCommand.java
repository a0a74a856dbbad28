package org.dxguard.app;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.dxguard.bench.CallBench;
import org.dxguard.bench.JwtSigner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code dxguard bench}: load tools for a running service. {@code bench call} replays one hook request from C
 * concurrent clients; {@code bench replay} replays a Synthea cohort ({@link BenchReplayCommand});
 * {@code bench plot} draws result files ({@link BenchPlotCommand}). The work is the bench module's
 * ({@link CallBench}, {@code ReplayBench}, one load engine): closed-loop clients, or with {@code --rate R} an open
 * loop at R calls per second on at most C calls in flight (latency from each call's intended send time); single-use
 * tokens signed before the timed run.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    subcommands = {BenchCommand.Call.class, BenchReplayCommand.class, BenchPlotCommand.class},
    description = "Load tools for a running service.")
public final class BenchCommand implements Runnable {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "call", mixinStandardHelpOptions = true,
        description = {"Replay one hook call (default: an order-sign call with a 50-resource prefetch) and print "
            + "requests/s and p50/p90/p99/max latency, one name=value per line.",
            "Closed loop by default (C clients, each sends when its previous answer arrived). With --rate R: open "
                + "loop, calls due at R per second on at most C in flight, latency from each call's intended send "
                + "time; late_starts counts calls that waited for a free slot.",
            "Example: dxguard bench call --target http://localhost:8080/cds-services/dxguard-medication-sign "
                + "--key ecprivkey.pem --kid KID --iss https://sandbox.cds-hooks.org --concurrency 16"})
    static final class Call implements java.util.concurrent.Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Option(names = "--target", required = true, description = "Service URL to POST to.")
        URI target;

        @Option(names = "--request", description = "Request JSON (default: packaged order-sign, 50 resources).")
        Path request;

        @Option(names = "--key", required = true, description = "PKCS#8 PEM private key trusted by the service.")
        Path key;

        @Option(names = "--kid", required = true)
        String kid;

        @Option(names = "--iss", required = true)
        String issuer;

        @Option(names = "--jku")
        URI jku;

        @Option(names = "--concurrency", defaultValue = "16",
            description = "Concurrent clients; with --rate, the most calls in flight (${DEFAULT-VALUE}).")
        int concurrency;

        @Option(names = "--rate", description = "Open loop: calls per second (default: closed loop).")
        Double rate;

        @Option(names = "--requests", defaultValue = "10000",
            description = "Timed requests; tokens for them are signed first (${DEFAULT-VALUE}).")
        int requests;

        @Option(names = "--warmup", defaultValue = "2000", description = "Untimed warm-up requests (${DEFAULT-VALUE}).")
        int warmup;

        @Override
        public Integer call() throws Exception {
            String body = request == null ? CallBench.packagedRequest() : Files.readString(request);
            JwtSigner signer = JwtSigner.fromPem(key, kid, issuer, jku);
            return CallBench.run(new CallBench.Options(target, body,
                    aud -> signer.sign(aud, null, null, Duration.ofSeconds(280)), concurrency, rate, requests, warmup),
                spec.commandLine().getOut(), spec.commandLine().getErr());
        }
    }
}
