package org.dxguard.service.monitoring;

import java.nio.ByteBuffer;
import org.dxguard.service.cdshooks.CdsJson;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code GET /health/ready}, unauthenticated (for load balancers and Kubernetes readiness probes): the
 * {@link Readiness.Report} as JSON, {@code 200} when medication safety can be served (status {@code UP} or
 * {@code DEGRADED}), {@code 503} otherwise. It names components and states only: no patient data, no secrets.
 */
public final class ReadinessRoute implements org.dxguard.service.route.Route {
    public static final String PATH = "/health/ready";

    private final Readiness readiness;
    private final CdsJson json;

    public ReadinessRoute(Readiness readiness, CdsJson json) {
        this.readiness = readiness;
        this.json = json;
    }

    @Override
    public boolean handle(String path, Request request, Response response, Callback callback) {
        if (!path.equals(PATH)) {
            return false;
        }
        if (!HttpMethod.GET.is(request.getMethod()) && !HttpMethod.HEAD.is(request.getMethod())) {
            response.setStatus(405);
            response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
            response.write(true, ByteBuffer.allocate(0), callback);
            return true;
        }
        Readiness.Report report = readiness.report();
        response.setStatus(report.ready() ? 200 : 503);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.write(true, HttpMethod.HEAD.is(request.getMethod()) ? ByteBuffer.allocate(0)
            : ByteBuffer.wrap(json.write(report)), callback);
        return true;
    }
}
