package org.dxguard.service.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.dxguard.model.DxGuardException;
import org.dxguard.service.auth.AuthenticatedCaller;
import org.dxguard.service.auth.AuthenticationException;
import org.dxguard.service.auth.CallerAuthenticator;
import org.dxguard.service.capacity.Admission;
import org.dxguard.service.capacity.CapacityErrors;
import org.dxguard.service.cdshooks.CdsJson;
import org.dxguard.service.cdshooks.ServiceErrors;
import org.dxguard.service.hooks.ApiResult;
import org.dxguard.service.hooks.CdsHooksApi;
import org.dxguard.service.observability.Stage;
import org.dxguard.service.route.Route;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes {@code /cds-services}, {@code /cds-services/{id}} and {@code /cds-services/{id}/feedback}; answers CORS
 * preflights without authentication; admits a hook call first, before anything else is done for it (503 with
 * {@code Retry-After} when at capacity); authenticates every other CDS call (bare 401 on failure); and serves
 * {@code /health/live} unauthenticated for load balancers.
 */
public final class CdsHttpHandler extends Handler.Abstract {
    private static final Logger LOG = LoggerFactory.getLogger(CdsHttpHandler.class);
    private static final String PREFIX = "/cds-services";
    private static final String JSON = "application/json; charset=utf-8";
    /** Seconds an EHR should wait before its next call after a 503 for overload. */
    static final String RETRY_AFTER_SECONDS = "1";
    private static final long SHED_LOG_INTERVAL_NANOS = 1_000_000_000L;

    private final CdsHooksApi api;
    private final CallerAuthenticator authenticator;
    private final CdsJson json;
    private final URI publicUrl;
    private final long maxBodyBytes;
    private final List<String> corsOrigins;
    private final List<Route> routes;
    private final Admission admission;
    private final AtomicLong lastShedLogNanos = new AtomicLong(System.nanoTime() - SHED_LOG_INTERVAL_NANOS);
    private final AtomicLong shedSinceLogLine = new AtomicLong();

    public CdsHttpHandler(CdsHooksApi api, CallerAuthenticator authenticator, CdsJson json, URI publicUrl,
                          long maxBodyBytes, List<String> corsOrigins) {
        this(api, authenticator, json, publicUrl, maxBodyBytes, corsOrigins, List.of());
    }

    public CdsHttpHandler(CdsHooksApi api, CallerAuthenticator authenticator, CdsJson json, URI publicUrl,
                          long maxBodyBytes, List<String> corsOrigins, List<Route> routes) {
        this(api, authenticator, json, publicUrl, maxBodyBytes, corsOrigins, routes, null);
    }

    /**
     * @param routes    pages and endpoints outside {@code /cds-services}, tried in order
     * @param admission bounds the hook calls ({@code POST /cds-services/{id}}) that are worked on at once, taken before
     *                  anything else is done for the call; null: unbounded
     */
    public CdsHttpHandler(CdsHooksApi api, CallerAuthenticator authenticator, CdsJson json, URI publicUrl,
                          long maxBodyBytes, List<String> corsOrigins, List<Route> routes, Admission admission) {
        this.admission = admission;
        this.routes = List.copyOf(routes);
        this.api = api;
        this.authenticator = authenticator;
        this.json = json;
        this.publicUrl = publicUrl;
        this.maxBodyBytes = maxBodyBytes;
        this.corsOrigins = corsOrigins;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        try {
            route(request, response, callback);
        } catch (Exception | LinkageError | AssertionError e) {
            String traceId = org.slf4j.MDC.get(org.dxguard.service.observability.TraceContext.MDC_KEY);
            traceId = traceId != null ? traceId : UUID.randomUUID().toString();
            LOG.error("unhandled error traceId={} path={}", traceId, safePath(request), e);
            send(response, callback, ApiResult.error(500, new DxGuardException(ServiceErrors.INTERNAL,
                "internal error (trace id " + traceId + ")")));
        }
        return true;
    }

    /**
     * Whether a request is a hook call ({@code POST /cds-services/{id}}), the only request under admission. Read from
     * the method and path alone: whether the service exists is checked after the token, so a refusal reveals nothing.
     */
    static boolean isHookCall(String method, String path) {
        if (!HttpMethod.POST.is(method) || !path.startsWith(PREFIX + "/")) {
            return false;
        }
        String id = path.substring(PREFIX.length() + 1);
        return !id.isEmpty() && id.indexOf('/') < 0;
    }

