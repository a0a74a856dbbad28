package org.dxguard.service.observability;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.MDC;

/**
 * Wraps the service's handler: gives every request a {@link TraceContext} (MDC, response headers
 * {@code X-Request-Id} and {@code traceparent}), binds the server's {@link ServiceMetrics} to the request thread
 * for the stages timed below, and records the exchange's latency by endpoint and status. The wrapped handler
 * answers synchronously on this thread (it reads the body and decides before returning).
 */
public final class ObservedHandler extends Handler.Wrapper {
    private final ServiceMetrics metrics;

    public ObservedHandler(ServiceMetrics metrics, Handler handler) {
        super(handler);
        this.metrics = metrics;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        long start = System.nanoTime();
        TraceContext trace = TraceContext.from(request.getHeaders().get(TraceContext.TRACEPARENT),
            request.getHeaders().get(TraceContext.REQUEST_ID));
        response.getHeaders().put(TraceContext.REQUEST_ID, trace.traceId());
        String traceparent = trace.responseTraceparent();
        if (traceparent != null) {
            response.getHeaders().put(TraceContext.TRACEPARENT, traceparent);
        }
        MDC.put(TraceContext.MDC_KEY, trace.traceId());
        ServiceMetrics previous = metrics.bind(start);
        try {
            return super.handle(request, response, callback);
        } finally {
            metrics.request(Request.getPathInContext(request), response.getStatus(), System.nanoTime() - start);
            ServiceMetrics.restore(previous);
            MDC.remove(TraceContext.MDC_KEY);
        }
    }
}
