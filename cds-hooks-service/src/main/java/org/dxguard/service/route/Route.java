package org.dxguard.service.route;

import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * A page or endpoint served beside the CDS Hooks API (explanation pages, health, metrics, console). Routes are
 * tried in order for every path outside {@code /cds-services}, after CORS preflights and {@code /health/live};
 * a route authenticates its own callers. Exceptions it throws become a 500 with a trace id.
 */
public interface Route {

    /** @return true when this route answered (and will complete {@code callback}); false to try the next one */
    boolean handle(String path, Request request, Response response, Callback callback) throws Exception;
}
