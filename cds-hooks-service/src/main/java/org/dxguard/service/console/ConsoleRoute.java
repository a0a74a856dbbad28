package org.dxguard.service.console;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.dxguard.guidelines.GuidelineRepository;
import org.dxguard.model.DxGuardException;
import org.dxguard.model.ErrorCode;
import org.dxguard.service.auth.AuthenticationException;
import org.dxguard.service.auth.CallerAuthenticator;
import org.dxguard.service.cdshooks.ServiceErrors;
import org.dxguard.service.hooks.ApiResult;
import org.dxguard.service.http.CdsHttpHandler;
import org.dxguard.service.route.Route;
import org.eclipse.jetty.http.HttpCookie;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The read-only web console for safety reviewers and guideline authors, served under {@code /console}: static pages
 * (HTML, CSS and one script from the classpath, no inline script, a strict Content-Security-Policy) and a JSON API
 * under {@code /console/api/}: {@code decisions} (paged, filter by {@code service} and {@code rule}),
 * {@code decisions/{seq}}, {@code overrides}, {@code guidelines} and {@code safety}.
 *
 * <p>Authentication: the pages need a session cookie (HttpOnly, SameSite=Strict) obtained at {@code /console/login}
 * with the admin token the service writes to {@code <data-dir>/console-token} at start; the JSON API accepts that
 * session or {@code Authorization: Bearer <JWT>} verified like a CDS Hooks call ({@link CallerAuthenticator}, aud =
 * the URL called). Nothing in the console changes state except logging in and out.
 */
public final class ConsoleRoute implements Route {
    public static final String PREFIX = "/console";
    static final String COOKIE = "dxguard_console";
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
        + "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleRoute.class);
    private static final String RESOURCES = "/org/dxguard/service/console/";
    private static final Map<String, String> PAGES = Map.of("/", "decisions.html",
        "/decision", "decision.html", "/safety", "safety.html", "/overrides", "overrides.html",
        "/guidelines", "guidelines.html");
    private static final Map<String, String> ASSETS = Map.of("/assets/console.js", "text/javascript; charset=utf-8",
        "/assets/console.css", "text/css; charset=utf-8");
    private static final int MAX_FORM_BYTES = 4096;

    private final ConsoleAuth auth;
    private final ConsoleApi api;
    private final CallerAuthenticator authenticator;
    private final URI publicUrl;
    private final Map<String, byte[]> resourceCache = new ConcurrentHashMap<>();

    private ConsoleRoute(ConsoleAuth auth, ConsoleApi api, CallerAuthenticator authenticator, URI publicUrl) {
        this.auth = auth;
        this.api = api;
        this.authenticator = authenticator;
        this.publicUrl = publicUrl;
    }

    /**
     * Writes a fresh admin token to {@code dataDir/console-token} (owner-only) and returns the route.
     *
     * @param publicUrl       the service's public base URL (as {@code --public-url}), or null to derive the URL a
     *                        bearer token's {@code aud} must equal from each request
     * @param safetySuitesDir suites for the veto report; null for the packaged starter suites
     */
    public static ConsoleRoute create(Path dataDir, GuidelineRepository guidelines, CallerAuthenticator authenticator,
                                      URI publicUrl, Path safetySuitesDir) {
        if (safetySuitesDir != null && !java.nio.file.Files.exists(safetySuitesDir)) {
            throw new DxGuardException(ConsoleErrors.SAFETY_SUITES, "--safety-suites " + safetySuitesDir
                + " does not exist");
        }
        ConsoleAuth auth = ConsoleAuth.create(dataDir, Clock.systemUTC());
        ConsoleRoute route = new ConsoleRoute(auth, new ConsoleApi(dataDir, guidelines,
            new SafetyReports(guidelines, safetySuitesDir)), authenticator, publicUrl);
        LOG.info("web console at {}{}/ (read-only; log in with the token in {}, or run: bin/dxguard console-token)",
            publicUrl == null ? "" : stripSlash(publicUrl.toString()), PREFIX, auth.tokenFile());
        return route;
    }

