package org.dxguard.service.smart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.oauth2.sdk.AccessTokenResponse;
import com.nimbusds.oauth2.sdk.AuthorizationCode;
import com.nimbusds.oauth2.sdk.AuthorizationCodeGrant;
import com.nimbusds.oauth2.sdk.AuthorizationRequest;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.TokenResponse;
import com.nimbusds.oauth2.sdk.auth.PrivateKeyJWT;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.oauth2.sdk.token.BearerAccessToken;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.OIDCTokenResponseParser;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.dxguard.service.ask.AskMessages;
import org.dxguard.service.explanations.ExplanationPage;
import org.dxguard.service.explanations.LateExplanations;
import org.dxguard.service.explanations.ShownExplanation;
import org.dxguard.service.http.CdsHttpHandler;
import org.dxguard.service.route.Route;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * dxguard's SMART on FHIR app (SMART App Launch 2, EHR launch), issue 19:
 * <ol>
 *   <li>{@code GET /smart/launch?iss=…&launch=…}: the {@code iss} must be a registered EHR's FHIR base URL
 *       ({@link SmartClients}); its {@code .well-known/smart-configuration} is read (it must offer PKCE
 *       {@code S256}); a one-time {@code state}, a PKCE verifier and (with {@code openid}) a nonce are kept for ten
 *       minutes, and the browser is sent to the authorization endpoint (authorization code, PKCE S256, {@code aud} =
 *       {@code iss}, {@code launch}, patient-level read scopes).</li>
 *   <li>{@code GET /smart/callback?code=…&state=…}: the state is used once; the code is exchanged at the token
 *       endpoint with the verifier, as a confidential client ({@code private_key_jwt}, dxguard's ES384 key,
 *       {@link SmartClientKey}) or a public one; the response must carry a Bearer access token and a {@code patient};
 *       an {@code id_token} is validated (issuer, audience, signature from the EHR's JWKS, nonce) and its
 *       {@code fhirUser} kept; the patient is read from the FHIR server with the token and must be the token's
 *       patient. Then a session ({@link SmartSessions}) is opened and the app's page is returned holding only its
 *       opaque token.</li>
 *   <li>The page ({@code app.js}) reads {@code /smart/api/context} (the patient, the differential explanation of the
 *       card that launched it, when it was about this patient) and posts questions to {@code /ask} with the session
 *       token; every answer is about the session's patient ({@code /ask} refuses another).</li>
 * </ol>
 * Language: the app's fixed texts ({@code ask.AskMessages}) and the explanation's fixed phrases are in the locale the
 * trusted-EHRs file configures for the launching EHR's issuer, else (no file, unknown issuer, or before the EHR is
 * known) in the browser's {@code Accept-Language}.
 * Pages: no inline script or style, a strict Content-Security-Policy, no caching, no referrer; every value is put in
 * with {@code textContent}. Failures are a page with a fixed phrase; the precise reason is logged without patient data.
 */
public final class SmartRoute implements Route {
    /**
     * The fixed phrases the app's page shows, in the session's language (the Ask texts): {@code app.js} shows no
     * other product text ({@code SmartTextsTest} checks it).
     */
    static final List<String> APP_TEXTS = List.of("app.title", "app.patient", "app.differential",
        "app.differential.none", "app.ask.label", "app.ask.placeholder", "app.ask.button", "app.ask.wait",
        "app.ask.error", "app.ask.citations", "app.ask.findings", "app.ask.late", "app.session.ended", "app.model",
        "answer.severity.critical", "answer.severity.warning", "answer.severity.info");

    private static final Logger LOG = LoggerFactory.getLogger(SmartRoute.class);
    public static final String CALLBACK_PATH = "/smart/callback";
    static final String SCOPE = "launch openid fhirUser patient/Patient.rs patient/Condition.rs "
        + "patient/Observation.rs patient/MedicationRequest.rs patient/Medication.rs patient/AllergyIntolerance.rs "
        + "patient/Procedure.rs";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();
    private static final Set<String> ID_TOKEN_ALGS = Set.of("RS256", "RS384", "ES256", "ES384", "PS256");

    /** What a launch waits for at the callback. */
    private record Pending(SmartClients.Client client, Discovery discovery, CodeVerifier verifier, String nonce,
                           URI redirect) {}

