package org.dxguard.service.ask;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.dxguard.model.DxGuardException;
import org.dxguard.service.cdshooks.ServiceErrors;
import org.dxguard.service.auth.AuthenticatedCaller;
import org.dxguard.service.auth.AuthenticationException;
import org.dxguard.service.auth.CallerAuthenticator;
import org.dxguard.service.cdshooks.CdsJson;
import org.dxguard.service.explanations.CapabilityTokens;
import org.dxguard.service.hooks.ApiResult;
import org.dxguard.service.http.CdsHttpHandler;
import org.dxguard.service.route.Route;
import org.dxguard.service.prefetch.PrefetchUnavailableException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /ask} and {@code GET /ask/answers/{decisionId}?t=…}. A question is authenticated exactly as a CDS Hooks
 * call ({@code Authorization: Bearer <JWT>} of a trusted EHR, {@code aud} = the exact URL called, single-use
 * {@code jti}; any failure a bare 401), or by the SMART app's session ({@code Authorization: Bearer dxgs_…}, issued
 * at its launch, bound to the patient of the token response). Errors as the other endpoints: 400 naming the field,
 * 401 bare, 403 an app session asking about another patient, 412 when needed data cannot be read (or belongs to
 * another patient), 413 body too large, 415 not JSON. A late model answer's link is a capability (404 wrong, 410
 * expired, as the explanation pages).
 */
public final class AskRoute implements Route {
    private static final Logger LOG = LoggerFactory.getLogger(AskRoute.class);
    public static final String PATH = "/ask";
    /** The prefix of an app session's bearer token (a JWT never starts so). */
    public static final String SESSION_PREFIX = "dxgs_";
    private static final ObjectMapper ANSWERS = JsonMapper.builder()
        .serializationInclusion(JsonInclude.Include.NON_NULL).build();

    /** Resolves a SMART app session's bearer token (the smart package implements it). */
    public interface Sessions {
        Optional<AskService.AppSession> session(String bearerToken);
    }

    private final AskService service;
    private final CallerAuthenticator authenticator;
    private final CdsJson json;
    private final URI publicUrl;
    private final long maxBodyBytes;
    private final Sessions sessions;

    public AskRoute(AskService service, CallerAuthenticator authenticator, CdsJson json, URI publicUrl,
                    long maxBodyBytes, Sessions sessions) {
        this.service = service;
        this.authenticator = authenticator;
        this.json = json;
        this.publicUrl = publicUrl;
        this.maxBodyBytes = maxBodyBytes;
        this.sessions = sessions;
    }

