package org.dxguard.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The headless-browser plumbing of the page tests (ConsoleBrowserIT, SmartLaunchIT): Debian Chromium (or
 * {@code $CHROMIUM}) and Node.js must be there (else the test is skipped with the reason), and a test script with its
 * pinned {@code package-lock.json} is installed with {@code npm ci} (playwright-core, no browser download).
 */
public final class BrowserTests {
    private BrowserTests() {}

    /** Chromium's path; skips the calling test when Chromium or Node.js is absent. */
    public static Path chromiumOrSkip(String what) {
        Path chromium = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
        assumeTrue(Files.isExecutable(chromium), "Chromium is not installed at " + chromium
            + " (apt-get install chromium, or set CHROMIUM): " + what + " cannot run");
        assumeTrue(runs("node", "--version") && runs("npm", "--version"),
            "Node.js and npm are not on the PATH: " + what + " cannot run");
        return chromium;
    }

    /** Copies {@code files} of {@code src} to {@code work} and installs them there with npm ci. */
    public static void install(Path src, Path work, List<String> files) throws IOException, InterruptedException {
        Files.createDirectories(work);
        for (String f : files) {
            Files.copy(src.resolve(f), work.resolve(f), StandardCopyOption.REPLACE_EXISTING);
        }
        File log = work.resolve("npm-ci.log").toFile();
        Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts",
            "--prefer-offline").directory(work.toFile()).redirectErrorStream(true).redirectOutput(log).start();
        boolean done = npm.waitFor(5, TimeUnit.MINUTES);
        if (!done) {
            npm.destroyForcibly();
        }
        assertThat(done && npm.exitValue() == 0).as("npm ci of playwright-core in %s (log %s): %s", work, log,
            Files.exists(log.toPath()) ? Files.readString(log.toPath()) : "").isTrue();
    }

    /** The script's last output line (its JSON result), or {@code {}}. */
    public static String lastLine(String out) {
        return out.strip().isEmpty() ? "{}" : out.strip().lines().reduce((a, b) -> b).orElse("{}");
    }

    /** The checks of a script's result that failed, as "name — detail". */
    public static List<String> failedChecks(com.fasterxml.jackson.databind.JsonNode result) {
        List<String> failed = new java.util.ArrayList<>();
        for (com.fasterxml.jackson.databind.JsonNode c : result.path("checks")) {
            if (!c.path("ok").asBoolean()) {
                failed.add(c.path("name").asText() + " — " + c.path("detail").asText());
            }
        }
        return failed;
    }

    static boolean runs(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
