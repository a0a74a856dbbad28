package org.dxguard.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.dxguard.bench.internal.HookStats;
import org.dxguard.bench.internal.LoadEngine;
import org.dxguard.bench.internal.TokenPool;
import org.dxguard.model.DxGuardException;

/**
 * {@code dxguard bench call}: one hook request replayed from C concurrent clients (closed loop), or with a rate as an
 * open loop at R calls per second on at most C in flight (latency from each call's intended send time). One
 * single-use token per call, all signed before the warm-up and the timed run (never while measuring). Prints one
 * {@code name=value} per line.
 */
public final class CallBench {
    /** The longest timed run whose tokens can all be signed before it (a token lives 280 s). */
    private static final double TOKEN_SECONDS = 250;

    /**
     * What to run.
     *
     * @param target      the service URL to POST to (e.g. {@code …/cds-services/dxguard-medication-sign})
     * @param body        the request JSON ({@link #packagedRequest()} by default)
     * @param signer      a fresh single-use token for an audience (the exact URL)
     * @param rate        calls per second for an open loop; null for a closed loop
     */
    public record Options(URI target, String body, Function<String, String> signer, int concurrency, Double rate,
                          int requests, int warmup) {
        public Options {
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(body, "body");
            Objects.requireNonNull(signer, "signer");
        }
    }

    private CallBench() {}

    /** The packaged order-sign request with a 50-resource prefetch ({@code bench/order-sign-50.json}). */
    public static String packagedRequest() {
        try (InputStream in = CallBench.class.getResourceAsStream("/bench/order-sign-50.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs the warm-up and the timed calls, writes the figures to {@code out} and warnings to {@code err}.
     *
     * @return 0 when every timed call answered 200, else 1
     * @throws DxGuardException {@link BenchErrors#BAD_OPTIONS} for options that cannot run
     */
    public static int run(Options o, PrintWriter out, PrintWriter err) {
        Double rate = o.rate();
        int concurrency = o.concurrency();
        int requests = o.requests();
        int warmup = o.warmup();
        URI target = o.target();
        String body = o.body();
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
        TokenPool tokens = new TokenPool(o.signer());
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
}
