package org.dxguard.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.dxguard.bench.JwtSigner;
import org.dxguard.model.DxGuardException;
import org.dxguard.bench.BenchErrors;
import org.dxguard.bench.internal.HookStats;
import org.dxguard.bench.internal.LoadEngine;
import org.dxguard.bench.internal.TokenPool;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code dxguard bench}: load tools for a running service. {@code bench call} replays one hook request from C
 * concurrent clients; {@code bench replay} replays a Synthea cohort ({@link BenchReplayCommand});
 * {@code bench plot} draws result files ({@link BenchPlotCommand}). All share one load engine
 * ({@link LoadEngine}): closed-loop clients, or with {@code --rate R} an open loop at R calls per second on at most
 * C calls in flight (latency from each call's intended send time); single-use tokens signed before the timed run.
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
        /** The longest timed run whose tokens can all be signed before it (a token lives 280 s). */
        private static final double TOKEN_SECONDS = 250;

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
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            if (rate != null && !(rate > 0 && rate < 1e6)) {
                throw new DxGuardException(BenchErrors.BAD_OPTIONS, "--rate must be a positive number of calls per "
                    + "second (or left out for a closed loop), was " + rate);
            }
            if (concurrency < 1 || requests < 1 || warmup < 0) {
                throw new DxGuardException(BenchErrors.BAD_OPTIONS, "--concurrency and --requests must be at least 1"
                    + " and --warmup at least 0");
            }
            if (rate != null && Math.max(requests, warmup) / rate > TOKEN_SECONDS) {
                throw new DxGuardException(BenchErrors.BAD_OPTIONS, String.format(java.util.Locale.ROOT,
                    "--requests %d or --warmup %d at --rate %s would take %.0f s, but pre-signed tokens live 280 s:"
                        + " keep requests / rate and warmup / rate under %d s", requests, warmup, rate,
                    Math.max(requests, warmup) / rate, (int) TOKEN_SECONDS));
            }
            LoadEngine.Pacing pacing = rate == null ? LoadEngine.Pacing.closedLoop() : LoadEngine.Pacing.fixedRate(rate);
            String body = request == null ? packaged() : Files.readString(request);
            JwtSigner signer = JwtSigner.fromPem(key, kid, issuer, jku);
            TokenPool tokens = new TokenPool(aud -> signer.sign(aud, null, null, Duration.ofSeconds(280)));
            LoadEngine engine = new LoadEngine(concurrency, pacing, tokens, false, Duration.ofSeconds(30));
            List<LoadEngine.Call> calls = List.of(LoadEngine.Call.of("call", target, body));

            // one token per call, signed before the warm-up and again before the timed run (never while measuring)
            long t0 = System.nanoTime();
            tokens.presign(target.toString(), warmup);
            long signNanos = System.nanoTime() - t0;
            if (warmup > 0) {
                engine.run(calls, LoadEngine.Stop.after(warmup));
            }
            t0 = System.nanoTime();
            tokens.presign(target.toString(), requests);
            signNanos += System.nanoTime() - t0;
            out.printf("tokens_signed=%d%ntoken_sign_seconds=%.1f%n", warmup + requests, signNanos / 1e9);
            LoadEngine.Run run = engine.run(calls, LoadEngine.Stop.after(requests));
            HookStats s = run.byHook().get(0);
            out.printf("mode=%s%n", pacing.mode());
            out.printf("concurrency=%d%nrequests=%d%nrequest_bytes=%d%nseconds=%.2f%nrequests_per_second=%.1f%n",
                concurrency, s.calls(), body.getBytes(StandardCharsets.UTF_8).length, run.seconds(),
                s.calls() / run.seconds());
            if (pacing.open()) {
                out.printf("target_rate=%.1f%nachieved_rate=%.1f%nlate_starts=%d%nmax_start_delay_ms=%.2f%n"
                        + "dropped=%d%n", pacing.ratePerSecond(), run.achievedRate(), run.lateStarts(),
                    run.maxStartDelayMs(), run.dropped());
            } else {
                out.printf("achieved_rate=%.1f%n", run.achievedRate());
            }
            out.printf("latency_ms_p50=%.2f%nlatency_ms_p90=%.2f%nlatency_ms_p95=%.2f%nlatency_ms_p99=%.2f%n"
                    + "latency_ms_max=%.2f%n", s.percentileMs(50), s.percentileMs(90), s.percentileMs(95),
                s.percentileMs(99), s.maxMs());
            if (pacing.open()) {
                out.printf("service_ms_p50=%.2f%nservice_ms_p99=%.2f%n", s.servicePercentileMs(50),
                    s.servicePercentileMs(99));
            }
            s.statuses().forEach((st, n) -> out.printf("status_%d=%d%n", st, n));
            out.printf("tokens_signed_inline=%d%n", run.tokensSignedInline());
            out.flush();
            if (run.tokensSignedInline() > 0) {
                err.printf("WARNING: %d tokens were signed during the timed run (the pre-signed pool ran dry); the "
                    + "client's signing is in these figures%n", run.tokensSignedInline());
                err.flush();
            }
            return s.statuses().keySet().stream().allMatch(st -> st == 200) ? 0 : 1;
        }

        private static String packaged() throws IOException {
            try (InputStream in = BenchCommand.class.getResourceAsStream("/bench/order-sign-50.json")) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
    }
}
