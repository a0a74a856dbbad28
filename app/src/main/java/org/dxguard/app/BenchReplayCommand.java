package org.dxguard.app;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.dxguard.bench.JwtSigner;
import org.dxguard.model.DxGuardException;
import org.dxguard.bench.BenchErrors;
import org.dxguard.bench.BenchKey;
import org.dxguard.bench.BenchPlot;
import org.dxguard.bench.BenchResult;
import org.dxguard.bench.ReplayBench;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dxguard bench replay}: replays a seeded Synthea cohort against a running service (see {@link ReplayBench}). */
@Command(name = "replay", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Generate a seeded Synthea cohort (offline; cached), turn it into patient-view, order-select and "
        + "order-sign calls with prefetch, and replay them closed-loop from C clients for S seconds after a warm-up. "
        + "Prints throughput and p50/p95/p99/max latency per hook, errors by HTTP status and the card mix.",
        "With --rate R the replay is open-loop: calls due at R per second on at most C in flight, latency from each "
            + "call's intended send time (calls that waited for a free slot are counted as late starts).",
        "Without --key a key pair is generated: start the service with the trusted-EHR file it writes "
            + "(--trusted-ehrs-out) and keep the key (--key-out) for later runs; --prepare-only does just that.",
        "Example: dxguard bench replay --target http://localhost:8080 --cohort 50 --concurrency 16 --duration 30 "
            + "--hook order-sign --key bench.pem --kid dxguard-bench --out r16.json"})