    @Override
    public boolean handle(String path, Request request, Response response, Callback callback) throws Exception {
        if (!(path.equals(PREFIX) || path.startsWith(PREFIX + "/"))) {
            return false;
        }
        String sub = path.substring(PREFIX.length());
        securityHeaders(response);
        String method = request.getMethod();
        if (ASSETS.containsKey(sub)) {
            if (!HttpMethod.GET.is(method) && !HttpMethod.HEAD.is(method)) {
                return methodNotAllowed(response, callback, "GET");
            }
            return send(response, callback, 200, ASSETS.get(sub), resource(sub.substring(1)));
        }
        if (sub.isEmpty()) {
            // the pages use relative links: they live under /console/
            Response.sendRedirect(request, response, callback, 303, PREFIX + "/", true);
            return true;
        }
        if (sub.equals("/login")) {
            return HttpMethod.POST.is(method) ? login(request, response, callback)
                : HttpMethod.GET.is(method) ? send(response, callback, 200, "text/html; charset=utf-8",
                    resource("login.html")) : methodNotAllowed(response, callback, "GET, POST");
        }
        if (sub.equals("/logout")) {
            if (!HttpMethod.POST.is(method)) {
                return methodNotAllowed(response, callback, "POST");
            }
            if (!sameOrigin(request)) {
                return error(response, callback, 403, ConsoleErrors.CROSS_SITE, "cross-site form post refused");
            }
            auth.endSession(sessionId(request));
            Response.addCookie(response, cookie(request, "", 0));
            Response.sendRedirect(request, response, callback, 303, PREFIX + "/login", true);
            return true;
        }
        if (sub.startsWith("/api/")) {
            if (!HttpMethod.GET.is(method)) {
                return methodNotAllowed(response, callback, "GET");
            }
            if (!apiCaller(request, path)) {
                response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer");
                return error(response, callback, 401, ConsoleErrors.AUTH_REQUIRED, "authentication required");
            }
            return api(sub.substring("/api/".length()), request, response, callback);
        }
        String page = PAGES.get(sub);
        if (page == null) {
            return error(response, callback, 404, ServiceErrors.NOT_FOUND, "nothing is served at this path");
        }
        if (!HttpMethod.GET.is(method)) {
            return methodNotAllowed(response, callback, "GET");
        }
        if (!auth.validSession(sessionId(request))) {
            Response.sendRedirect(request, response, callback, 303, PREFIX + "/login", true);
            return true;
        }
        return send(response, callback, 200, "text/html; charset=utf-8", resource(page));
    }

    private boolean api(String endpoint, Request request, Response response, Callback callback) throws IOException {
        Fields q = Request.extractQueryParameters(request, StandardCharsets.UTF_8);
        Object body;
        try {
            switch (endpoint) {
                case "decisions" -> {
                    int page = intParam(q, "page", 0, 0, Integer.MAX_VALUE / ConsoleApi.MAX_PAGE_SIZE);
                    int size = intParam(q, "size", 25, 1, ConsoleApi.MAX_PAGE_SIZE);
                    body = api.decisions(q.getValue("service"), q.getValue("rule"), page, size);
                }
                case "overrides" -> body = api.overrides();
                case "guidelines" -> body = api.guidelines();
                case "safety" -> body = api.safety();
                default -> {
                    if (!endpoint.startsWith("decisions/")) {
                        return error(response, callback, 404, ServiceErrors.NOT_FOUND, "no such console API");
                    }
                    long seq;
                    try {
                        seq = Long.parseLong(endpoint.substring("decisions/".length()));
                    } catch (NumberFormatException e) {
                        return error(response, callback, 400, ConsoleErrors.BAD_QUERY,
                            "a decision is addressed by its record number (seq)");
                    }
                    Optional<ConsoleApi.DecisionDetail> d = api.decision(seq);
                    if (d.isEmpty()) {
                        return error(response, callback, 404, ServiceErrors.NOT_FOUND, "no decision record " + seq);
                    }
                    body = d.get();
                }
            }
        } catch (BadQuery e) {
            return error(response, callback, 400, ConsoleErrors.BAD_QUERY, e.getMessage());
        } catch (DxGuardException e) {
            // the class only: a message may quote a decision record (raw model output)
            LOG.warn("console API {} failed ({})", endpoint, e.getClass().getName());
            LOG.debug("console API failure", e);
            return error(response, callback, 500, e.errorCode(), e.reason());
        }
        int status = body instanceof SafetyReports.Running ? 202 : 200;
        return send(response, callback, status, "application/json; charset=utf-8", ConsoleApi.write(body));
    }

    private boolean login(Request request, Response response, Callback callback) throws IOException {
        if (!sameOrigin(request)) {
            return error(response, callback, 403, ConsoleErrors.CROSS_SITE, "cross-site form post refused");
        }
        String token = null;
        try (InputStream in = Content.Source.asInputStream(request)) {
            byte[] data = in.readNBytes(MAX_FORM_BYTES + 1);
            if (data.length <= MAX_FORM_BYTES) {
                for (String pair : new String(data, StandardCharsets.US_ASCII).split("&")) {
                    int eq = pair.indexOf('=');
                    if (eq > 0 && pair.substring(0, eq).equals("token")) {
                        token = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                    }
                }
            }
        } catch (IllegalArgumentException e) {
            token = null;
        }
        if (!auth.tokenMatches(token)) {
            LOG.info("console login refused: wrong admin token");
            Response.sendRedirect(request, response, callback, 303, PREFIX + "/login?failed=1", true);
            return true;
        }
        Response.addCookie(response, cookie(request, auth.newSession(), ConsoleAuth.SESSION_LIFETIME.toSeconds()));
        LOG.info("console login");
        Response.sendRedirect(request, response, callback, 303, PREFIX + "/", true);
        return true;
    }