    /** The EHR's SMART configuration (the parts used). */
    record Discovery(URI authorize, URI token, String issuer, String jwksUri) {}

    private final SmartClients clients;
    private final SmartClientKey key;
    private final SmartSessions sessions;
    private final SmartLinks links;
    private final LateExplanations explanations;
    private final ExplanationPage explanationPage;
    private final URI publicUrl;
    private final Supplier<URI> defaultBaseUrl;
    private final Duration timeout;
    private final Function<String, Optional<Locale>> issuerLocale;
    private final HttpClient http;
    private final Cache<String, Pending> pending = Caffeine.newBuilder().expireAfterWrite(Duration.ofMinutes(10))
        .maximumSize(10_000).build();
    private final Cache<String, Discovery> discoveries = Caffeine.newBuilder()
        .expireAfterWrite(Duration.ofMinutes(5)).maximumSize(1_000).build();

    /**
     * @param issuerLocale the locale configured for an EHR issuer in the trusted-EHRs file, if any: the app's fixed
     *                     texts are in it once the launching EHR is known, else in the browser's language
     */
    public SmartRoute(SmartClients clients, SmartClientKey key, SmartSessions sessions, SmartLinks links,
                      LateExplanations explanations, ExplanationPage explanationPage, URI publicUrl,
                      Supplier<URI> defaultBaseUrl, Duration timeout, Function<String, Optional<Locale>> issuerLocale) {
        this.issuerLocale = issuerLocale == null ? issuer -> Optional.empty() : issuerLocale;
        this.clients = clients;
        this.key = key;
        this.sessions = sessions;
        this.links = links;
        this.explanations = explanations;
        this.explanationPage = explanationPage;
        this.publicUrl = publicUrl;
        this.defaultBaseUrl = defaultBaseUrl;
        this.timeout = timeout == null ? Duration.ofSeconds(5) : timeout;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(this.timeout)
            .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public boolean handle(String path, Request request, Response response, Callback callback) throws Exception {
        if (!path.startsWith("/smart/")) {
            return false;
        }
        if (!"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod())) {
            response.getHeaders().put(HttpHeader.ALLOW, "GET");
            plain(response, callback, 405, "text/plain; charset=utf-8", "Use GET.");
            return true;
        }
        switch (path) {
            case SmartLinks.LAUNCH_PATH -> launch(request, response, callback);
            case CALLBACK_PATH -> callback(request, response, callback);
            case "/smart/jwks.json" -> plain(response, callback, 200, "application/json", key.publicJwks());
            case "/smart/app.js" -> asset(response, callback, "app.js", "text/javascript; charset=utf-8");
            case "/smart/app.css" -> asset(response, callback, "app.css", "text/css; charset=utf-8");
            case "/smart/api/context" -> context(request, response, callback);
            default -> plain(response, callback, 404, "text/plain; charset=utf-8", "Not found.");
        }
        return true;
    }

    // ------------------------------------------------------------------ launch

    private void launch(Request request, Response response, Callback callback) throws Exception {
        Fields q = Request.extractQueryParameters(request);
        String iss = q.getValue("iss");
        String launch = q.getValue("launch");
        String lang = language(request);
        if (iss == null || launch == null || launch.isBlank() || launch.length() > 2048) {
            error(response, callback, lang, "smart.error.launch", "launch without iss or launch");
            return;
        }
        Optional<SmartClients.Client> client = clients.byIssuer(iss);
        if (client.isEmpty()) {
            error(response, callback, lang, "smart.error.unknown-iss", "launch from an iss that is not registered");
            return;
        }
        Discovery d;
        try {
            d = discover(client.get().fhirBaseUrl());
        } catch (IOException | RuntimeException e) {
            error(response, callback, lang, "smart.error.discovery", "SMART configuration unreadable: " + e.getMessage());
            return;
        }
        CodeVerifier verifier = new CodeVerifier();
        String state = random();
        String nonce = random();
        URI redirect = URI.create(base(request) + CALLBACK_PATH);
        pending.put(state, new Pending(client.get(), d, verifier, nonce, redirect));
        URI to = new AuthorizationRequest.Builder(new ResponseType(ResponseType.Value.CODE),
            new ClientID(client.get().clientId()))
            .endpointURI(d.authorize()).redirectionURI(redirect).scope(Scope.parse(SCOPE)).state(new State(state))
            .codeChallenge(verifier, CodeChallengeMethod.S256)
            .customParameter("launch", launch).customParameter("aud", client.get().fhirBaseUrl())
            .customParameter("nonce", nonce).build().toURI();
        response.setStatus(302);
        response.getHeaders().put(HttpHeader.LOCATION, to.toString());
        noStore(response);
        response.write(true, ByteBuffer.allocate(0), callback);
    }

    /** The EHR's SMART configuration; it must offer the authorization code flow with PKCE S256. */
    Discovery discover(String fhirBaseUrl) throws IOException {
        Discovery cached = discoveries.getIfPresent(fhirBaseUrl);
        if (cached != null) {
            return cached;
        }
        JsonNode c = getJson(fhirBaseUrl + "/.well-known/smart-configuration", null);
        boolean s256 = false;
        for (JsonNode m : c.path("code_challenge_methods_supported")) {
            s256 |= "S256".equals(m.asText());
        }
        if (!s256) {
            throw new IllegalStateException("code_challenge_methods_supported lacks S256");
        }
        URI authorize = httpUri(c.path("authorization_endpoint").asText(null), "authorization_endpoint");
        URI token = httpUri(c.path("token_endpoint").asText(null), "token_endpoint");
        Discovery d = new Discovery(authorize, token, c.path("issuer").asText(null), c.path("jwks_uri").asText(null));
        discoveries.put(fhirBaseUrl, d);
        return d;
    }

    // ------------------------------------------------------------------ callback

    private void callback(Request request, Response response, Callback callback) throws Exception {
        Fields q = Request.extractQueryParameters(request);
        String lang = language(request);
        String state = q.getValue("state");
        Pending p = state == null ? null : pending.asMap().remove(state);
        if (p == null) {
            error(response, callback, lang, "smart.error.state", "callback with an unknown or used state");
            return;
        }
        if (q.getValue("error") != null || q.getValue("code") == null) {
            error(response, callback, lang, "smart.error.denied", "authorization refused by the EHR");
            return;
        }
        AccessTokenResponse tokens;
        try {
            TokenRequest tr = p.client().auth() == SmartClients.Auth.PRIVATE_KEY_JWT
                ? new TokenRequest(p.discovery().token(), new PrivateKeyJWT(new ClientID(p.client().clientId()),
                    p.discovery().token(), JWSAlgorithm.ES384, key.key().toECPrivateKey(), key.key().getKeyID(), null),
                    new AuthorizationCodeGrant(new AuthorizationCode(q.getValue("code")), p.redirect(), p.verifier()))
                : new TokenRequest(p.discovery().token(), new ClientID(p.client().clientId()),
                    new AuthorizationCodeGrant(new AuthorizationCode(q.getValue("code")), p.redirect(), p.verifier()));
            HTTPRequest hr = tr.toHTTPRequest();
            hr.setConnectTimeout((int) timeout.toMillis());
            hr.setReadTimeout((int) timeout.toMillis());
            TokenResponse response1 = OIDCTokenResponseParser.parse(hr.send());
            if (!response1.indicatesSuccess()) {
                error(response, callback, lang, "smart.error.token", "token endpoint answered an error");
                return;
            }
            tokens = response1.toSuccessResponse();
        } catch (Exception e) {
            error(response, callback, lang, "smart.error.token", "token exchange failed: " + e.getClass().getSimpleName());
            return;
        }
        if (!(tokens.getTokens().getAccessToken() instanceof BearerAccessToken access)) {
            error(response, callback, lang, "smart.error.token", "token_type is not Bearer");
            return;
        }
        Map<String, Object> params = tokens.getCustomParameters();
        Object patientParam = params.get("patient");
        String patient = patientParam instanceof String s && s.matches("[A-Za-z0-9\\-.]{1,64}") ? s : null;
        if (patient == null) {
            error(response, callback, lang, "smart.error.token", "token response without a valid patient");
            return;
        }
        String fhirUser = null;
        String idToken = tokens instanceof com.nimbusds.openid.connect.sdk.OIDCTokenResponse oidc
            ? oidc.getOIDCTokens().getIDTokenString() : params.get("id_token") instanceof String t ? t : null;
        if (idToken != null) {
            String raw = idToken;
            try {
                fhirUser = fhirUser(raw, p);
            } catch (Exception e) {
                error(response, callback, lang, "smart.error.token", "id_token refused: " + e.getClass().getSimpleName());
                return;
            }
        }
        // the patient context is checked against the data: the FHIR server must return this patient for this token
        try {
            JsonNode read = getJson(p.client().fhirBaseUrl() + "/Patient/" + patient, access.getValue());
            if (!"Patient".equals(read.path("resourceType").asText()) || !patient.equals(read.path("id").asText())) {
                error(response, callback, lang, "smart.error.patient", "Patient read does not match the token's patient");
                return;
            }
        } catch (IOException | RuntimeException e) {
            error(response, callback, lang, "smart.error.patient", "Patient read failed: " + e.getClass().getSimpleName());
            return;
        }
        String hookInstance = hookInstance(params.get("appContext"));
        Object encounter = params.get("encounter");
        SmartSessions.Session s = sessions.open(patient, p.client().fhirBaseUrl(), access.getValue(),
            p.client().ehrIssuer(), fhirUser, encounter instanceof String e ? e : null, hookInstance,
            access.getLifetime());
        LOG.info("smart: app launched (client {}, session until {})", p.client().clientId(), s.expiresAt());
        lang = language(request, p.client().ehrIssuer());
        String page = resource("app.html").replace("{{session}}", s.token()).replace("{{lang}}", lang)
            .replace("{{title}}", esc(AskMessages.of(lang).text("app.title")))
            .replace("{{ended}}", esc(AskMessages.of(lang).text("app.session.ended")))
            .replace("{{failed}}", esc(AskMessages.of(lang).text("smart.error.title")));
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/html; charset=utf-8");
        headers(response, p.client().fhirBaseUrl());
        response.write(true, ByteBuffer.wrap(page.getBytes(StandardCharsets.UTF_8)), callback);
    }

    /** Validates an id_token (issuer, audience, signature by the EHR's JWKS, expiry, nonce) and returns fhirUser. */
    private static String fhirUser(String raw, Pending p) throws Exception {
        if (p.discovery().jwksUri() == null || p.discovery().issuer() == null) {
            throw new IllegalStateException("no issuer or jwks_uri in the SMART configuration to check the id_token");
        }
        JWT jwt = JWTParser.parse(raw);
        String alg = jwt.getHeader().getAlgorithm().getName();
        if (!ID_TOKEN_ALGS.contains(alg)) {
            throw new IllegalStateException("id_token alg not accepted");
        }
        IDTokenClaimsSet claims = new IDTokenValidator(new Issuer(p.discovery().issuer()),
            new ClientID(p.client().clientId()), JWSAlgorithm.parse(alg), URI.create(p.discovery().jwksUri()).toURL())
            .validate(jwt, new Nonce(p.nonce()));
        Object u = claims.getClaim("fhirUser");
        return u == null ? null : u.toString();
    }

    /** The card's hook instance from {@code appContext} ({@code {"hookInstance": "…"}}, a JSON string). */
    static String hookInstance(Object appContext) {
        if (!(appContext instanceof String s) || s.length() > 4096) {
            return null;
        }
        try {
            JsonNode n = JSON.readTree(s);
            String h = n.path("hookInstance").asText(null);
            return h != null && h.matches("[0-9a-fA-F-]{36}") ? h.toLowerCase(Locale.ROOT) : null;
        } catch (IOException e) {
            return null;
        }
    }

    // ------------------------------------------------------------------ the app's API

    private void context(Request request, Response response, Callback callback) throws Exception {
        String header = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        String token = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).strip()
            : null;
        Optional<SmartSessions.Session> found = sessions.find(token);
        if (found.isEmpty()) {
            response.setStatus(401);
            response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer");
            response.write(true, ByteBuffer.allocate(0), callback);
            return;
        }
        SmartSessions.Session s = found.get();
        String lang = language(request, s.issuer());
        AskMessages m = AskMessages.of(lang);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("patientId", s.patientId());
        body.put("fhirUser", s.fhirUser());
        body.put("language", lang);
        Map<String, String> texts = new LinkedHashMap<>();
        for (String k : APP_TEXTS) {
            texts.put(k, m.text(k));
        }
        body.put("texts", texts);
        Object differential = null;
        if (s.hookInstance() != null && links.patientOf(s.hookInstance(), s.issuer())
            .filter(s.patientId()::equals).isPresent()) {
            Optional<ShownExplanation> shown = explanations.shownFor(s.hookInstance(), s.issuer());
            Locale locale = "zh".equals(lang) ? Locale.CHINESE : Locale.ENGLISH;
            differential = shown.map(e -> (Object) explanationPage.view(s.hookInstance(), e, locale)).orElse(null);
        }
        body.put("differential", differential);
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
        noStore(response);
        response.write(true, ByteBuffer.wrap(JSON.writeValueAsBytes(body)), callback);
    }