public final class BenchReplayCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--target", description = "The service: http://host:port[/cds-services].")
    URI target;

    @Option(names = "--cohort", defaultValue = "20", description = "Synthea patients (${DEFAULT-VALUE}).")
    int cohort;

    @Option(names = "--concurrency", defaultValue = "16",
        description = "Closed-loop clients; with --rate, the most calls in flight (${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--rate", description = "Open loop: calls per second over all hooks (default: closed loop).")
    Double rate;

    @Option(names = "--tokens", description = "Tokens to pre-sign for the timed run (default: rate x duration x 1.1, "
        + "or in a closed loop twice the warm-up's rate x duration).")
    Long tokens;

    @Option(names = "--duration", defaultValue = "30", description = "Timed run in seconds (${DEFAULT-VALUE}).")
    int duration;

    @Option(names = "--warmup", defaultValue = "10", description = "Untimed warm-up in seconds (${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--hook", defaultValue = "all",
        description = "patient-view, order-select, order-sign or all (${DEFAULT-VALUE}).")
    String hook;

    @Option(names = "--seed", defaultValue = "1", description = "Cohort and call-order seed (${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--cohort-dir", description = "Cache of generated cohorts (default: $TMPDIR/dxguard-bench/synthea).")
    Path cohortDir;

    @Option(names = "--notes", description = "A cohort with Synthea's clinical notes (DocumentReference, which name "
        + "the patient): patient-view calls carry them in the notes prefetch; cached apart from cohorts without.")
    boolean notes;

    @Option(names = "--key", description = "PKCS#8 PEM private key the service trusts (default: generate one).")
    Path key;

    @Option(names = "--kid", defaultValue = "dxguard-bench", description = "Key id (${DEFAULT-VALUE}).")
    String kid;

    @Option(names = "--iss", defaultValue = BenchKey.DEFAULT_ISSUER, description = "Issuer (${DEFAULT-VALUE}).")
    String issuer;

    @Option(names = "--alg", defaultValue = "ES384",
        description = "Algorithm of a generated key: ES384 or RS384 (${DEFAULT-VALUE}).")
    String alg;

    @Option(names = "--trusted-ehrs-out", description = "Write the generated key's trusted-EHR file here.")
    Path trustedEhrsOut;

    @Option(names = "--key-out", description = "Write the generated private key (PEM) here, for --key later.")
    Path keyOut;

    @Option(names = "--prepare-only",
        description = "Generate the cohort and the key files, then stop (start the service, then run with --key).")
    boolean prepareOnly;

    @Option(names = "--label", description = "A name for this configuration in the JSON and plots.")
    String label;

    @Option(names = "--out", description = "Write the results as JSON.")
    Path out;

    @Option(names = "--plot", description = "Write a per-hook percentile plot (PNG).")
    Path plot;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter stderr = spec.commandLine().getErr();
        if (rate != null && !(rate > 0 && rate < 1e6)) {
            throw new DxGuardException(BenchErrors.BAD_OPTIONS, "--rate must be a positive number of calls per "
                + "second (or left out for a closed loop), was " + rate);
        }
        JwtSigner signer;
        String algorithm;
        if (key != null) {
            if (trustedEhrsOut != null || keyOut != null) {
                throw new DxGuardException(BenchErrors.BAD_OPTIONS,
                    "--trusted-ehrs-out and --key-out are for a generated key; drop them when giving --key");
            }
            signer = JwtSigner.fromPem(key, kid, issuer, null);
            algorithm = signer.algorithm();
        } else {
            BenchKey generated = BenchKey.generate(alg, kid, issuer);
            write(trustedEhrsOut, generated.trustedEhrsJson());
            write(keyOut, generated.privateKeyPem());
            stderr.println("generated a " + alg + " key (kid " + kid + ", iss " + issuer + "); the service must be "
                + "started with this trusted-EHR file (--trusted-ehrs"
                + (trustedEhrsOut == null ? " FILE; write it with --trusted-ehrs-out" : " " + trustedEhrsOut)
                + "):");
            stdout.print(generated.trustedEhrsJson());
            stdout.flush();
            signer = JwtSigner.fromPemText(generated.privateKeyPem(), "generated key", kid, issuer, null);
            algorithm = signer.algorithm();
        }
        if (target == null && !prepareOnly) {
            throw new DxGuardException(BenchErrors.BAD_OPTIONS, "--target is required (or --prepare-only)");
        }
        JwtSigner s = signer;
        ReplayBench bench = ReplayBench.builder()
            .target(target == null ? URI.create("http://localhost:8080") : target)
            .hooks(ReplayBench.Hook.parse(hook)).patients(cohort).seed(seed).cohortDir(cohortDir).notes(notes)
            .concurrency(concurrency).rate(rate == null ? 0 : rate).tokens(tokens == null ? 0 : tokens)
            .duration(Duration.ofSeconds(duration)).warmup(Duration.ofSeconds(warmup))
            .signer(aud -> s.sign(aud, null, null, Duration.ofSeconds(280))).algorithm(algorithm).label(label)
            .progress(line -> {
                stderr.println("bench: " + line);
                stderr.flush();
            }).build();
        ReplayBench.Plan plan = bench.plan();
        stderr.println("bench: " + plan.patients() + " patients -> calls by hook " + plan.callsByHook()
            + "; draft orders by kind " + plan.draftKinds());
        if (prepareOnly) {
            return 0;
        }
        BenchResult result = bench.run(plan);
        stdout.print(result.table());
        stdout.flush();
        if (result.tokensSignedInline() > 0) {
            stderr.println("bench: WARNING: " + result.tokensSignedInline() + " tokens were signed during the timed "
                + "run (the pre-signed pool ran dry); the client's signing is in these figures. Give more with "
                + "--tokens N.");
            stderr.flush();
        }
        if (out != null) {
            result.write(out);
            stderr.println("bench: results written to " + out);
        }
        if (plot != null) {
            BenchPlot.write(List.of(result), plot);
            stderr.println("bench: plot written to " + plot);
        }
        return result.hooks().stream().allMatch(h -> h.errors() == 0) ? 0 : 1;
    }

    private static void write(Path file, String text) {
        if (file == null) {
            return;
        }
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new DxGuardException(BenchErrors.IO, "cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
