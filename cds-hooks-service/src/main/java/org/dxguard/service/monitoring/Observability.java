package org.dxguard.service.monitoring;

import io.micrometer.core.instrument.Gauge;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.dxguard.guidelines.GuidelineRepository;
import org.dxguard.reasoner.Explainer;
import org.dxguard.service.audit.DecisionLog;
import org.dxguard.service.cdshooks.CdsJson;
import org.dxguard.service.hooks.CdsService;
import org.dxguard.service.hooks.GraphHolder;
import org.dxguard.service.observability.ObservedHandler;
import org.dxguard.service.observability.ServiceMetrics;
import org.dxguard.service.route.Route;
import org.dxguard.service.warmup.WarmUp;
import org.eclipse.jetty.server.Handler;

/**
 * Entry point of this package: the metrics, readiness, reload counting and request tracing of one running server.
 * {@code DxGuardServer} starts it, adds {@link #routes()} ({@code /health/ready}, {@code /metrics}) and wraps its
 * handler with {@link #wrap(Handler)}; closing it stops the background threads.
 */
public final class Observability implements AutoCloseable {
    /** How long a readiness report (and a graph check) is reused. */
    public static final Duration READINESS_CACHE = Duration.ofSeconds(1);

    private final ServiceMetrics metrics;
    private final Readiness readiness;
    private final AutoCloseable reloads;
    private final List<Route> routes;

    private Observability(ServiceMetrics metrics, Readiness readiness, AutoCloseable reloads, List<Route> routes) {
        this.metrics = metrics;
        this.readiness = readiness;
        this.reloads = reloads;
        this.routes = routes;
    }

    /**
     * @param metricsTokenOrNull bearer token for {@code /metrics}; null serves loopback callers only
     */
    public static Observability start(List<CdsService> services, GuidelineRepository guidelines, GraphHolder graph,
                                      Explainer explainer, DecisionLog decisions, Path dataDir, CdsJson json,
                                      String metricsTokenOrNull) {
        return start(services, guidelines, graph, explainer, decisions, dataDir, json, metricsTokenOrNull,
            WarmUp.off());
    }

    /**
     * @param warmUp the warm-up before ready (readiness component {@code warmUp}, gauges {@code dxguard_warmup_*})
     */
    public static Observability start(List<CdsService> services, GuidelineRepository guidelines, GraphHolder graph,
                                      Explainer explainer, DecisionLog decisions, Path dataDir, CdsJson json,
                                      String metricsTokenOrNull, WarmUp warmUp) {
        ServiceMetrics metrics = ServiceMetrics.create(services.stream()
            .map(s -> new ServiceMetrics.ServiceId(s.id(), s.descriptor().hook())).toList());
        Readiness readiness = new Readiness(guidelines, graph, explainer, decisions, dataDir, warmUp,
            READINESS_CACHE);
        warmUp.register(metrics.registry());
        Gauge.builder("dxguard.ready", readiness, r -> r.report().ready() ? 1 : 0)
            .description("1 when this instance can serve medication safety (GET /health/ready answers 200)")
            .register(metrics.registry());
        List<String> components = warmUp.state() == WarmUp.State.OFF
            ? List.of("rules", "graph", "model", "audit", "dataDir")
            : List.of("rules", "graph", "model", "audit", "dataDir", Readiness.WARM_UP);
        for (String component : components) {
            Gauge.builder("dxguard.component.up", readiness, r -> {
                String s = r.report().components().get(component).status();
                return s.equals(Readiness.UP) || s.equals(Readiness.DISABLED) ? 1 : 0;
            }).description("1 when the component is up (or configured off), 0 when degraded or down")
                .tag("component", component).register(metrics.registry());
        }
        AutoCloseable reloads = guidelines.onReload(metrics::guidelineReload);
        return new Observability(metrics, readiness, reloads,
            List.of(new ReadinessRoute(readiness, json), new MetricsRoute(metrics, metricsTokenOrNull)));
    }

    /** {@code /health/ready} and {@code /metrics}. */
    public List<Route> routes() {
        return routes;
    }

    /** The handler with trace ids, request metrics and the metrics bound to each request thread. */
    public Handler wrap(Handler handler) {
        return new ObservedHandler(metrics, handler);
    }

    public ServiceMetrics metrics() {
        return metrics;
    }

    public Readiness readiness() {
        return readiness;
    }

    @Override
    public void close() {
        try {
            reloads.close();
        } catch (Exception e) {
            throw new IllegalStateException(e); // unregistering a listener cannot fail
        }
        readiness.close();
        metrics.close();
    }
}