    @Override
    public boolean handle(String path, Request request, Response response, Callback callback) throws Exception {
        if (path.startsWith(AskService.LATE_PATH)) {
            late(path, request, response, callback);
            return true;
        }
        if (!path.equals(PATH)) {
            return false;
        }
        if (!"POST".equals(request.getMethod())) {
            response.getHeaders().put(HttpHeader.ALLOW, "POST, OPTIONS");
            send(response, callback, ApiResult.error(405, new DxGuardException(ServiceErrors.METHOD_NOT_ALLOWED,
                "method not allowed here; allowed: POST, OPTIONS")));
            return true;
        }
        String header = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        String issuer;
        AskService.AppSession session = null;
        String bearer = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).strip()
            : null;
        if (bearer != null && bearer.startsWith(SESSION_PREFIX) && sessions != null) {
            session = sessions.session(bearer).orElse(null);
            if (session == null) {
                LOG.info("401 path=/ask reason=unknown or expired app session");
                unauthorized(response, callback);
                return true;
            }
            issuer = session.issuer();
        } else {
            try {
                AuthenticatedCaller caller = authenticator.authenticate(header,
                    CdsHttpHandler.calledUrl(request, publicUrl, PATH));
                issuer = caller.issuer();
            } catch (AuthenticationException e) {
                LOG.info("401 path=/ask reason={} code={}", e.failureReason(), e.errorCode().code());
                unauthorized(response, callback);
                return true;
            }
        }
        String contentType = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        if (contentType != null && !contentType.toLowerCase(Locale.ROOT).contains("json")) {
            send(response, callback, ApiResult.error(415, new DxGuardException(ServiceErrors.UNSUPPORTED_MEDIA_TYPE,
                "Content-Type must be application/json")));
            return true;
        }
        byte[] body;
        try {
            body = CdsHttpHandler.readBody(request, maxBodyBytes);
        } catch (IOException | org.eclipse.jetty.http.BadMessageException e) {
            send(response, callback, ApiResult.error(400, new DxGuardException(ServiceErrors.BODY_UNREADABLE,
                "the request body could not be read (it ended early or its chunked encoding is invalid)")));
            return true;
        }
        if (body == null) {
            send(response, callback, ApiResult.error(413, new DxGuardException(ServiceErrors.PAYLOAD_TOO_LARGE,
                "request body exceeds " + maxBodyBytes + " bytes")));
            return true;
        }
        ApiResult result;
        long t0 = System.nanoTime();
        try {
            AskRequest ask = AskRequest.parse(json, body, session != null);
            AskAnswer answer = service.ask(ask, issuer, session, URI.create(CdsHttpHandler.calledUrl(request, publicUrl,
                "")), body);
            LOG.info("ask status=200 decisionId={} language={} explainer={} withheld={} ms={}", answer.decisionId(),
                answer.language(), answer.explainer().kind(), answer.withheld().size(),
                (System.nanoTime() - t0) / 1_000_000);
            response.setStatus(200);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
            response.write(true, ByteBuffer.wrap(ANSWERS.writeValueAsBytes(answer)), callback);
            return true;
        } catch (PrefetchUnavailableException e) {
            LOG.info("ask status=412 code={} keys={}", e.errorCode().code(), e.keys());
            result = ApiResult.error(412, e);
        } catch (DxGuardException e) {
            int status = AskErrors.PATIENT_MISMATCH.equals(e.errorCode()) ? 412
                : AskErrors.SESSION_PATIENT.equals(e.errorCode()) ? 403
                : e.errorCode().retriable() ? 503 : 400;
            LOG.info("ask status={} code={}", status, e.errorCode().code());
            result = ApiResult.error(status, e);
        }
        send(response, callback, result);
        return true;
    }

    /** {@code GET /ask/answers/{decisionId}?t=…}: the late model answer, checked, once it is written. */
    private void late(String path, Request request, Response response, Callback callback) throws Exception {
        if (!"GET".equals(request.getMethod())) {
            response.getHeaders().put(HttpHeader.ALLOW, "GET");
            send(response, callback, ApiResult.error(405, new DxGuardException(ServiceErrors.METHOD_NOT_ALLOWED,
                "method not allowed here; allowed: GET")));
            return;
        }
        String rest = path.substring(AskService.LATE_PATH.length());
        String decisionId = URLDecoder.decode(rest, StandardCharsets.UTF_8);
        Fields query = Request.extractQueryParameters(request);
        CapabilityTokens.Verified v = decisionId.isBlank() || rest.contains("/")
            ? new CapabilityTokens.Verified(CapabilityTokens.Check.INVALID, null)
            : service.late().verify(decisionId, query.getValue("t"));
        if (v.check() != CapabilityTokens.Check.VALID) {
            response.setStatus(v.check() == CapabilityTokens.Check.EXPIRED ? 410 : 404);
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
            response.write(true, ByteBuffer.allocate(0), callback);
            return;
        }
        Optional<LateAnswers.State> state = service.late().state(decisionId, v.issuerDigest());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("decisionId", decisionId);
        body.put("status", state.map(LateAnswers.State::status).orElse("unavailable"));
        state.map(LateAnswers.State::answer).ifPresent(a -> body.put("answer", a));
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.getHeaders().put("Referrer-Policy", "no-referrer");
        response.write(true, ByteBuffer.wrap(ANSWERS.writeValueAsBytes(body)), callback);
    }

    private static void unauthorized(Response response, Callback callback) {
        response.setStatus(401);
        response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer");
        response.write(true, ByteBuffer.allocate(0), callback);
    }

    private void send(Response response, Callback callback, ApiResult result) {
        response.setStatus(result.status());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
        response.write(true, ByteBuffer.wrap(json.write(result.body())), callback);
    }
}