    /** A session cookie, or a valid bearer JWT from a trusted EHR (aud = the URL called). */
    private boolean apiCaller(Request request, String path) {
        if (auth.validSession(sessionId(request))) {
            return true;
        }
        String authorization = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        if (authorization == null) {
            return false;
        }
        try {
            authenticator.authenticate(authorization, calledUrl(request, path));
            return true;
        } catch (AuthenticationException e) {
            LOG.info("console API 401 reason={} code={}", e.failureReason(), e.errorCode().code());
            LOG.debug("console API 401 detail: {}", e.reason());
            return false;
        }
    }

    private HttpCookie cookie(Request request, String value, long maxAgeSeconds) {
        boolean secure = request.isSecure() || (publicUrl != null && "https".equalsIgnoreCase(publicUrl.getScheme()));
        return HttpCookie.build(COOKIE, value).path(PREFIX).httpOnly(true).secure(secure)
            .sameSite(HttpCookie.SameSite.STRICT).maxAge(maxAgeSeconds).build();
    }

    private static String sessionId(Request request) {
        for (HttpCookie c : Request.getCookies(request)) {
            if (COOKIE.equals(c.getName()) && !c.getValue().isEmpty()) {
                return c.getValue();
            }
        }
        return null;
    }

    /** Form posts only from this origin: a present Origin must match the Host; a cross-site fetch is refused. */
    private static boolean sameOrigin(Request request) {
        String site = request.getHeaders().get("Sec-Fetch-Site");
        if (site != null && !(site.equals("same-origin") || site.equals("none"))) {
            return false;
        }
        String origin = request.getHeaders().get(HttpHeader.ORIGIN);
        if (origin == null) {
            return true;
        }
        String host = request.getHeaders().get(HttpHeader.HOST);
        try {
            URI o = URI.create(origin);
            String originHost = o.getHost() + (o.getPort() < 0 ? "" : ":" + o.getPort());
            return host != null && host.equalsIgnoreCase(originHost);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The exact URL called, which a bearer token's {@code aud} must equal (as for the CDS Hooks API). */
    private String calledUrl(Request request, String path) {
        return CdsHttpHandler.calledUrl(request, publicUrl, path);
    }

    private static String stripSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    private static void securityHeaders(Response response) {
        var h = response.getHeaders();
        // the console is same-origin only: no CORS, whatever --cors-origins allows for the CDS Hooks API
        h.remove(HttpHeader.ACCESS_CONTROL_ALLOW_ORIGIN);
        h.put("Content-Security-Policy", CSP);
        h.put("X-Content-Type-Options", "nosniff");
        h.put("X-Frame-Options", "DENY");
        // same-origin, not no-referrer: with no-referrer Chromium sends "Origin: null" on the login form post
        h.put("Referrer-Policy", "same-origin");
        h.put("Cross-Origin-Opener-Policy", "same-origin");
        h.put("Cross-Origin-Resource-Policy", "same-origin");
        h.put(HttpHeader.CACHE_CONTROL, "no-store");
    }

    private byte[] resource(String name) throws IOException {
        byte[] cached = resourceCache.get(name);
        if (cached != null) {
            return cached;
        }
        try (InputStream in = ConsoleRoute.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IOException("console resource " + name + " is missing from the classpath");
            }
            byte[] data = in.readAllBytes();
            resourceCache.put(name, data);
            return data;
        }
    }

    private static boolean send(Response response, Callback callback, int status, String contentType, byte[] body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        response.write(true, ByteBuffer.wrap(body), callback);
        return true;
    }

    private static boolean error(Response response, Callback callback, int status, ErrorCode code, String message) {
        ApiResult.ErrorBody body = new ApiResult.ErrorBody(new ApiResult.ErrorBody.Error(code.code(), message,
            code.hint()));
        return send(response, callback, status, "application/json; charset=utf-8", ConsoleApi.write(body));
    }

    private static boolean methodNotAllowed(Response response, Callback callback, String allow) {
        response.getHeaders().put(HttpHeader.ALLOW, allow);
        return error(response, callback, 405, ServiceErrors.METHOD_NOT_ALLOWED, "allowed here: " + allow);
    }

    private static int intParam(Fields q, String name, int dflt, int min, int max) {
        String v = q.getValue(name);
        if (v == null || v.isBlank()) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(v.trim());
            if (n < min || n > max) {
                throw new BadQuery(name + " must be " + min + ".." + max + ", was " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new BadQuery(name + " must be a whole number"); // the value sent is not echoed
        }
    }

    private static final class BadQuery extends RuntimeException {
        BadQuery(String message) {
            super(message);
        }
    }
}
