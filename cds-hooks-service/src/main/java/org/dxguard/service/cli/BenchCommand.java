package org.dxguard.service.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code dxguard bench call}: replays one hook request against a running service from C concurrent clients and
 * prints throughput and latency percentiles. Tokens are signed before the timed run (each is single-use), so the
 * figures measure the service, not the client's signing.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, subcommands = {BenchCommand.Call.class},
    description = "Load tools for a running service.")
public final class BenchCommand implements Runnable {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static final String PLACEHOLDER_INSTANCE = "00000000-0000-4000-8000-000000000000";

    @Command(name = "call", mixinStandardHelpOptions = true,
        description = {"Replay one hook call (default: an order-sign call with a 50-resource prefetch) and print "
            + "requests/s and p50/p90/p99/max latency, one name=value per line.",
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

        @Option(names = "--concurrency", defaultValue = "16", description = "Concurrent clients (${DEFAULT-VALUE}).")
        int concurrency;

        @Option(names = "--requests", defaultValue = "10000",
            description = "Timed requests; tokens for them are signed first (${DEFAULT-VALUE}).")
        int requests;

        @Option(names = "--warmup", defaultValue = "2000", description = "Untimed warm-up requests (${DEFAULT-VALUE}).")
        int warmup;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            String body = request == null ? packaged() : Files.readString(request);
            JwtSigner signer = JwtSigner.fromPem(key, kid, issuer, jku);
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();

            long t0 = System.nanoTime();
            String[] tokens = sign(signer, warmup + requests);
            out.printf("tokens_signed=%d%ntoken_sign_seconds=%.1f%n", tokens.length,
                (System.nanoTime() - t0) / 1e9);

            run(client, body, tokens, 0, warmup, null, null);
            long[] latencies = new long[requests];
            Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
            long start = System.nanoTime();
            run(client, body, tokens, warmup, requests, latencies, statuses);
            double seconds = (System.nanoTime() - start) / 1e9;

            Arrays.sort(latencies);
            out.printf("concurrency=%d%nrequests=%d%nrequest_bytes=%d%nseconds=%.2f%nrequests_per_second=%.1f%n",
                concurrency, requests, body.getBytes(StandardCharsets.UTF_8).length, seconds, requests / seconds);
            out.printf("latency_ms_p50=%.2f%nlatency_ms_p90=%.2f%nlatency_ms_p99=%.2f%nlatency_ms_max=%.2f%n",
                pct(latencies, 0.50), pct(latencies, 0.90), pct(latencies, 0.99),
                latencies[latencies.length - 1] / 1e6);
            new TreeMap<>(statuses).forEach((s, n) -> out.printf("status_%d=%d%n", s, n.sum()));
            return statuses.keySet().stream().allMatch(s -> s == 200) ? 0 : 1;
        }

        private String[] sign(JwtSigner signer, int n) {
            String aud = target.toString();
            return IntStream.range(0, n).parallel()
                .mapToObj(i -> signer.sign(aud, null, null, Duration.ofSeconds(280))).toArray(String[]::new);
        }

        private void run(HttpClient client, String body, String[] tokens, int from, int count, long[] latencies,
                         Map<Integer, LongAdder> statuses) throws Exception {
            AtomicInteger next = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(concurrency);
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (int c = 0; c < concurrency; c++) {
                    futures.add(pool.submit(() -> {
                        int i;
                        while ((i = next.getAndIncrement()) < count) {
                            String payload = body.replace(PLACEHOLDER_INSTANCE, UUID.randomUUID().toString());
                            HttpRequest req = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(30))
                                .header("Authorization", "Bearer " + tokens[from + i])
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(payload)).build();
                            long s = System.nanoTime();
                            int status;
                            try {
                                HttpResponse<byte[]> resp = client.send(req, HttpResponse.BodyHandlers.ofByteArray());
                                status = resp.statusCode();
                            } catch (IOException e) {
                                status = 0;
                            }
                            long elapsed = System.nanoTime() - s;
                            if (latencies != null) {
                                latencies[i] = elapsed;
                                statuses.computeIfAbsent(status, k -> new LongAdder()).increment();
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> f : futures) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
            }
        }

        private static double pct(long[] sorted, double p) {
            int idx = (int) Math.ceil(p * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, idx))] / 1e6;
        }

        private static String packaged() throws IOException {
            try (InputStream in = BenchCommand.class.getResourceAsStream("/bench/order-sign-50.json")) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
    }

}
