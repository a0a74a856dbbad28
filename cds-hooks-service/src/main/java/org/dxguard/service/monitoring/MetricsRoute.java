package org.dxguard.service.monitoring;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.dxguard.service.observability.ServiceMetrics;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /metrics}: the Prometheus text exposition. With a metrics token ({@code --metrics-token} /
 * {@code DXGUARD_METRICS_TOKEN}) a scraper must send {@code Authorization: Bearer <token>} (compared in constant
 * time; 401 otherwise). Without one, only loopback callers are answered (403 for others): a sidecar or an SSH
 * tunnel, never the network.
 */
public final class MetricsRoute implements org.dxguard.service.route.Route {
    public static final String PATH = "/metrics";
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    private static final Logger LOG = LoggerFactory.getLogger(MetricsRoute.class);

    private final ServiceMetrics metrics;
    private final byte[] expectedAuthorization;

    /** @param tokenOrNull the bearer token scrapers must send; null: loopback callers only */
    public MetricsRoute(ServiceMetrics metrics, String tokenOrNull) {
        this.metrics = metrics;
        this.expectedAuthorization = tokenOrNull == null || tokenOrNull.isBlank() ? null
            : ("Bearer " + tokenOrNull.strip()).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public boolean handle(String path, Request request, Response response, Callback callback) {
        if (!path.equals(PATH)) {
            return false;
        }
        if (!HttpMethod.GET.is(request.getMethod())) {
            response.setStatus(405);
            response.getHeaders().put(HttpHeader.ALLOW, "GET");
            response.write(true, ByteBuffer.allocate(0), callback);
            return true;
        }
        if (expectedAuthorization != null) {
            String given = request.getHeaders().get(HttpHeader.AUTHORIZATION);
            if (given == null || !MessageDigest.isEqual(expectedAuthorization,
                given.strip().getBytes(StandardCharsets.UTF_8))) {
                LOG.info("401 path=/metrics reason=missing or wrong metrics token");
                response.setStatus(401);
                response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer");
                response.write(true, ByteBuffer.allocate(0), callback);
                return true;
            }
        } else if (!loopback(request.getConnectionMetaData().getRemoteSocketAddress())) {
            LOG.info("403 path=/metrics reason=no metrics token configured and the caller is not on loopback");
            response.setStatus(403);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
            response.write(true, ByteBuffer.wrap(("metrics are served to loopback only; set --metrics-token "
                + "(DXGUARD_METRICS_TOKEN) to scrape over the network\n").getBytes(StandardCharsets.UTF_8)), callback);
            return true;
        }
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, CONTENT_TYPE);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.write(true, ByteBuffer.wrap(metrics.scrape().getBytes(StandardCharsets.UTF_8)), callback);
        return true;
    }

    static boolean loopback(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            InetAddress a = inet.getAddress();
            return a != null && a.isLoopbackAddress();
        }
        return false;
    }
}
