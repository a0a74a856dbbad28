package org.dxguard.service.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Instant;
import java.util.Map;
import org.dxguard.service.Fixtures;
import org.dxguard.service.TestServerExtension;
import org.dxguard.service.auth.TestTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The CDS Hooks 2.0 surface over real HTTP with real JWT verification, default (sandbox) trust. */
class CdsHooksConformanceIT {
    private static final String DISCOVERY = "/cds-services";
    private static final String SIGN = "/cds-services/dxguard-medication-sign";
    private static final ObjectMapper JSON = new ObjectMapper();
    @RegisterExtension
    static final TestServerExtension server = new TestServerExtension();

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }

    private static byte[] orderSign(java.util.function.Consumer<ObjectNode> edit) throws Exception {
        ObjectNode root = (ObjectNode) JSON.readTree(Fixtures.bytes("cdshooks/order-sign-request.json"));
        edit.accept(root);
        return JSON.writeValueAsBytes(root);
    }

    @Test
    void should_list_three_services_with_prefetch_when_discovery_is_called_with_sandbox_token() throws Exception {
        // when
        HttpResponse<String> r = server.get(DISCOVERY, server.sandboxToken(DISCOVERY));

        // then
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).contains("json"));
        JsonNode services = json(r).get("services");
        assertThat(services).hasSize(5);
        assertThat(services.findValuesAsText("hook")).containsExactlyInAnyOrder("patient-view", "order-select",
            "order-sign", "order-select", "order-sign");
        // one id serves both order hooks (the per-hook ids stay for EHRs configured with them)
        List<String> both = new java.util.ArrayList<>();
        services.forEach(s -> {
            if (s.get("id").asText().equals("dxguard-medication")) {
                both.add(s.get("hook").asText());
            }
        });
        assertThat(both).containsExactlyInAnyOrder("order-select", "order-sign");
        for (JsonNode s : services) {
            assertThat(s.get("id").asText()).isNotBlank();
            assertThat(s.get("description").asText()).isNotBlank();
            assertThat(s.get("prefetch").get("patient").asText()).isEqualTo("Patient/{{context.patientId}}");
            assertThat(s.get("prefetch").has("observations")).isTrue();
            assertThat(s.get("prefetch").has("medications")).isTrue();
            assertThat(s.get("prefetch").has("allergies")).isTrue();
        }
    }

    @Test
    void should_answer_bare_401_when_token_is_missing() {
        HttpResponse<String> r = server.get(DISCOVERY, null);

        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.body()).isEmpty();
    }

    @Test
    void should_answer_401_when_token_expired() {
        String token = TestTokens.sandboxToken(server.url(DISCOVERY), Instant.now().minusSeconds(3600));

        assertThat(server.get(DISCOVERY, token).statusCode()).isEqualTo(401);
    }

    @Test
    void should_answer_401_when_audience_is_another_url() {
        String token = TestTokens.sandboxToken(server.url(SIGN));

        assertThat(server.get(DISCOVERY, token).statusCode()).isEqualTo(401);
    }

    @Test
    void should_answer_401_when_kid_is_unknown() {
        KeyPair other = TestTokens.ecKeyPair("P-384");
        Map<String, Object> header = TestTokens.header("ES384", "no-such-kid");
        String token = TestTokens.sign(header, TestTokens.claims(TestTokens.SANDBOX_ISSUER, server.url(DISCOVERY),
            Instant.now()), other.getPrivate());

        assertThat(server.get(DISCOVERY, token).statusCode()).isEqualTo(401);
    }

    @Test
    void should_answer_401_when_alg_is_none() {
        String token = TestTokens.unsigned(TestTokens.header("none", TestTokens.SANDBOX_KID),
            TestTokens.claims(TestTokens.SANDBOX_ISSUER, server.url(DISCOVERY), Instant.now()));

        assertThat(server.get(DISCOVERY, token).statusCode()).isEqualTo(401);
    }

    @Test
    void should_answer_401_when_token_is_hs256() {
        String token = TestTokens.hmac(TestTokens.header("HS256", TestTokens.SANDBOX_KID),
            TestTokens.claims(TestTokens.SANDBOX_ISSUER, server.url(DISCOVERY), Instant.now()),
            "shared-secret-shared-secret-shared".getBytes(StandardCharsets.UTF_8));

        assertThat(server.get(DISCOVERY, token).statusCode()).isEqualTo(401);
    }

    @Test
    void should_answer_401_when_jti_is_replayed() {
        String token = server.sandboxToken(DISCOVERY);

        assertThat(server.get(DISCOVERY, token).statusCode()).isEqualTo(200);
        assertThat(server.get(DISCOVERY, token).statusCode()).isEqualTo(401);
    }

    @Test
    void should_pass_cors_preflight_without_authorization() {
        HttpResponse<String> r = server.send(HttpRequest.newBuilder(URI.create(server.url(SIGN)))
            .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
            .header("Origin", "https://sandbox.cds-hooks.org")
            .header("Access-Control-Request-Method", "POST")
            .header("Access-Control-Request-Headers", "authorization, content-type").build());

        assertThat(r.statusCode()).isEqualTo(204);
        assertThat(r.headers().firstValue("access-control-allow-origin")).contains("*");
        assertThat(r.headers().firstValue("access-control-allow-methods")).hasValueSatisfying(
            v -> assertThat(v).contains("POST"));
        assertThat(r.headers().firstValue("access-control-allow-headers")).hasValueSatisfying(
            v -> assertThat(v.toLowerCase()).contains("authorization"));
    }

    @Test
    void should_answer_400_with_json_error_when_body_is_malformed() throws Exception {
        HttpResponse<String> r = server.post(SIGN, server.sandboxToken(SIGN),
            "{\"hook\": \"order-sign\",".getBytes(StandardCharsets.UTF_8));

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r).at("/error/code").asText()).isEqualTo("DXG-0101");
        assertThat(json(r).at("/error/message").asText()).contains("not valid JSON");
    }

    @Test
    void should_answer_400_naming_the_field_when_context_is_incomplete() throws Exception {
        byte[] body = orderSign(r -> ((ObjectNode) r.get("context")).remove("patientId"));

        HttpResponse<String> r = server.post(SIGN, server.sandboxToken(SIGN), body);

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r).at("/error/message").asText()).contains("context.patientId");
    }

    @Test
    void should_answer_404_when_service_is_unknown() throws Exception {
        String path = "/cds-services/no-such-service";
        HttpResponse<String> r = server.post(path, server.sandboxToken(path), orderSign(x -> { }));

        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(json(r).at("/error/code").asText()).isEqualTo("DXG-0103");
    }

    @Test
    void should_answer_412_when_prefetch_is_missing_and_there_is_no_fhir_server() throws Exception {
        byte[] body = orderSign(r -> {
            r.remove("fhirServer");
            ((ObjectNode) r.get("prefetch")).remove("observations");
        });

        HttpResponse<String> r = server.post(SIGN, server.sandboxToken(SIGN), body);

        assertThat(r.statusCode()).isEqualTo(412);
        assertThat(json(r).at("/error/message").asText()).contains("observations");
    }

    @Test
    void should_fetch_missing_prefetch_from_fhir_server_with_the_lent_bearer_token() throws Exception {
        // given a FHIR server that answers the observations query only with the right token
        java.util.concurrent.atomic.AtomicReference<String> seenAuth = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.atomic.AtomicReference<String> seenQuery = new java.util.concurrent.atomic.AtomicReference<>();
        com.sun.net.httpserver.HttpServer fhir = com.sun.net.httpserver.HttpServer.create(
            new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        fhir.createContext("/fhir/Observation", ex -> {
            seenAuth.set(ex.getRequestHeaders().getFirst("Authorization"));
            seenQuery.set(ex.getRequestURI().getRawQuery());
            byte[] bundle = ("{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"entry\":[{\"resource\":"
                + "{\"resourceType\":\"Observation\",\"id\":\"egfr-1\",\"status\":\"final\",\"code\":{\"coding\":"
                + "[{\"system\":\"http://loinc.org\",\"code\":\"33914-3\"}]},\"valueQuantity\":{\"value\":25,"
                + "\"unit\":\"mL/min/{1.73_m2}\"},\"effectiveDateTime\":\"2025-01-02T00:00:00Z\"}}]}")
                .getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/fhir+json");
            ex.sendResponseHeaders(200, bundle.length);
            ex.getResponseBody().write(bundle);
            ex.close();
        });
        fhir.start();
        try {
            String base = "http://127.0.0.1:" + fhir.getAddress().getPort() + "/fhir";
            byte[] body = orderSign(r -> {
                r.put("fhirServer", base);
                r.putObject("fhirAuthorization").put("access_token", "lent-token-123").put("token_type", "Bearer")
                    .put("expires_in", 300).put("scope", "patient/*.read").put("subject", "dxguard");
                ((ObjectNode) r.get("prefetch")).remove("observations");
            });

            // when
            HttpResponse<String> r = server.post(SIGN, server.sandboxToken(SIGN), body);

            // then
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(seenAuth.get()).isEqualTo("Bearer lent-token-123");
            assertThat(seenQuery.get()).contains("patient=pat-dkd-1");
        } finally {
            fhir.stop(0);
        }
    }

    @Test
    void should_answer_400_when_prefetched_patient_is_another_patient() throws Exception {
        byte[] body = orderSign(r -> ((ObjectNode) r.get("prefetch").get("patient")).put("id", "someone-else"));

        HttpResponse<String> r = server.post(SIGN, server.sandboxToken(SIGN), body);

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r).at("/error/message").asText()).contains("does not match");
    }

    @Test
    void should_answer_spec_shaped_cards_when_order_sign_is_called_with_full_prefetch() throws Exception {
        HttpResponse<String> r = server.post(SIGN, server.sandboxToken(SIGN), orderSign(x -> { }));

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = json(r);
        assertThat(body.get("cards").isArray()).isTrue();
        SpecJson.assertNoNullOrEmpty(body);
        for (JsonNode card : body.get("cards")) {
            assertThat(card.get("uuid").asText()).isNotBlank();
            assertThat(card.get("summary").asText()).hasSizeLessThan(140);
            assertThat(card.get("indicator").asText()).isIn("info", "warning", "critical");
            assertThat(card.get("source").get("label").asText()).isNotBlank();
            if (card.has("suggestions")) {
                assertThat(card.get("selectionBehavior").asText()).isIn("at-most-one", "any");
            }
        }
    }

    @Test
    void should_store_feedback_once_when_reported_twice() throws Exception {
        String path = SIGN + "/feedback";
        byte[] body = Fixtures.bytes("cdshooks/feedback-request.json");

        HttpResponse<String> first = server.post(path, server.sandboxToken(path), body);
        HttpResponse<String> second = server.post(path, server.sandboxToken(path), body);

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(second.statusCode()).isEqualTo(200);
        long stored = java.nio.file.Files.readAllLines(server.dataDir().resolve("feedback/feedback.jsonl")).stream()
            .filter(l -> l.contains("9368d37b-283f-44a0-93ea-547cebab93ed")).count();
        assertThat(stored).isEqualTo(1);
    }

    @Test
    void should_answer_405_when_discovery_is_posted() {
        HttpResponse<String> r = server.post(DISCOVERY, server.sandboxToken(DISCOVERY), "{}".getBytes());

        assertThat(r.statusCode()).isEqualTo(405);
    }

    @Test
    void should_answer_413_when_body_exceeds_limit() {
        byte[] huge = new byte[17 * 1024 * 1024];
        java.util.Arrays.fill(huge, (byte) ' ');

        // the server answers 413 from Content-Length without reading the body, so a client still sending may see
        // the connection closed instead of the answer; either way the body is refused and the server keeps serving
        try {
            HttpResponse<String> r = server.post(SIGN, server.sandboxToken(SIGN), huge);
            assertThat(r.statusCode()).isEqualTo(413);
        } catch (java.io.UncheckedIOException closedWhileSending) {
            assertThat(closedWhileSending.getCause()).isInstanceOf(java.io.IOException.class);
        }
        assertThat(server.get("/health/live", null).statusCode()).isEqualTo(200);
    }

    @Test
    void should_answer_health_without_authentication() {
        assertThat(server.get("/health/live", null).statusCode()).isEqualTo(200);
    }

}