    // ------------------------------------------------------------------ plumbing

    private JsonNode getJson(String url, String bearer) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(httpUri(url, "url")).timeout(timeout)
            .header("Accept", "application/json, application/fhir+json").GET();
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        try {
            HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != 200) {
                throw new IOException("HTTP " + r.statusCode());
            }
            return JSON.readTree(r.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
    }

    private static URI httpUri(String s, String what) {
        if (s == null) {
            throw new IllegalStateException(what + " missing");
        }
        URI u = URI.create(s);
        if (u.getHost() == null || !("https".equals(u.getScheme()) || "http".equals(u.getScheme()))) {
            throw new IllegalStateException(what + " is not an http(s) URL");
        }
        return u;
    }

    private String base(Request request) {
        return publicUrl != null ? SmartClients.normalise(publicUrl.toString())
            : CdsHttpHandler.calledUrl(request, null, "");
    }

    /**
     * The app's language once the launching EHR is known: the locale configured for its issuer in the trusted-EHRs
     * file (as its cards), else the browser's.
     */
    private String language(Request request, String issuer) {
        return issuerLocale.apply(issuer).map(l -> "zh".equals(l.getLanguage()) ? "zh" : "en")
            .orElseGet(() -> language(request));
    }

    /** The browser's language ({@code Accept-Language} starting with {@code zh}: Chinese), before an EHR is known. */
    private static String language(Request request) {
        String al = request.getHeaders().get(HttpHeader.ACCEPT_LANGUAGE);
        return al != null && al.strip().toLowerCase(Locale.ROOT).startsWith("zh") ? "zh" : "en";
    }

