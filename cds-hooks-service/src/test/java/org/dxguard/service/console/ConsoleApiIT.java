package org.dxguard.service.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.dxguard.service.Fixtures;
import org.dxguard.service.ServiceConfig;
import org.dxguard.service.TestServer;
import org.dxguard.service.auth.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The console's HTTP surface on a real service: who may read it (admin-token session or a trusted EHR's JWT, nothing
 * else), its headers, paging and the answers of each API after real calls.
 */
class ConsoleApiIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SIGN = "/cds-services/dxguard-medication-sign";
    private static final String DECISIONS = "/console/api/decisions";
    private static TestServer server;

    @BeforeAll
    static void start() {
        assumeTrue(TestTokens.sandboxKeyAvailable(), "../shared/data/cds-hooks-sandbox is needed to sign the calls");
        server = TestServer.start();
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> r = server.post(SIGN, server.sandboxToken(SIGN),
                Fixtures.withRecentDates("cdshooks/sandbox-order-sign-metformin-egfr25.json"));
            assertThat(r.statusCode()).isEqualTo(200);
        }
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static String token() throws Exception {
        return Files.readString(server.dataDir().resolve("console-token")).strip();
    }

    private static HttpResponse<String> login(String token, String origin) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url("/console/login")))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString("token=" + java.net.URLEncoder.encode(token,
                StandardCharsets.UTF_8)));
        if (origin != null) {
            b.header("Origin", origin);
        }
        return server.send(b.build());
    }

    /** The session cookie ({@code name=value}) of a successful login. */
    private static String session() throws Exception {
        HttpResponse<String> r = login(token(), server.url(""));
        assertThat(r.statusCode()).isEqualTo(303);
        String setCookie = r.headers().firstValue("Set-Cookie").orElseThrow();
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    private static HttpResponse<String> get(String path, String cookie) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url(path))).GET();
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        return server.send(b.build());
    }

    @Test
    void should_refuse_the_api_when_no_credentials_are_sent() throws Exception {
        // when
        HttpResponse<String> r = server.get(DECISIONS, null);

        // then
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        assertThat(JSON.readTree(r.body()).at("/error/code").asText()).isEqualTo("DXG-0170");
        assertThat(r.body()).doesNotContain("ADA-MET-001");
    }

    @Test
    void should_refuse_the_api_when_the_jwt_was_signed_for_another_url() {
        // when a token for the CDS Hooks endpoint is replayed against the console
        HttpResponse<String> r = server.get(DECISIONS, server.sandboxToken(SIGN));

        // then
        assertThat(r.statusCode()).isEqualTo(401);
    }

    @Test
    void should_refuse_the_api_when_the_session_cookie_is_forged() {
        // when
        HttpResponse<String> r = get(DECISIONS, ConsoleRoute.COOKIE + "=forged-session-id");

        // then
        assertThat(r.statusCode()).isEqualTo(401);
    }

    @Test
    void should_answer_the_api_when_a_trusted_ehr_signs_a_jwt_for_the_url_called() throws Exception {
        // when
        HttpResponse<String> r = server.get(DECISIONS, server.sandboxToken(DECISIONS));

        // then
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v)
            .startsWith("application/json"));
        assertThat(JSON.readTree(r.body()).get("total").asLong()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void should_send_pages_to_the_login_when_there_is_no_session() {
        // when
        HttpResponse<String> page = get("/console/", null);
        HttpResponse<String> bare = get("/console", null);

        // then
        assertThat(page.statusCode()).isEqualTo(303);
        assertThat(page.headers().firstValue("Location")).hasValueSatisfying(v -> assertThat(v)
            .endsWith("/console/login"));
        assertThat(bare.statusCode()).isEqualTo(303);
    }

    @Test
    void should_set_a_strict_httponly_session_when_the_admin_token_is_given() throws Exception {
        // when
        HttpResponse<String> wrong = login("not-the-token", server.url(""));
        HttpResponse<String> right = login(token(), server.url(""));

        // then
        assertThat(wrong.statusCode()).isEqualTo(303);
        assertThat(wrong.headers().firstValue("Location")).hasValueSatisfying(v -> assertThat(v).contains("failed"));
        assertThat(wrong.headers().firstValue("Set-Cookie")).isEmpty();
        assertThat(right.statusCode()).isEqualTo(303);
        assertThat(right.headers().firstValue("Set-Cookie")).hasValueSatisfying(c -> assertThat(c)
            .startsWith(ConsoleRoute.COOKIE + "=").contains("HttpOnly").containsIgnoringCase("SameSite=Strict")
            .contains("Path=/console"));
    }

    @Test
    void should_refuse_a_login_when_the_form_is_posted_from_another_site() throws Exception {
        // when
        HttpResponse<String> r = login(token(), "https://evil.example.org");

        // then
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.headers().firstValue("Set-Cookie")).isEmpty();
    }

    @Test
    void should_serve_pages_with_a_strict_csp_and_no_inline_script_when_logged_in() throws Exception {
        // given
        String cookie = session();

        // when
        for (String path : new String[] {"/console/", "/console/decision", "/console/safety", "/console/overrides",
            "/console/guidelines", "/console/login"}) {
            HttpResponse<String> r = get(path, cookie);

            // then
            assertThat(r.statusCode()).as(path).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Security-Policy")).as(path).hasValue(ConsoleRoute.CSP);
            assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
            assertThat(r.headers().firstValue("X-Frame-Options")).hasValue("DENY");
            assertThat(r.body()).as(path).contains("<script src=\"assets/console.js\" defer></script>");
            assertThat(r.body().replace("<script src=\"assets/console.js\" defer></script>", ""))
                .as(path).doesNotContain("<script").doesNotContainPattern("\\son[a-z]+=").doesNotContain("style=");
        }
        assertThat(get("/console/assets/console.js", null).statusCode()).isEqualTo(200);
        assertThat(ConsoleRoute.CSP).contains("script-src 'self'").doesNotContain("unsafe");
    }

    @Test
    void should_page_the_decision_list_when_size_and_page_are_given() throws Exception {
        // given
        String cookie = session();

        // when
        JsonNode first = JSON.readTree(get(DECISIONS + "?size=2", cookie).body());
        JsonNode second = JSON.readTree(get(DECISIONS + "?size=2&page=1", cookie).body());
        HttpResponse<String> zero = get(DECISIONS + "?size=0", cookie);
        HttpResponse<String> huge = get(DECISIONS + "?size=201", cookie);
        HttpResponse<String> text = get(DECISIONS + "?page=abc", cookie);

        // then
        long total = first.get("total").asLong();
        assertThat(total).isGreaterThanOrEqualTo(3);
        assertThat(first.get("items")).hasSize(2);
        assertThat(first.at("/items/0/seq").asLong()).isGreaterThan(first.at("/items/1/seq").asLong());
        assertThat(second.get("items")).hasSize((int) Math.min(2, total - 2));
        assertThat(second.at("/items/0/seq").asLong()).isLessThan(first.at("/items/1/seq").asLong());
        for (HttpResponse<String> bad : java.util.List.of(zero, huge, text)) {
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(JSON.readTree(bad.body()).at("/error/code").asText()).isEqualTo("DXG-0174");
        }
    }

    @Test
    void should_say_which_rule_and_facts_made_a_card_when_a_decision_is_opened() throws Exception {
        // given
        String cookie = session();
        long seq = JSON.readTree(get(DECISIONS + "?rule=ADA-MET-001&size=1", cookie).body()).at("/items/0/seq")
            .asLong();

        // when
        HttpResponse<String> r = get(DECISIONS + "/" + seq, cookie);

        // then
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode d = JSON.readTree(r.body());
        assertThat(d.at("/record/hookInstance").asText()).isEqualTo("3b8f4c6e-2f0d-4b8e-9c1a-7d5e6f4a3b21");
        JsonNode card = d.at("/cards/0");
        assertThat(card.get("ruleId").asText()).isEqualTo("ADA-MET-001");
        assertThat(card.at("/fired/0/ruleVersion").asText()).isNotBlank();
        assertThat(card.at("/fired/0/facts").toString()).contains("eGFR");
        assertThat(card.at("/rule/citation").asText()).isNotBlank();
        assertThat(get(DECISIONS + "/999999", cookie).statusCode()).isEqualTo(404);
        assertThat(get(DECISIONS + "/x", cookie).statusCode()).isEqualTo(400);
    }

    @Test
    void should_list_packages_with_rules_and_scenario_results_when_guidelines_are_asked() throws Exception {
        // when
        JsonNode g = JSON.readTree(get("/console/api/guidelines", session()).body());

        // then
        assertThat(g.get("rulesetVersion").asText()).isEqualTo(server.server().guidelines().engine().rulesetVersion());
        assertThat(g.get("packages")).hasSize(server.server().guidelines().packages().size());
        int withRules = 0;
        for (JsonNode p : g.get("packages")) {
            if (!p.get("rules").isEmpty()) { // the differential package carries guideline excerpts only
                withRules++;
                assertThat(p.at("/status/scenariosPassed").asInt()).isPositive();
            }
        }
        assertThat(withRules).isGreaterThanOrEqualTo(3);
    }

    @Test
    void should_count_an_override_against_its_rule_when_feedback_is_given() throws Exception {
        // given the clinician overrides the ADA-MET-001 card of a real call
        HttpResponse<String> call = server.post(SIGN, server.sandboxToken(SIGN),
            Fixtures.withRecentDates("cdshooks/sandbox-order-sign-metformin-egfr25.json"));
        String uuid = JSON.readTree(call.body()).at("/cards/0/uuid").asText();
        String feedback = "{\"feedback\":[{\"card\":\"" + uuid + "\",\"outcome\":\"overridden\",\"overrideReason\":"
            + "{\"userComment\":\"patient on dialysis plan\"},\"outcomeTimestamp\":\"2026-01-01T00:00:00Z\"}]}";
        assertThat(server.post(SIGN + "/feedback", server.sandboxToken(SIGN + "/feedback"),
            feedback.getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(200);

        // when
        JsonNode o = JSON.readTree(get("/console/api/overrides", session()).body());

        // then
        JsonNode row = null;
        for (JsonNode r : o.get("rules")) {
            if (r.get("ruleId").asText().equals("ADA-MET-001")) {
                row = r;
            }
        }
        assertThat(row).isNotNull();
        assertThat(row.get("overridden").asLong()).isGreaterThanOrEqualTo(1);
        assertThat(row.get("overrideRate").asDouble()).isGreaterThan(0.0);
        assertThat(row.get("cards").asLong()).isGreaterThanOrEqualTo(4);
    }

    @Test
    void should_refuse_writes_when_anything_but_get_is_sent_to_the_api() throws Exception {
        // when
        HttpResponse<String> r = server.send(HttpRequest.newBuilder(URI.create(server.url(DECISIONS)))
            .header("Cookie", session()).DELETE().build());

        // then
        assertThat(r.statusCode()).isEqualTo(405);
    }

    @Test
    void should_run_the_packaged_safety_suites_when_the_veto_report_is_asked() throws Exception {
        // when the report is asked for until it is ready (202 while the suites run in the background)
        String cookie = session();
        HttpResponse<String> first = get("/console/api/safety", cookie);
        HttpResponse<String> r = first;
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(5);
        while (r.statusCode() == 202 && System.nanoTime() < deadline) {
            assertThat(JSON.readTree(r.body()).get("status").asText()).isEqualTo("running");
            Thread.sleep(500);
            r = get("/console/api/safety", cookie);
        }
        assertThat(first.statusCode()).isIn(200, 202);
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode s = JSON.readTree(r.body());

        // then
        assertThat(s.get("source").asText()).contains("packaged starter suites");
        assertThat(s.get("cases").asInt()).isGreaterThan(100);
        assertThat(s.get("vetoRecall").asDouble()).isEqualTo(1.0);
        assertThat(s.get("passed").asBoolean()).isTrue();
        assertThat(s.get("rulesetVersion").asText()).isEqualTo(server.server().guidelines().engine().rulesetVersion());
    }

    @Test
    void should_serve_no_console_and_write_no_token_when_disabled() {
        // when
        try (TestServer off = TestServer.start(ServiceConfig.builder().graphEnabled(false).consoleEnabled(false))) {
            // then
            assertThat(off.get("/console/", null).statusCode()).isEqualTo(404);
            assertThat(off.dataDir().resolve("console-token")).doesNotExist();
        }
    }
}
