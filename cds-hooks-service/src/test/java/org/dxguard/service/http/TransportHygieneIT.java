package org.dxguard.service.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.List;
import org.dxguard.service.Fixtures;
import org.dxguard.service.ServiceConfig;
import org.dxguard.service.TestServer;
import org.dxguard.service.auth.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a hospital's security review asks of the transport, on a real service in production trust mode (a
 * {@code --trusted-ehrs} file): no browser origin may call unless {@code --cors-origins} names it, and a
 * {@code fhirServer} in plain {@code http://} off loopback is refused with a 400 that names the field (its bearer
 * token and the record would cross the network in clear text), unless {@code --allow-insecure-fhir}.
 */
class TransportHygieneIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ISS = "https://ehr.hospital.example";
    private static final String SIGN = "/cds-services/dxguard-medication-sign";
    private static final KeyPair KEY = TestTokens.ecKeyPair("P-384");
    private static TestServer production;
    private static TestServer withOrigin;

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        Path trusted = dir.resolve("trusted-ehrs.json");
        Files.writeString(trusted, TestTokens.trustedEhrsJson(ISS, TestTokens.publicJwk(KEY, "k1")));
        production = TestServer.start(ServiceConfig.builder().graphEnabled(false).consoleEnabled(false)
            .host("127.0.0.1").trustedEhrsFile(trusted));
        withOrigin = TestServer.start(ServiceConfig.builder().graphEnabled(false).consoleEnabled(false)
            .host("127.0.0.1").trustedEhrsFile(trusted).corsOrigins(List.of("https://ehr.hospital.example")));
    }

    @AfterAll
    static void stop() {
        if (production != null) {
            production.close();
        }
        if (withOrigin != null) {
            withOrigin.close();
        }
    }

    private static String token(TestServer server, String path) {
        return TestTokens.sign(TestTokens.header("ES384", "k1"), TestTokens.claims(ISS, server.url(path),
            Instant.now()), KEY.getPrivate());
    }

    private static HttpResponse<String> preflight(TestServer server, String origin) {
        return server.send(HttpRequest.newBuilder(URI.create(server.url(SIGN)))
            .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", origin)
            .header("Access-Control-Request-Method", "POST").build());
    }

    private static byte[] orderSign(String fhirServer) throws Exception {
        ObjectNode root = (ObjectNode) JSON.readTree(Fixtures.bytes("cdshooks/order-sign-request.json"));
        root.put("fhirServer", fhirServer);
        return JSON.writeValueAsBytes(root);
    }

    @Test
    void should_allow_no_browser_origin_when_trusted_ehrs_are_configured_without_cors_origins() {
        // when
        HttpResponse<String> pre = preflight(production, "https://anywhere.example");
        HttpResponse<String> discovery = production.send(HttpRequest.newBuilder(URI.create(production.url(
            "/cds-services"))).header("Origin", "https://anywhere.example")
            .header("Authorization", "Bearer " + token(production, "/cds-services")).GET().build());

        // then the answers carry no Access-Control-Allow-Origin: a browser may not read them
        assertThat(pre.statusCode()).isEqualTo(204);
        assertThat(pre.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(discovery.statusCode()).isEqualTo(200);
        assertThat(discovery.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void should_allow_exactly_the_named_origin_when_cors_origins_are_configured() {
        // when
        HttpResponse<String> named = preflight(withOrigin, "https://ehr.hospital.example");
        HttpResponse<String> other = preflight(withOrigin, "https://anywhere.example");

        // then
        assertThat(named.headers().firstValue("Access-Control-Allow-Origin")).contains("https://ehr.hospital.example");
        assertThat(other.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void should_refuse_a_plain_http_fhir_server_off_loopback_with_a_400_naming_the_field() throws Exception {
        // when
        HttpResponse<String> r = production.post(SIGN, token(production, SIGN),
            orderSign("http://fhir.hospital.example/r4"));

        // then
        assertThat(r.statusCode()).isEqualTo(400);
        JsonNode error = JSON.readTree(r.body()).get("error");
        assertThat(error.get("code").asText()).isEqualTo("DXG-0134");
        assertThat(error.get("message").asText()).startsWith("fhirServer must be an https:// URL");
        assertThat(error.get("hint").asText()).contains("--allow-insecure-fhir");
    }

    @Test
    void should_accept_https_and_loopback_fhir_servers_when_checking_transport() throws Exception {
        // when (the fixture's prefetch is complete, so nothing is fetched)
        HttpResponse<String> https = production.post(SIGN, token(production, SIGN),
            orderSign("https://fhir.hospital.example/r4"));
        HttpResponse<String> loopback = production.post(SIGN, token(production, SIGN),
            orderSign("http://127.0.0.1:9/r4"));

        // then
        assertThat(https.statusCode()).as(https.body()).isEqualTo(200);
        assertThat(loopback.statusCode()).as(loopback.body()).isEqualTo(200);
    }
}