    private void error(Response response, Callback callback, String lang, String key, String detail) {
        LOG.info("smart: {} ({})", key, detail);
        AskMessages m = AskMessages.of(lang);
        String html = "<!doctype html><html lang=\"" + lang + "\"><head><meta charset=\"utf-8\"><title>"
            + esc(m.text("smart.error.title")) + "</title><link rel=\"stylesheet\" href=\"/smart/app.css\"></head><body>"
            + "<h1>" + esc(m.text("smart.error.title")) + "</h1><p id=\"error\">" + esc(m.text(key))
            + "</p></body></html>";
        response.setStatus(400);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/html; charset=utf-8");
        headers(response, null);
        response.write(true, ByteBuffer.wrap(html.getBytes(StandardCharsets.UTF_8)), callback);
    }

    /** CSP (no inline script or style; framing only by the launching EHR), no caching, no referrer. */
    private static void headers(Response response, String ehrBase) {
        String frame = "'self'";
        if (ehrBase != null) {
            URI u = URI.create(ehrBase);
            frame += " " + u.getScheme() + "://" + u.getAuthority();
        }
        response.getHeaders().put("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors " + frame);
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        noStore(response);
    }

    private static void noStore(Response response) {
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.getHeaders().put("Referrer-Policy", "no-referrer");
    }

    private static void plain(Response response, Callback callback, int status, String type, String body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
        noStore(response);
        response.write(true, ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
    }

    private static void asset(Response response, Callback callback, String name, String type) throws IOException {
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
        response.write(true, ByteBuffer.wrap(resource(name).getBytes(StandardCharsets.UTF_8)), callback);
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = SmartRoute.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException(name + " is not on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String random() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
            .replace("'", "&#39;");
    }
}
