package org.dxguard.service.smart;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.oauth2.sdk.pkce.CodeChallenge;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A local mock EHR for the SMART launch tests: a real HTTP server with the SMART App Launch endpoints
 * ({@code /fhir/.well-known/smart-configuration}, {@code /auth/authorize}, {@code /auth/token}, {@code /auth/jwks})
 * that checks what a real authorization server checks (client id, registered redirect URI, {@code aud}, the launch,
 * PKCE S256 against the verifier, the client's {@code private_key_jwt} assertion against dxguard's published JWKS,
 * single-use codes), issues an RS256-signed {@code id_token} with {@code fhirUser}, and a FHIR server fixture
 * ({@code /fhir/Patient/{id}}, searches) that answers only with the access token it issued. {@code /ehr/launch}
 * plays the EHR opening the app: it redirects the browser to the app's launch URL with {@code iss} and a
 * {@code launch} bound to the patient and the card's {@code appContext}. Every refused check is recorded.
 */
final class MockSmartEhr implements AutoCloseable {
    static final String CLIENT_ID = "dxguard-test-client";
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Launch(String patient, String appContext) {}

    private record Code(String challenge, String redirect, Launch launch, String nonce) {}

    private final HttpServer server;
    private final RSAKey idTokenKey;
    private final Map<String, Launch> launches = new ConcurrentHashMap<>();
    private final Map<String, Code> codes = new ConcurrentHashMap<>();
    private final Map<String, String> tokens = new ConcurrentHashMap<>();
    final List<String> refused = new CopyOnWriteArrayList<>();
    final List<String> fhirReads = new CopyOnWriteArrayList<>();
    volatile String appBase;
    volatile String readPatientOverride;
    private final Map<String, ObjectNode> record;