    /**
     * 503 at once, with {@code Retry-After}: the EHR shows no card for this call rather than a late one. Sent before
     * the token is checked or the body parsed; the body is only drained (up to the size limit) so that the
     * connection stays usable and the client reads the 503 rather than a reset. Logged at most once a second, with
     * the number shed since the last line, so that a flood of refusals does not become a flood of log lines.
     */
    private void shed(Request request, Response response, Callback callback, Admission.Ticket ticket) {
        long shedSinceLine = shedSinceLogLine.incrementAndGet();
        long now = System.nanoTime();
        long last = lastShedLogNanos.get();
        if (now - last >= SHED_LOG_INTERVAL_NANOS && lastShedLogNanos.compareAndSet(last, now)) {
            shedSinceLogLine.addAndGet(-shedSinceLine);
            LOG.info("503 path={} shed: at capacity ({}; {} deciding, {} waiting); {} hook calls shed since the"
                + " last such line, this one included", safePath(request), ticket.refusal(), admission.inFlight(), admission.waiting(),
                shedSinceLine);
        }
        drain(request);
        response.getHeaders().put(HttpHeader.RETRY_AFTER, RETRY_AFTER_SECONDS);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        send(response, callback, ApiResult.error(503, new DxGuardException(CapacityErrors.OVERLOADED,
            ticket.refusal().equals(Admission.QUEUE_FULL)
                ? "the service is at capacity: every decision slot is busy and the queue is full"
                : "the service is at capacity: no decision slot was free within the maximum queue wait")));
    }

