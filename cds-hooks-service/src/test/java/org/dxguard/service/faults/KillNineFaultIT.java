package org.dxguard.service.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dxguard.service.auth.TestTokens;
import org.dxguard.service.faults.FaultLoad.Call;
import org.dxguard.service.feedback.FeedbackStore;
import org.dxguard.service.feedback.StoredFeedback;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of the packaged service (its own JVM, {@code java -jar dxguard.jar serve}) under load, then a restart on
 * the same data directory, several times: {@code dxguard audit verify} passes after every kill (the hash chain is
 * intact); every call answered 200 before the kill has its decision record, and at most the calls in flight
 * (one per client) have a record without an answer; every feedback acknowledged before the kill is stored after
 * the restart and is not stored twice when the EHR sends it again. One kill in every build, with
 * {@code --audit-fsync false} (a record is written to the OS, not forced to disk, before the answer: it must survive a
 * process kill); six in the long run, alternating {@code false} and {@code true}.
 */
class KillNineFaultIT {
    private static final Pattern LISTENING = Pattern.compile("listening on http://[^:]+:(\\d+)/cds-services");
    private static final Path JAR = Path.of("target", "dxguard.jar");
    private static final String SIGN = "/cds-services/dxguard-medication-sign";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CLIENTS = 8;
    private static final int KILLS = FaultRun.count(1, 6);
    /** Answered calls per cycle before the kill. */
    private static final int ANSWERED_BEFORE_KILL = FaultRun.count(100, 1_000);

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static Process launch(Path dataDir, boolean fsync) throws Exception {
        return new ProcessBuilder(java(), "-Xmx512m", "-jar", JAR.toString(), "serve", "--port", "0", "--no-graph",
            "--audit-fsync", String.valueOf(fsync), "--data-dir", dataDir.toString()).redirectErrorStream(true)
            .start();
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

    /** {@code dxguard audit verify --data-dir DIR} in its own JVM: exit code and output. */
    private static String auditVerify(Path dataDir) throws Exception {
        Process p = new ProcessBuilder(java(), "-jar", JAR.toString(), "audit", "verify", "--data-dir",
            dataDir.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out.lines().filter(l -> l.startsWith("decision log intact")).findFirst().orElse(out)
            .replaceAll(" \\(.*\\)$", "");
    }

    private static String feedbackBody(String card) {
        return "{\"feedback\":[{\"card\":\"" + card + "\",\"outcome\":\"overridden\",\"outcomeTimestamp\":\""
            + Instant.now() + "\"}]}";
    }

    private static Call post(String url, String body) {
        return FaultLoad.send("post", HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + TestTokens.sandboxToken(url))
            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** hookInstance → status of every complete record in the log. */
    private static Map<String, Integer> records(Path dataDir) throws Exception {
        Map<String, Integer> out = new HashMap<>();
        String text = Files.readString(dataDir.resolve("audit/decisions.jsonl"));
        for (String line : text.substring(0, text.lastIndexOf('\n') + 1).split("\n")) {
            if (!line.isBlank()) {
                JsonNode r = JSON.readTree(line);
                out.put(r.path("hookInstance").asText(), r.path("status").asInt());
            }
        }
        return out;
    }

    @Test
    void should_keep_every_answered_decision_and_acknowledged_feedback_when_killed_under_load(@TempDir Path dataDir)
        throws Exception {
        assumeTrue(Files.exists(JAR), "the application jar is built in the package phase");
        assumeTrue(TestTokens.sandboxKeyAvailable(), "../shared/data/cds-hooks-sandbox is needed to sign");
        String template = new String(org.dxguard.service.Fixtures.withRecentDates(
            "cdshooks/sandbox-order-sign-metformin-egfr25.json"), StandardCharsets.UTF_8);
        Set<String> answered = ConcurrentHashMap.newKeySet();
        Map<String, String> feedbackAcknowledged = new ConcurrentHashMap<>(); // card -> the body sent
        List<String> verified = new ArrayList<>();
        int inFlightTail = 0;
        boolean fsync = false; // the first kill with the weaker setting: the record only in the OS, not forced
        Process service = launch(dataDir, fsync);
        int port = port(service);
        try {
            for (int kill = 1; kill <= KILLS; kill++) {
                // given the service under load: order-sign calls, each answered one followed by a feedback
                String url = "http://localhost:" + port + SIGN;
                Set<String> sent = ConcurrentHashMap.newKeySet();
                int answeredBefore = answered.size();
                FaultLoad load = FaultLoad.start(CLIENTS, (client, seq) -> {
                    String hookInstance = UUID.randomUUID().toString();
                    sent.add(hookInstance);
                    Call c = post(url, template.replace("3b8f4c6e-2f0d-4b8e-9c1a-7d5e6f4a3b21", hookInstance));
                    if (c.status() == 200) {
                        answered.add(hookInstance);
                        String card = UUID.randomUUID().toString();
                        String feedback = feedbackBody(card);
                        if (post(url + "/feedback", feedback).status() == 200) {
                            feedbackAcknowledged.put(card, feedback);
                        }
                    }
                    return c;
                });
                long deadline = System.nanoTime() + 120_000_000_000L;
                while (answered.size() - answeredBefore < ANSWERED_BEFORE_KILL && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }

                // when the service is killed -9 in the middle of the load
                service.destroyForcibly();
                assertThat(service.waitFor(30, TimeUnit.SECONDS)).isTrue();
                List<Call> calls = load.stop();
                assertThat(answered.size() - answeredBefore).isGreaterThanOrEqualTo(ANSWERED_BEFORE_KILL);
                assertThat(FaultLoad.where(calls, c -> c.status() >= 500)).as("5xx before the kill").isEmpty();

                // then the chain verifies with the CLI, every answered call has its record, and only calls in
                // flight at the kill have a record without an answer
                verified.add(auditVerify(dataDir));
                Map<String, Integer> records = records(dataDir);
                assertThat(answered).allSatisfy(h -> assertThat(records.get(h)).as(h).isEqualTo(200));
                long tail = sent.stream().filter(h -> records.containsKey(h) && !answered.contains(h)).count();
                assertThat(tail).as("records of calls in flight at the kill").isLessThanOrEqualTo(CLIENTS);
                inFlightTail += (int) tail;

                // and after a restart on the same data directory every acknowledged feedback is there
                fsync = !fsync;
                service = launch(dataDir, fsync);
                port = port(service);
                List<String> stored = FeedbackStore.readOnly(dataDir).stream().map(StoredFeedback::card).toList();
                assertThat(stored).containsAll(feedbackAcknowledged.keySet()).doesNotHaveDuplicates();
            }

            // and the restarted service keeps the chain and does not store an acknowledged feedback twice
            String url = "http://localhost:" + port + SIGN;
            int storedBefore = FeedbackStore.readOnly(dataDir).size();
            String again = feedbackAcknowledged.values().iterator().next();
            assertThat(post(url + "/feedback", again).status()).isEqualTo(200);
            String hookInstance = UUID.randomUUID().toString();
            assertThat(post(url, template.replace("3b8f4c6e-2f0d-4b8e-9c1a-7d5e6f4a3b21", hookInstance)).status())
                .isEqualTo(200);
            assertThat(FeedbackStore.readOnly(dataDir)).hasSize(storedBefore);
            assertThat(records(dataDir)).containsEntry(hookInstance, 200);
        } finally {
            service.destroy();
            service.waitFor(20, TimeUnit.SECONDS);
        }
        String finalVerify = "chain intact, " + org.dxguard.service.audit.DecisionLog.verify(
            dataDir.resolve("audit/decisions.jsonl")).orElseThrow().seq() + " records after the restart";
        FaultRun.proved(String.format("kill -9 x%d of the service JVM under %d clients (audit fsync %s) -> "
                + "'dxguard audit verify' passed after every kill (%s); %s; all %d calls answered 200 before a "
                + "kill have their decision record; %d records of in-flight calls without an answer (at most %d "
                + "per kill); all %d acknowledged feedbacks present after the restarts, none stored twice",
            KILLS, CLIENTS, KILLS == 1 ? "false" : "alternating false/true", String.join(", ", verified),
            finalVerify, answered.size(), inFlightTail, CLIENTS, feedbackAcknowledged.size()));
    }
}
