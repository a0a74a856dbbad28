package org.dxguard.service.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dxguard.service.Fixtures;
import org.dxguard.service.audit.DecisionLog;
import org.dxguard.service.auth.TestTokens;
import org.dxguard.service.feedback.FeedbackStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of the packaged service under load: every call answered 200 before the kill has its decision record, every
 * acknowledged feedback is stored, the hash chain is intact, and the service starts again on the same data directory.
 */
class CrashRecoveryIT {
    private static final Pattern LISTENING = Pattern.compile("listening on http://[^:]+:(\\d+)/cds-services");
    private static final Path JAR = Path.of("target", "dxguard.jar");
    private static final String SIGN = "/cds-services/dxguard-medication-sign";

    private static Process launch(Path dataDir) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-jar", JAR.toString(), "serve", "--port", "0", "--no-graph",
            "--data-dir", dataDir.toString()).redirectErrorStream(true).start();
    }

    private static int port(Process p) throws Exception {
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + 120_000_000_000L;
        String line;
        while (System.nanoTime() < deadline && (line = r.readLine()) != null) {
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                Thread drain = new Thread(() -> {
                    try {
                        while (r.readLine() != null) {
                            // keep the pipe open
                        }
                    } catch (java.io.IOException e) {
                        // process gone
                    }
                });
                drain.setDaemon(true);
                drain.start();
                return Integer.parseInt(m.group(1));
            }
        }
        throw new IllegalStateException("service did not start");
    }

    @Test
    void should_keep_every_answered_decision_and_acknowledged_feedback_when_killed_under_load(@TempDir Path dataDir)
        throws Exception {
        assumeTrue(Files.exists(JAR), "the application jar is built in the package phase");
        assumeTrue(TestTokens.sandboxKeyAvailable(), "../shared/data/cds-hooks-sandbox is needed to sign");
        String template = new String(Fixtures.withRecentDates("cdshooks/sandbox-order-sign-metformin-egfr25.json"),
            StandardCharsets.UTF_8);
        Process service = launch(dataDir);
        int port = port(service);
        String url = "http://localhost:" + port + SIGN;
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        Set<String> answered = ConcurrentHashMap.newKeySet();
        Set<String> feedbackAcknowledged = ConcurrentHashMap.newKeySet();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        for (int c = 0; c < 8; c++) {
            pool.submit(() -> {
                while (!stop.get()) {
                    String hookInstance = UUID.randomUUID().toString();
                    String body = template.replace("3b8f4c6e-2f0d-4b8e-9c1a-7d5e6f4a3b21", hookInstance);
                    try {
                        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(url))
                            .header("Authorization", "Bearer " + TestTokens.sandboxToken(url))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                            HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() == 200) {
                            answered.add(hookInstance);
                            String card = UUID.randomUUID().toString();
                            String fb = "{\"feedback\":[{\"card\":\"" + card + "\",\"outcome\":\"overridden\","
                                + "\"outcomeTimestamp\":\"" + Instant.now() + "\"}]}";
                            HttpResponse<String> f = client.send(HttpRequest.newBuilder(URI.create(url + "/feedback"))
                                .header("Authorization", "Bearer " + TestTokens.sandboxToken(url + "/feedback"))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(fb)).build(),
                                HttpResponse.BodyHandlers.ofString());
                            if (f.statusCode() == 200) {
                                feedbackAcknowledged.add(card);
                            }
                        }
                    } catch (Exception e) {
                        // the kill: connections fail from here on
                    }
                }
                return null;
            });
        }
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (answered.size() < 100 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }

        // when the service is killed -9 in the middle of the load
        service.destroyForcibly();
        assertThat(service.waitFor(30, TimeUnit.SECONDS)).isTrue();
        stop.set(true);
        pool.shutdown();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

        // then every answered call has its record, the chain is intact, and every acknowledged feedback is there
        assertThat(answered).hasSizeGreaterThanOrEqualTo(100);
        Path log = dataDir.resolve("audit/decisions.jsonl");
        DecisionLog.verify(log);
        String records = Files.readString(log);
        assertThat(answered).allSatisfy(h -> assertThat(records).contains(h));
        List<String> stored = FeedbackStore.readOnly(dataDir).stream().map(f -> f.card()).toList();
        assertThat(stored).containsAll(feedbackAcknowledged);

        // and the service starts again on the same data directory, continuing the chain
        Process again = launch(dataDir);
        try {
            port(again);
        } finally {
            again.destroy();
            again.waitFor(20, TimeUnit.SECONDS);
        }
        DecisionLog.verify(log);
    }
}