    MockSmartEhr(Map<String, ObjectNode> recordByPrefetchKey) throws Exception {
        this.record = recordByPrefetchKey;
        this.idTokenKey = new RSAKeyGenerator(2048).keyID("mock-ehr-1").generate();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    String fhirBase() {
        return base() + "/fhir";
    }

    /** Where the browser goes to have the EHR launch the app for {@code patient} from a card's link. */
    String launchUrl(String appLaunchUrl, String patient, String appContext) {
        return base() + "/ehr/launch?app=" + enc(appLaunchUrl) + "&patient=" + enc(patient)
            + (appContext == null ? "" : "&appContext=" + enc(appContext));
    }

    private void handle(HttpExchange x) throws IOException {
        try {
            String path = x.getRequestURI().getPath();
            Map<String, String> q = form(x.getRequestURI().getRawQuery());
            switch (path) {
                case "/fhir/.well-known/smart-configuration" -> json(x, 200, JSON.createObjectNode()
                    .put("issuer", base() + "/auth").put("jwks_uri", base() + "/auth/jwks")
                    .put("authorization_endpoint", base() + "/auth/authorize").put("token_endpoint", base() + "/auth/token")
                    .set("code_challenge_methods_supported", JSON.createArrayNode().add("S256")));
                case "/auth/jwks" -> send(x, 200, "application/json", new JWKSet(idTokenKey.toPublicJWK()).toString());
                case "/ehr/launch" -> {
                    String id = random();
                    launches.put(id, new Launch(q.get("patient"), q.get("appContext")));
                    redirect(x, q.get("app") + "?iss=" + enc(fhirBase()) + "&launch=" + id);
                }
                case "/auth/authorize" -> authorize(x, q);
                case "/auth/token" -> token(x);
                default -> {
                    if (path.startsWith("/fhir/")) {
                        fhir(x, path.substring("/fhir/".length()), q);
                    } else {
                        send(x, 404, "text/plain", "not found");
                    }
                }
            }
        } catch (Exception e) {
            refused.add("mock failure: " + e);
            send(x, 500, "text/plain", "mock failure");
        }
    }

    private void authorize(HttpExchange x, Map<String, String> q) throws IOException {
        Launch launch = launches.remove(q.getOrDefault("launch", ""));
        String redirect = q.get("redirect_uri");
        String problem = !"code".equals(q.get("response_type")) ? "response_type"
            : !CLIENT_ID.equals(q.get("client_id")) ? "client_id"
            : redirect == null || !redirect.equals(appBase + "/smart/callback") ? "redirect_uri"
            : !fhirBase().equals(q.get("aud")) ? "aud"
            : launch == null ? "launch"
            : !"S256".equals(q.get("code_challenge_method")) || q.get("code_challenge") == null ? "pkce"
            : q.get("state") == null ? "state"
            : !q.getOrDefault("scope", "").contains("launch") || !q.get("scope").contains("patient/Observation.rs")
                ? "scope" : null;
        if (problem != null) {
            refused.add("authorize: " + problem);
            send(x, 400, "text/plain", "invalid " + problem);
            return;
        }
        String code = random();
        codes.put(code, new Code(q.get("code_challenge"), redirect, launch, q.get("nonce")));
        redirect(x, redirect + "?code=" + enc(code) + "&state=" + enc(q.get("state")));
    }

    private void token(HttpExchange x) throws Exception {
        Map<String, String> f = form(new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        Code code = codes.remove(f.getOrDefault("code", ""));
        String problem = !"authorization_code".equals(f.get("grant_type")) ? "grant_type"
            : code == null ? "code (unknown or used)"
            : !code.redirect().equals(f.get("redirect_uri")) ? "redirect_uri"
            : f.get("code_verifier") == null || !CodeChallenge.compute(CodeChallengeMethod.S256,
                new CodeVerifier(f.get("code_verifier"))).getValue().equals(code.challenge()) ? "code_verifier (PKCE)"
            : !clientAssertionValid(f) ? "client_assertion (private_key_jwt)" : null;
        if (problem != null) {
            refused.add("token: " + problem);
            json(x, 400, JSON.createObjectNode().put("error", "invalid_grant"));
            return;
        }
        String access = random();
        tokens.put(access, code.launch().patient());
        SignedJWT idToken = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(idTokenKey.getKeyID()).build(),
            new JWTClaimsSet.Builder().issuer(base() + "/auth").subject("practitioner-1").audience(CLIENT_ID)
                .expirationTime(new Date(System.currentTimeMillis() + 300_000)).issueTime(new Date())
                .claim("nonce", code.nonce()).claim("fhirUser", fhirBase() + "/Practitioner/practitioner-1").build());
        idToken.sign(new RSASSASigner(idTokenKey));
        ObjectNode body = JSON.createObjectNode().put("access_token", access).put("token_type", "Bearer")
            .put("expires_in", 3600).put("scope", "launch openid fhirUser patient/*.rs")
            .put("patient", code.launch().patient()).put("id_token", idToken.serialize());
        if (code.launch().appContext() != null) {
            body.put("appContext", code.launch().appContext());
        }
        json(x, 200, body);
    }

    /** The client's private_key_jwt: signed by a key of dxguard's published JWKS, for this client and endpoint. */
    private boolean clientAssertionValid(Map<String, String> f) throws Exception {
        if (!"urn:ietf:params:oauth:client-assertion-type:jwt-bearer".equals(f.get("client_assertion_type"))) {
            return false;
        }
        SignedJWT jwt = SignedJWT.parse(f.get("client_assertion"));
        HttpResponse<String> jwks = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create(appBase + "/smart/jwks.json")).build(), HttpResponse.BodyHandlers.ofString());
        ECKey key = (ECKey) JWKSet.parse(jwks.body()).getKeyByKeyId(jwt.getHeader().getKeyID());
        JWTClaimsSet c = jwt.getJWTClaimsSet();
        return key != null && jwt.getHeader().getAlgorithm().equals(JWSAlgorithm.ES384)
            && jwt.verify(new ECDSAVerifier(key)) && CLIENT_ID.equals(c.getIssuer()) && CLIENT_ID.equals(c.getSubject())
            && c.getAudience().contains(base() + "/auth/token") && c.getExpirationTime().after(new Date())
            && c.getJWTID() != null;
    }

    private void fhir(HttpExchange x, String rest, Map<String, String> q) throws IOException {
        String auth = x.getRequestHeaders().getFirst("Authorization");
        String patient = auth == null || !auth.startsWith("Bearer ") ? null : tokens.get(auth.substring(7));
        if (patient == null) {
            refused.add("fhir: no valid access token");
            send(x, 401, "text/plain", "unauthorized");
            return;
        }
        fhirReads.add(rest);
        if (rest.startsWith("Patient/")) {
            String id = readPatientOverride != null ? readPatientOverride : rest.substring("Patient/".length());
            if (!rest.substring("Patient/".length()).equals(patient)) {
                send(x, 403, "text/plain", "not this token's patient");
                return;
            }
            ObjectNode p = record.get("patient").deepCopy();
            p.put("id", id);
            fhirJson(x, p.toString());
            return;
        }
        String key = switch (rest) {
            case "Condition" -> "conditions";
            case "Observation" -> "observations";
            case "MedicationRequest" -> "medications";
            case "AllergyIntolerance" -> "allergies";
            case "Procedure" -> "procedures";
            case "MedicationStatement" -> "medicationStatements";
            case "FamilyMemberHistory" -> "familyHistory";
            default -> null;
        };
        if (key == null || !patient.equals(q.get("patient"))) {
            send(x, key == null ? 404 : 403, "text/plain", "no");
            return;
        }
        ObjectNode bundle = record.get(key) == null ? JSON.createObjectNode().put("resourceType", "Bundle")
            .put("type", "searchset") : record.get(key).deepCopy();
        fhirJson(x, bundle.toString().replace("Patient/pat-ask-1", "Patient/" + patient));
    }

    private void fhirJson(HttpExchange x, String body) throws IOException {
        send(x, 200, "application/fhir+json", body);
    }

    private static void json(HttpExchange x, int status, ObjectNode body) throws IOException {
        send(x, status, "application/json", body.toString());
    }

    private static void redirect(HttpExchange x, String to) throws IOException {
        x.getResponseHeaders().add("Location", to);
        x.sendResponseHeaders(302, -1);
        x.close();
    }

    private static void send(HttpExchange x, int status, String type, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().add("Content-Type", type);
        x.sendResponseHeaders(status, b.length);
        x.getResponseBody().write(b);
        x.close();
    }

    private static Map<String, String> form(String raw) {
        Map<String, String> m = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return m;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            m.put(k, v);
        }
        return m;
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String random() {
        byte[] b = new byte[24];
        new SecureRandom().nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
