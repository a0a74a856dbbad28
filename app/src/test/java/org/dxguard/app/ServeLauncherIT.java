package org.dxguard.app;

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
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dxguard.service.auth.TestTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged application as a user runs it: {@code java -jar dxguard.jar serve} in its own process, answering
 * discovery within 60 s of start, refusing a second instance on the same data directory.
 */
class ServeLauncherIT {
    private static final Pattern LISTENING = Pattern.compile("listening on http://[^:]+:(\\d+)/cds-services");
    private static final Path JAR = Path.of("target", "dxguard.jar");

    private static Process launch(Path dataDir, String... extra) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new java.util.ArrayList<>(List.of(java, "-jar", JAR.toString(), "serve", "--port", "0",
            "--data-dir", dataDir.toString()));
        cmd.addAll(List.of(extra));
        return new ProcessBuilder(cmd).redirectErrorStream(true).start();
    }

    private static int awaitPort(Process p, Duration timeout) throws Exception {
        java.util.Queue<String> seen = new java.util.concurrent.ConcurrentLinkedQueue<>();
        CompletableFuture<Integer> port = CompletableFuture.supplyAsync(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    seen.add(line);
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        CompletableFuture.runAsync(() -> drain(r));
                        return Integer.parseInt(m.group(1));
                    }
                }
                return -1;
            } catch (java.io.IOException e) {
                return -1;
            }
        });
        try {
            return port.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            // say what the service was doing instead of listening (load average: a starved machine is slow)
            throw new AssertionError("no 'listening on' line in " + timeout.toSeconds() + " s (load average "
                + (Files.exists(Path.of("/proc/loadavg")) ? Files.readString(Path.of("/proc/loadavg")).trim() : "unknown")
                + "); the service printed:\n"
                + String.join("\n", seen), e);
        }
    }

    private static void drain(BufferedReader r) {
        try {
            while (r.readLine() != null) {
                // keep the pipe from filling up
            }
        } catch (java.io.IOException e) {
            // process ended
        }
    }

    @Test
    void should_answer_discovery_within_60_seconds_when_started_from_the_jar(@TempDir Path dataDir)
        throws Exception {
        assumeTrue(Files.exists(JAR), "the application jar is built in the package phase");
        assumeTrue(TestTokens.sandboxKeyAvailable(), "../shared/data/cds-hooks-sandbox is needed to sign");
        Process p = launch(dataDir);
        try {
            // when
            int port = awaitPort(p, Duration.ofSeconds(180));
            String url = "http://localhost:" + port + "/cds-services";
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + TestTokens.sandboxToken(url)).build(),
                HttpResponse.BodyHandlers.ofString());

            // then
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("dxguard-medication-sign");

            Process second = launch(dataDir);
            assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
            String out = new String(second.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(second.exitValue()).isEqualTo(1);
            assertThat(out).contains("in use by another dxguard instance");
        } finally {
            p.destroy();
            p.waitFor(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void should_list_subcommands_when_asked_for_help() throws Exception {
        assumeTrue(Files.exists(JAR), "the application jar is built in the package phase");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-jar", JAR.toString(), "--help").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(p.waitFor()).isZero();
        assertThat(out).contains("serve").contains("token").contains("bench");
    }

    @Test
    void should_exit_2_with_usage_when_option_is_invalid() throws Exception {
        assumeTrue(Files.exists(JAR), "the application jar is built in the package phase");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-jar", JAR.toString(), "serve", "--port", "eighty")
            .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(p.waitFor()).isEqualTo(2);
        assertThat(out).contains("--port");
    }
}
