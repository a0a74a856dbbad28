package org.dxguard.service.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.dxguard.guidelines.PackageStatus;
import org.dxguard.service.Fixtures;
import org.dxguard.service.ServiceConfig;
import org.dxguard.service.TestServer;
import org.dxguard.service.auth.TestTokens;
import org.junit.jupiter.api.Test;

/**
 * The console in a real browser: a real service (embedded graph, the real langchain4j client against a model that
 * answers with hostile markup), a real order-sign call that fires ADA-MET-001 and a real patient-view call, then
 * headless Debian Chromium driven by playwright-core ({@code src/test/console/console-test.js}, installed with
 * {@code npm ci} into {@code target/console-test}) logs in with the admin token and checks that the console renders
 * both decision records (the card, the rule that fired and the facts it fired on; the candidates), the guideline
 * packages with their scenario results, override rates and the veto report, and that the injected {@code <script>}
 * in the recorded model output is shown as text and never runs. Screenshots: {@code target/console-screenshots/}.
 * Skipped only when Chromium or Node.js is absent.
 */
class ConsoleBrowserIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SIGN = "/cds-services/dxguard-medication-sign";
    private static final String VIEW = "/cds-services/dxguard-differential";
    private static final String SIGN_INSTANCE = "3b8f4c6e-2f0d-4b8e-9c1a-7d5e6f4a3b21";
    private static final String VIEW_INSTANCE = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";
    private static final String HOSTILE = "<script>window.__dxguardInjected=1;alert('xss')</script>";

    @Test
    void should_render_the_decision_record_of_a_real_call_when_driven_in_headless_chromium() throws Exception {
        Path chromium = org.dxguard.service.BrowserTests.chromiumOrSkip("the console's browser test");
        assumeTrue(TestTokens.sandboxKeyAvailable(), "../shared/data/cds-hooks-sandbox is needed to sign the calls");
        Path work = Path.of("target", "console-test").toAbsolutePath();
        Path screenshots = Path.of("target", "console-screenshots").toAbsolutePath();
        org.dxguard.service.BrowserTests.install(Path.of("src", "test", "console"), work,
            List.of("package.json", "package-lock.json", "console-test.js"));
        Files.createDirectories(screenshots);
        String hostile = Fixtures.text("console/hostile-explanation.json");
        assertThat(hostile).contains(HOSTILE);

        try (ModelStub model = ModelStub.answering(hostile);
             // a budget far above any machine's first call, so the explanation is on the call's own record (the
             // late path has its own tests: ExplanationBudgetIT, EmbeddedDefaultIT)
             TestServer server = TestServer.start(ServiceConfig.builder().graphEnabled(true)
                 .llmBudget(Duration.ofSeconds(60)), model.explainer())) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
            while (server.server().graph().current().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(250);
            }
            // given a real order-sign call that fires a rule and a real patient-view call with a hostile model
            HttpResponse<String> sign = server.post(SIGN, server.sandboxToken(SIGN),
                Fixtures.withRecentDates("cdshooks/sandbox-order-sign-metformin-egfr25.json"));
            assertThat(sign.statusCode()).isEqualTo(200);
            assertThat(sign.body()).contains("ADA-MET-001");
            HttpResponse<String> view = server.post(VIEW, server.sandboxToken(VIEW),
                Fixtures.withRecentDates("cdshooks/patient-view-fever-cough.json"));
            assertThat(view.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(view.body()).get("cards")).as("the differential card").hasSize(1);
            assertThat(org.dxguard.service.audit.DecisionLog.find(server.dataDir(), VIEW_INSTANCE))
                .singleElement().satisfies(r -> {
                    assertThat(r.candidates()).as("candidates on record").isNotEmpty();
                    assertThat(r.rawOutput()).contains(HOSTILE);
                });
            String token = Files.readString(server.dataDir().resolve("console-token")).strip();
            List<String> packages = server.server().guidelines().packages().stream().map(PackageStatus::id).toList();

            // when the browser test drives the console
            Map<String, Object> expect = Map.of(
                "orderSign", Map.of("hookInstance", SIGN_INSTANCE, "ruleId", "ADA-MET-001"),
                "patientView", Map.of("hookInstance", VIEW_INSTANCE, "hostileMarker", HOSTILE),
                "packages", packages);
            ProcessBuilder pb = new ProcessBuilder("node", "console-test.js").directory(work.toFile())
                .redirectError(screenshots.resolve("console-test.stderr.log").toFile());
            pb.environment().put("CONSOLE_URL", server.url("/console/"));
            pb.environment().put("CONSOLE_TOKEN", token);
            pb.environment().put("SCREENSHOT_DIR", screenshots.toString());
            pb.environment().put("CHROMIUM", chromium.toString());
            pb.environment().put("EXPECT", JSON.writeValueAsString(expect));
            long t0 = System.nanoTime();
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            boolean done = p.waitFor(5, TimeUnit.MINUTES);
            if (!done) {
                p.destroyForcibly();
            }
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            Files.writeString(screenshots.resolve("console-test.json"), out);

            // then every check of the script passed
            assertThat(done).as("the browser test finished within 5 minutes").isTrue();
            String last = org.dxguard.service.BrowserTests.lastLine(out);
            JsonNode result = JSON.readTree(last);
            List<String> failed = org.dxguard.service.BrowserTests.failedChecks(result);
            assertThat(failed).as("failed browser checks (stdout %s, stderr in %s)", last,
                screenshots.resolve("console-test.stderr.log")).isEmpty();
            assertThat(p.exitValue()).as("browser test exit code; output %s", last).isZero();
            assertThat(result.path("checks").size()).as("checks run").isGreaterThanOrEqualTo(20);
            assertThat(result.path("screenshots").size()).isEqualTo(7);
            System.out.printf("console browser test: %d checks passed in %d ms (browser part %s ms)%n",
                result.path("checks").size(), ms, result.path("ms").asText());
        }
    }
}
