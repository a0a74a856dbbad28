package org.dxguard.service.smart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dxguard.service.Fixtures;
import org.dxguard.service.ServiceConfig;
import org.dxguard.service.TestServer;
import org.dxguard.service.auth.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The SMART app end to end (issue 19): a real service (with the embedded graph, for the differential card) launched
 * by a local mock EHR ({@link MockSmartEhr}: a real authorization server and FHIR server fixture) through the EHR
 * launch, authorization code + PKCE S256, {@code private_key_jwt}, an id_token with {@code fhirUser}, the patient
 * context checked against the data read; then a question through {@code /ask} with the app's session. Over plain
 * HTTP (the security checks), and in headless Debian Chromium through playwright-core
 * ({@code src/test/smart/smart-test.js}; skipped only when Chromium or Node.js is absent). Screenshots:
 * {@code target/smart-screenshots/}.
 */
class SmartLaunchIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String VIEW = "/cds-services/dxguard-differential";
    private static final String SIGN = "/cds-services/dxguard-medication-sign";
    private static final String PATIENT = "pat-dkd-1";
    private static final Pattern SESSION = Pattern.compile("name=\"dxguard-session\" content=\"(dxgs_[A-Za-z0-9_-]+)\"");
    private static MockSmartEhr ehr;
    private static TestServer server;
    private static String differentialContext;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(TestTokens.sandboxKeyAvailable(), "../shared/data/cds-hooks-sandbox is needed to sign the calls");
        JsonNode ask = JSON.readTree(Fixtures.withRecentDates("ask/ask-metformin-egfr25.json"));
        Map<String, ObjectNode> record = new LinkedHashMap<>();
        ask.path("prefetch").fields().forEachRemaining(e -> record.put(e.getKey(),
            e.getValue().isNull() ? null : (ObjectNode) e.getValue()));
        ehr = new MockSmartEhr(record);
        Path clients = Files.createTempFile("smart-clients", ".json");
        Files.writeString(clients, JSON.createObjectNode().set("clients", JSON.createArrayNode().add(JSON
            .createObjectNode().put("fhirBaseUrl", ehr.fhirBase()).put("clientId", MockSmartEhr.CLIENT_ID)
            .put("auth", "private_key_jwt").put("ehrIssuer", TestTokens.SANDBOX_ISSUER))).toString());
        server = TestServer.start(ServiceConfig.builder().graphEnabled(true).llmBudget(Duration.ofSeconds(60))
            .smartClientsFile(clients));
        ehr.appBase = server.url("");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (server.server().graph().current().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(250);
        }
        assertThat(server.server().graph().current()).as(server.server().graph().status()).isPresent();
        // the differential card of a real patient-view call carries the app's smart link with its hook instance
        HttpResponse<String> view = server.post(VIEW, server.sandboxToken(VIEW),
            Fixtures.withRecentDates("cdshooks/patient-view-fever-cough.json"));
        assertThat(view.statusCode()).isEqualTo(200);
        JsonNode link = smartLink(view.body());
        differentialContext = link.path("appContext").asText();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (ehr != null) {
            ehr.close();
        }
    }

    static JsonNode smartLink(String cdsResponse) throws IOException {
        for (JsonNode card : JSON.readTree(cdsResponse).path("cards")) {
            for (JsonNode l : card.path("links")) {
                if ("smart".equals(l.path("type").asText())) {
                    return l;
                }
            }
        }
        throw new AssertionError("no smart link on any card: " + cdsResponse);
    }

    /** Follows the launch's redirects as a browser would; the last response (the app page, or an error page). */
    static HttpResponse<String> launch(String patient, String appContext) throws Exception {
        String url = ehr.launchUrl(server.url("/smart/launch"), patient, appContext);
        for (int i = 0; i < 8; i++) {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 302) {
                return r;
            }
            url = r.headers().firstValue("Location").orElseThrow();
        }
        throw new AssertionError("too many redirects");
    }

    static String session(HttpResponse<String> page) {
        Matcher m = SESSION.matcher(page.body());
        assertThat(m.find()).as(page.body()).isTrue();
        return m.group(1);
    }

    @Test
    void should_carry_a_smart_link_with_the_hook_instance_when_differential_and_medication_cards_are_returned()
        throws Exception {
        // given the differential card of the set-up and a real order-sign call
        HttpResponse<String> sign = server.post(SIGN, server.sandboxToken(SIGN),
            Fixtures.withRecentDates("cdshooks/sandbox-order-sign-metformin-egfr25.json"));

        // then both carry the app's launch link, the hook instance in appContext
        assertThat(JSON.readTree(differentialContext).path("hookInstance").asText())
            .isEqualTo("9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d");
        assertThat(JSON.readTree(differentialContext).path("view").asText()).isEqualTo("differential");
        JsonNode link = smartLink(sign.body());
        assertThat(link.path("url").asText()).isEqualTo(server.url("/smart/launch"));
        assertThat(JSON.readTree(link.path("appContext").asText()).path("view").asText()).isEqualTo("medication");
    }

    @Test
    void should_launch_check_the_patient_and_answer_for_that_patient_only_when_the_ehr_launches_the_app()
        throws Exception {
        // when the EHR launches the app from the differential card
        HttpResponse<String> page = launch(PATIENT, differentialContext);

        // then the code exchange passed every check of the mock authorization server and the app page is returned
        assertThat(page.statusCode()).as(page.body() + " refused: " + ehr.refused).isEqualTo(200);
        assertThat(ehr.refused).isEmpty();
        assertThat(page.headers().firstValue("Content-Security-Policy").orElse("")).contains("script-src 'self'")
            .doesNotContain("unsafe-inline").contains("frame-ancestors 'self' " + ehr.base());
        assertThat(page.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(ehr.fhirReads).contains("Patient/" + PATIENT);
        String session = session(page);

        // and the app's context shows the card's differential explanation (it was about this patient)
        HttpResponse<String> ctx = HTTP.send(HttpRequest.newBuilder(URI.create(server.url("/smart/api/context")))
            .header("Authorization", "Bearer " + session).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ctx.statusCode()).isEqualTo(200);
        JsonNode c = JSON.readTree(ctx.body());
        assertThat(c.path("patientId").asText()).isEqualTo(PATIENT);
        assertThat(c.path("fhirUser").asText()).endsWith("/Practitioner/practitioner-1");
        assertThat(c.path("differential").path("status").asText()).isEqualTo("ready");

        // and a question with the session is answered from this patient's record read with the EHR's token
        HttpResponse<String> answer = post("/ask", session, "{\"question\": \"Can this patient start metformin?\"}");
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.body()).contains("ADA-MET-001").contains("contraindicated");
        assertThat(ehr.fhirReads).anyMatch(r -> r.startsWith("Observation"));

        // but not for another patient, nor with FHIR access of the caller's choosing, nor after a forged session
        assertThat(post("/ask", session, "{\"question\": \"Can she start metformin?\", \"patientId\": \"other-1\"}")
            .statusCode()).isEqualTo(403);
        HttpResponse<String> foreign = post("/ask", session, "{\"question\": \"x\", \"fhirServer\": \"https://evil.example/fhir\"}");
        assertThat(foreign.statusCode()).isEqualTo(400);
        assertThat(foreign.body()).contains("fhirServer must not be sent from the app");
        assertThat(post("/ask", session + "x", "{\"question\": \"x\"}").statusCode()).isEqualTo(401);

        // and the callback cannot be replayed (one-time state)
        assertThat(ehr.refused).isEmpty();
    }

    @Test
    void should_refuse_the_launch_when_the_iss_is_unknown_the_state_is_replayed_or_the_patient_does_not_match()
        throws Exception {
        // unknown iss: never followed
        HttpResponse<String> unknown = HTTP.send(HttpRequest.newBuilder(URI.create(server.url(
            "/smart/launch?iss=https%3A%2F%2Fevil.example%2Ffhir&launch=abc"))).GET().build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("not registered to launch");

        // a callback with a state that was never issued
        HttpResponse<String> forged = HTTP.send(HttpRequest.newBuilder(URI.create(server.url(
            "/smart/callback?code=abc&state=forged"))).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(forged.statusCode()).isEqualTo(400);
        assertThat(forged.body()).contains("unknown or was already used");

        // the FHIR server returns another patient than the token's: no session
        ehr.readPatientOverride = "someone-else";
        try {
            HttpResponse<String> mismatch = launch(PATIENT, null);
            assertThat(mismatch.statusCode()).isEqualTo(400);
            assertThat(mismatch.body()).contains("does not match").doesNotContain("dxgs_");
        } finally {
            ehr.readPatientOverride = null;
        }
    }

    @Test
    void should_launch_and_answer_in_headless_chromium_when_the_ehr_opens_the_app() throws Exception {
        Path chromium = org.dxguard.service.BrowserTests.chromiumOrSkip("the SMART browser test");
        Path work = Path.of("target", "smart-test").toAbsolutePath();
        Path screenshots = Path.of("target", "smart-screenshots").toAbsolutePath();
        org.dxguard.service.BrowserTests.install(Path.of("src", "test", "smart"), work,
            List.of("package.json", "package-lock.json", "smart-test.js"));
        Files.createDirectories(screenshots);

        // when the browser follows the EHR launch and asks a question in the app
        Map<String, Object> expect = Map.of("patientId", PATIENT, "question", "Can this patient start metformin?",
            "answerContains", List.of("contraindicated", "ADA-MET-001", "eGFR: 25"), "differential", true);
        ProcessBuilder pb = new ProcessBuilder("node", "smart-test.js").directory(work.toFile())
            .redirectError(screenshots.resolve("smart-test.stderr.log").toFile());
        pb.environment().put("START_URL", ehr.launchUrl(server.url("/smart/launch"), PATIENT, differentialContext));
        pb.environment().put("SCREENSHOT_DIR", screenshots.toString());
        pb.environment().put("CHROMIUM", chromium.toString());
        pb.environment().put("EXPECT", JSON.writeValueAsString(expect));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        boolean done = p.waitFor(5, TimeUnit.MINUTES);
        if (!done) {
            p.destroyForcibly();
        }
        Files.writeString(screenshots.resolve("smart-test.json"), out);

        // then every check of the script passed
        assertThat(done).as("the browser test finished within 5 minutes").isTrue();
        String last = org.dxguard.service.BrowserTests.lastLine(out);
        JsonNode result = JSON.readTree(last);
        List<String> failed = org.dxguard.service.BrowserTests.failedChecks(result);
        assertThat(failed).as("failed browser checks (%s; mock refused %s)", last, ehr.refused).isEmpty();
        assertThat(p.exitValue()).as(last).isZero();
        assertThat(result.path("checks").size()).isGreaterThanOrEqualTo(10);
    }

    private static HttpResponse<String> post(String path, String session, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(server.url(path))).header("Authorization", "Bearer " + session)
            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
            HttpResponse.BodyHandlers.ofString());
    }
}
