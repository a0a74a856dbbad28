package org.dxguard.service.http;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.Objects;
import org.dxguard.model.DxGuardException;
import org.dxguard.service.auth.AuthenticationException;
import org.dxguard.service.auth.CallerAuthenticator;
import org.dxguard.service.cdshooks.CdsJson;
import org.dxguard.service.cdshooks.ServiceErrors;
import org.dxguard.service.hooks.ApiResult;
import org.dxguard.service.route.Route;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A JSON {@code POST} endpoint beside the CDS Hooks API, authenticated exactly like a CDS Hooks call: a bearer JWT of
 * a trusted EHR whose {@code aud} is the exact URL called ({@code --public-url} + path, or the scheme, host and port
 * the caller used), single-use {@code jti}; any failure is a bare 401. Then: another method → 405, a body that is not
 * JSON → 415, larger than {@code --max-body-bytes} → 413, unreadable → 400; the endpoint answers the rest.
 */
public final class AuthenticatedPostRoute implements Route {
    private static final Logger LOG = LoggerFactory.getLogger(AuthenticatedPostRoute.class);

    /** What the endpoint does with an authenticated body. */
    @FunctionalInterface
    public interface Endpoint {
        Reply handle(byte[] body, String callerIssuer);
    }

    /** An answer: its status, content type and body (JSON error bodies by {@link #error}). */
    public record Reply(int status, String contentType, byte[] body) {
        public Reply {
            Objects.requireNonNull(contentType, "contentType");
            Objects.requireNonNull(body, "body");
        }
    }

    private final String path;
    private final CallerAuthenticator authenticator;
    private final CdsJson json;
    private final URI publicUrl;
    private final long maxBodyBytes;
    private final Endpoint endpoint;

    public AuthenticatedPostRoute(String path, CallerAuthenticator authenticator, CdsJson json, URI publicUrl,
                                  long maxBodyBytes, Endpoint endpoint) {
        this.path = Objects.requireNonNull(path, "path");
        this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
        this.json = Objects.requireNonNull(json, "json");
        this.publicUrl = publicUrl;
        this.maxBodyBytes = maxBodyBytes;
        this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    }

    /** The JSON error body every non-2xx answer (except a bare 401) carries. */
    public static Reply error(CdsJson json, int status, DxGuardException e) {
        return new Reply(status, "application/json; charset=utf-8", json.write(ApiResult.error(status, e).body()));
    }

    @Override
    public boolean handle(String called, Request request, Response response, Callback callback) throws Exception {
        if (!called.equals(path)) {
            return false;
        }
        if (!"POST".equals(request.getMethod())) {
            response.getHeaders().put(HttpHeader.ALLOW, "POST, OPTIONS");
            send(response, callback, error(json, 405, new DxGuardException(ServiceErrors.METHOD_NOT_ALLOWED,
                "method not allowed here; allowed: POST, OPTIONS")));
            return true;
        }
        String issuer;
        try {
            issuer = authenticator.authenticate(request.getHeaders().get(HttpHeader.AUTHORIZATION),
                CdsHttpHandler.calledUrl(request, publicUrl, path)).issuer();
        } catch (AuthenticationException e) {
            LOG.info("401 path={} reason={} code={}", path, e.failureReason(), e.errorCode().code());
            LOG.debug("401 detail: {}", e.reason());
            response.setStatus(401);
            response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer");
            response.write(true, ByteBuffer.allocate(0), callback);
            return true;
        }
        String contentType = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        if (contentType != null && !contentType.toLowerCase(Locale.ROOT).contains("json")) {
            send(response, callback, error(json, 415, new DxGuardException(ServiceErrors.UNSUPPORTED_MEDIA_TYPE,
                "Content-Type must be application/json")));
            return true;
        }
        byte[] body;
        try {
            body = CdsHttpHandler.readBody(request, maxBodyBytes);
        } catch (IOException | org.eclipse.jetty.http.BadMessageException e) {
            send(response, callback, error(json, 400, new DxGuardException(ServiceErrors.BODY_UNREADABLE,
                "the request body could not be read (it ended early or its chunked encoding is invalid)")));
            return true;
        }
        if (body == null) {
            send(response, callback, error(json, 413, new DxGuardException(ServiceErrors.PAYLOAD_TOO_LARGE,
                "request body exceeds " + maxBodyBytes + " bytes")));
            return true;
        }
        send(response, callback, endpoint.handle(body, issuer));
        return true;
    }

    private static void send(Response response, Callback callback, Reply reply) {
        response.setStatus(reply.status());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, reply.contentType());
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.write(true, ByteBuffer.wrap(reply.body()), callback);
    }
}