    /**
     * Reads and drops the request body, up to the size limit (past it, or on a broken body, Jetty closes the
     * connection).
     */
    private void drain(Request request) {
        if (request.getLength() > maxBodyBytes) {
            return;
        }
        byte[] scratch = new byte[8192];
        long read = 0;
        try (InputStream in = Content.Source.asInputStream(request)) {
            for (int n; read <= maxBodyBytes && (n = in.read(scratch)) >= 0; ) {
                read += n;
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("503: request body not drained ({})", e.getClass().getSimpleName());
        }
    }

    private void route(Request request, Response response, Callback callback) throws Exception {
        String method = request.getMethod();
        String path = Request.getPathInContext(request);
        cors(request, response);
        if (HttpMethod.OPTIONS.is(method)) {
            preflight(request, response, callback);
            return;
        }
        if (path.equals("/health/live")) {
            send(response, callback, ApiResult.ok(new Health("UP")));
            return;
        }
        if (!(path.equals(PREFIX) || path.startsWith(PREFIX + "/"))) {
            for (Route route : routes) {
                if (route.handle(path, request, response, callback)) {
                    return;
                }
            }
            send(response, callback, ApiResult.error(404, new DxGuardException(ServiceErrors.NOT_FOUND,
                "nothing is served at this path")));
            return;
        }
        if (admission == null || !isHookCall(method, path)) {
            cdsCall(request, response, callback, method, path);
            return;
        }
        // a hook call: admission first, before the token is verified and the body read or parsed, so that a refusal
        // costs next to nothing; the slot is held through the token check, the body and the decision
        try (Admission.Ticket ticket = admission.enter()) {
            if (!ticket.admitted()) {
                shed(request, response, callback, ticket);
                return;
            }
            cdsCall(request, response, callback, method, path);
        }
    }

    /** A call under {@code /cds-services}: token, then discovery, feedback or a hook call's decision. */
    private void cdsCall(Request request, Response response, Callback callback, String method, String path)
            throws Exception {
        AuthenticatedCaller caller;
        try {
            caller = Stage.AUTH.time(() -> authenticator.authenticate(
                request.getHeaders().get(HttpHeader.AUTHORIZATION), calledUrl(request, path)));
        } catch (AuthenticationException e) {
            // the check that failed at INFO; the detail (it quotes the token's iss/kid/alg) at DEBUG only
            LOG.info("401 path={} reason={} code={}", safePath(request), e.failureReason(), e.errorCode().code());
            LOG.debug("401 detail: {}", e.reason());
            Admission.leaveWhileWaiting();
            response.setStatus(401);
            response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer");
            response.write(true, ByteBuffer.allocate(0), callback);
            return;
        }
        String rest = path.substring(PREFIX.length());
        String[] parts = rest.isEmpty() || rest.equals("/") ? new String[0] : rest.substring(1).split("/", -1);
        if (parts.length == 0) {
            if (!HttpMethod.GET.is(method)) {
                methodNotAllowed(response, callback, "GET, OPTIONS");
                return;
            }
            send(response, callback, api.discovery());
            return;
        }
        if (parts.length > 2 || parts[0].isEmpty() || (parts.length == 2 && !parts[1].equals("feedback"))) {
            send(response, callback, ApiResult.error(404, new DxGuardException(ServiceErrors.NOT_FOUND,
                "nothing is served at this path")));
            return;
        }
        if (!HttpMethod.POST.is(method)) {
            methodNotAllowed(response, callback, "POST, OPTIONS");
            return;
        }
        String contentType = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        if (contentType != null && !contentType.toLowerCase(java.util.Locale.ROOT).contains("json")) {
            send(response, callback, ApiResult.error(415, new DxGuardException(ServiceErrors.UNSUPPORTED_MEDIA_TYPE,
                "Content-Type must be application/json")));
            return;
        }
        byte[] body;
        try {
            body = readBody(request);
        } catch (IOException | org.eclipse.jetty.http.BadMessageException e) {
            // the client's fault (body cut short, broken chunking), not the server's: 400, not 500
            LOG.info("400 path={} request body unreadable ({})", safePath(request), e.getClass().getSimpleName());
            send(response, callback, ApiResult.error(400, new DxGuardException(ServiceErrors.BODY_UNREADABLE,
                "the request body could not be read (it ended early or its chunked encoding is invalid)")));
            return;
        }
        if (body == null) {
            send(response, callback, ApiResult.error(413, new DxGuardException(ServiceErrors.PAYLOAD_TOO_LARGE,
                "request body exceeds " + maxBodyBytes + " bytes")));
            return;
        }
        String serviceId = parts[0];
        ApiResult result = parts.length == 1
            ? api.call(serviceId, body, caller.issuer(), URI.create(calledUrl(request, "")),
                caller.configuredLocale().orElse(null))
            : api.feedback(serviceId, body, caller.issuer());
        send(response, callback, result);
    }

    /** The exact URL the EHR called, which the token's {@code aud} must equal. */
    private String calledUrl(Request request, String path) {
        return calledUrl(request, publicUrl, path);
    }

    /**
     * The exact URL a caller called: {@code publicUrl} + path when the service sits behind a proxy, else the
     * request's scheme, host and (non-default) port + path. A bearer token's {@code aud} must equal it.
     */
    public static String calledUrl(Request request, URI publicUrl, String path) {
        if (publicUrl != null) {
            String base = publicUrl.toString();
            return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path;
        }
        HttpURI uri = request.getHttpURI();
        String scheme = uri.getScheme() == null ? "http" : uri.getScheme();
        int port = uri.getPort();
        boolean defaultPort = port <= 0 || (scheme.equals("http") && port == 80)
            || (scheme.equals("https") && port == 443);
        return scheme + "://" + uri.getHost() + (defaultPort ? "" : ":" + port) + path;
    }

    private byte[] readBody(Request request) throws IOException {
        return readBody(request, maxBodyBytes);
    }

    /** The request body, or null when it is larger than {@code maxBodyBytes} (a 413). */
    public static byte[] readBody(Request request, long maxBodyBytes) throws IOException {
        long declared = request.getLength();
        if (declared > maxBodyBytes) {
            return null;
        }
        try (InputStream in = Content.Source.asInputStream(request)) {
            byte[] data = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1));
            return data.length > maxBodyBytes ? null : data;
        }
    }

    private void cors(Request request, Response response) {
        String origin = request.getHeaders().get(HttpHeader.ORIGIN);
        if (origin == null) {
            return;
        }
        if (corsOrigins.contains("*")) {
            response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
        } else if (corsOrigins.contains(origin)) {
            response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_ORIGIN, origin);
            response.getHeaders().add(HttpHeader.VARY, "Origin");
        }
    }

    private void preflight(Request request, Response response, Callback callback) {
        response.setStatus(204);
        response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_METHODS, "GET, POST, OPTIONS");
        String requested = request.getHeaders().get(HttpHeader.ACCESS_CONTROL_REQUEST_HEADERS);
        response.getHeaders().put(HttpHeader.ACCESS_CONTROL_ALLOW_HEADERS,
            requested == null ? "Authorization, Content-Type" : requested);
        response.getHeaders().put(HttpHeader.ACCESS_CONTROL_MAX_AGE, "86400");
        response.write(true, ByteBuffer.allocate(0), callback);
    }

    private void methodNotAllowed(Response response, Callback callback, String allow) {
        response.getHeaders().put(new HttpField(HttpHeader.ALLOW, allow));
        send(response, callback, ApiResult.error(405, new DxGuardException(ServiceErrors.METHOD_NOT_ALLOWED,
            "method not allowed here; allowed: " + allow)));
    }

    private void send(Response response, Callback callback, ApiResult result) {
        // the call's work is done: writing the answer waits for the client, so the decision slot goes to the next
        // call now (and is free by the time the client has read the answer)
        Admission.leaveWhileWaiting();
        response.setStatus(result.status());
        if (result.body() == null) {
            response.write(true, ByteBuffer.allocate(0), callback);
            return;
        }
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, JSON);
        response.write(true, ByteBuffer.wrap(json.write(result.body())), callback);
    }

    private static String safePath(Request request) {
        String p = Request.getPathInContext(request);
        return p.length() > 100 ? p.substring(0, 100) + "…" : p.replaceAll("\\p{Cntrl}", "?");
    }

    record Health(String status) {}

}
