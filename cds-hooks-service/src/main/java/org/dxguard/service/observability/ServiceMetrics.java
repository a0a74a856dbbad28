package org.dxguard.service.observability;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.dxguard.service.audit.DecisionRecord;
import org.dxguard.service.cdshooks.FeedbackRequest;
import org.dxguard.service.cdshooks.Indicator;

/**
 * The service's Prometheus metrics (Micrometer). One instance per running server, created with {@link #create};
 * every meter of the hot path is registered up front and found without allocating. Instrumented code reaches the
 * metrics of the request it runs in through {@link #current()}, bound to the request thread by
 * {@link ObservedHandler} (outside a request, e.g. in the command line's safety runner, it records nothing).
 *
 * <p>Meters (Prometheus names):
 * <ul>
 *   <li>{@code dxguard_http_server_requests_seconds{service,hook,status}}: histogram of the whole HTTP exchange;
 *       {@code service} is the CDS service id, {@code discovery}, {@code unknown} (an id not served) or
 *       {@code other} (health, metrics, pages); {@code hook} is the hook, {@code feedback}, {@code discovery} or
 *       {@code none}</li>
 *   <li>{@code dxguard_stage_seconds{stage}}: histogram per {@link Stage}</li>
 *   <li>{@code dxguard_cards_total{service,indicator}}</li>
 *   <li>{@code dxguard_vetoes_total{rule}}: claims of a model explanation vetoed, by veto rule id</li>
 *   <li>{@code dxguard_model_calls_total{outcome}}: {@link ModelOutcome}</li>
 *   <li>{@code dxguard_feedback_total{outcome}} and {@code dxguard_feedback_overrides_total{rule}}: the rule of an
 *       overridden card is known when this replica issued the card in the last 24 h, else {@code unknown}
 *       ({@code dxguard audit stats} is the authoritative count)</li>
 *   <li>{@code dxguard_guideline_reloads_total{outcome="ok|failed"}}</li>
 *   <li>JVM: memory, GC, threads, class loading, CPU, uptime, file descriptors ({@code jvm_*}, {@code process_*},
 *       {@code system_*})</li>
 * </ul>
 */
public final class ServiceMetrics implements AutoCloseable {
    private static final ThreadLocal<ServiceMetrics> CURRENT = new ThreadLocal<>();
    /** When the request this thread serves arrived ({@link System#nanoTime()}); 0 outside a request. */
    private static final ThreadLocal<long[]> ARRIVED = ThreadLocal.withInitial(() -> new long[1]);
    /** Records nothing: a composite registry without children hands out no-op meters. */
    static final ServiceMetrics NOOP = new ServiceMetrics(new CompositeMeterRegistry(), null, List.of());
    private static final int MAX_STATUS = 600;
    private static final String UNKNOWN_RULE = "unknown";

    /** The meters of one endpoint: a timer per HTTP status, registered on first use of that status. */
    private static final class Endpoint {
        private final String service;
        private final String hook;
        private final Timer[] byStatus = new Timer[MAX_STATUS];

        Endpoint(String service, String hook) {
            this.service = service;
            this.hook = hook;
        }
    }

    private final MeterRegistry registry;
    private final PrometheusMeterRegistry prometheus;
    private final Map<String, Endpoint> calls = new HashMap<>();
    private final Map<String, Endpoint> feedbacks = new HashMap<>();
    private final Endpoint discovery;
    private final Endpoint unknown;
    private final Endpoint other;
    private final Timer[] stages = new Timer[Stage.values().length];
    private final Map<String, EnumMap<Indicator, Counter>> cards = new HashMap<>();
    private final Counter[] modelCalls = new Counter[ModelOutcome.values().length];
    private final ConcurrentHashMap<String, Counter> vetoes = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Counter> overrides = new ConcurrentHashMap<>();
    private final Counter feedbackAccepted;
    private final Counter feedbackOverridden;
    private final Counter reloadsOk;
    private final Counter reloadsFailed;
    private final Cache<String, String> cardRules;
    private final Function<String, Counter> newVeto;
    private final ConcurrentHashMap<String, Counter> dataNotes = new ConcurrentHashMap<>();
    private final Function<String, Counter> newDataNote;
    private final Function<String, Counter> newOverride;
    private final JvmGcMetrics gc;

    private ServiceMetrics(MeterRegistry registry, PrometheusMeterRegistry prometheus, List<ServiceId> services) {
        this.registry = registry;
        this.prometheus = prometheus;
        for (ServiceId s : services) {
            calls.put(s.id(), new Endpoint(s.id(), s.hook()));
            feedbacks.put(s.id(), new Endpoint(s.id(), "feedback"));
            EnumMap<Indicator, Counter> byIndicator = new EnumMap<>(Indicator.class);
            for (Indicator i : Indicator.values()) {
                byIndicator.put(i, Counter.builder("dxguard.cards").description("Cards returned")
                    .tag("service", s.id()).tag("indicator", i.wire()).register(registry));
            }
            cards.put(s.id(), byIndicator);
        }
        discovery = new Endpoint("discovery", "discovery");
        unknown = new Endpoint("unknown", "none");
        other = new Endpoint("other", "none");
        for (Endpoint e : calls.values()) {
            timer(e, 200);
        }
        for (Stage s : Stage.values()) {
            stages[s.ordinal()] = Timer.builder("dxguard.stage").description("Time spent per stage of a hook call")
                .tag("stage", s.label()).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(100_000)).maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
        }
        for (ModelOutcome o : ModelOutcome.values()) {
            modelCalls[o.ordinal()] = Counter.builder("dxguard.model.calls")
                .description("Explanation requests by outcome").tag("outcome", o.label()).register(registry);
        }
        feedbackAccepted = Counter.builder("dxguard.feedback").tag("outcome", "accepted").register(registry);
        feedbackOverridden = Counter.builder("dxguard.feedback").tag("outcome", "overridden").register(registry);
        reloadsOk = Counter.builder("dxguard.guideline.reloads").description("Guideline reloads")
            .tag("outcome", "ok").register(registry);
        reloadsFailed = Counter.builder("dxguard.guideline.reloads").description("Guideline reloads")
            .tag("outcome", "failed").register(registry);
        newDataNote = kind -> Counter.builder("dxguard.data.notes")
            .description("What the rules could not use as sent (UNKNOWN_DRUG, UNUSABLE_VALUE, DOSE_UNREAD…), by kind")
            .tag("kind", kind).register(registry);
        newVeto = rule -> Counter.builder("dxguard.vetoes").description("Explanation claims vetoed, by rule")
            .tag("rule", rule).register(registry);
        newOverride = rule -> Counter.builder("dxguard.feedback.overrides")
            .description("Cards overridden by clinicians, by rule").tag("rule", rule).register(registry);
        cardRules = Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(Duration.ofHours(24)).build();
        if (prometheus != null) {
            new ClassLoaderMetrics().bindTo(registry);
            new JvmMemoryMetrics().bindTo(registry);
            gc = new JvmGcMetrics();
            gc.bindTo(registry);
            new JvmThreadMetrics().bindTo(registry);
            new ProcessorMetrics().bindTo(registry);
            new UptimeMetrics().bindTo(registry);
            new FileDescriptorMetrics().bindTo(registry);
        } else {
            gc = null;
        }
    }

    /** A CDS service this server offers: its id and its hook. */
    public record ServiceId(String id, String hook) {}

    /** Metrics for a server offering these services, exposed in the Prometheus text format. */
    public static ServiceMetrics create(List<ServiceId> services) {
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        return new ServiceMetrics(prometheus, prometheus, services);
    }

    /** The metrics of the request this thread serves; a no-op outside a request. */
    public static ServiceMetrics current() {
        ServiceMetrics m = CURRENT.get();
        return m == null ? NOOP : m;
    }

    /**
     * Binds these metrics to the calling thread for a request that arrived at {@code arrivedNanos}; returns what
     * was bound before, for {@link #restore}.
     */
    ServiceMetrics bind(long arrivedNanos) {
        ServiceMetrics previous = CURRENT.get();
        CURRENT.set(this);
        ARRIVED.get()[0] = arrivedNanos;
        return previous;
    }

    /** Records {@code stage} from the arrival of the request this thread serves until now (nothing outside one). */
    public void sinceArrival(Stage stage) {
        long arrived = ARRIVED.get()[0];
        if (arrived != 0) {
            stage(stage, arrived);
        }
    }

    static void restore(ServiceMetrics previous) {
        ARRIVED.get()[0] = 0;
        if (previous == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(previous);
        }
    }

    /** Records a stage that started at {@code startNanos} ({@link System#nanoTime()}) and ends now. */
    public void stage(Stage stage, long startNanos) {
        stages[stage.ordinal()].record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
    }

    /** Records one HTTP exchange on {@code path} (path in context) that ended with {@code status}. */
    void request(String path, int status, long nanos) {
        timer(endpoint(path), status).record(nanos, TimeUnit.NANOSECONDS);
    }

    private Endpoint endpoint(String path) {
        String prefix = "/cds-services";
        if (!path.startsWith(prefix)) {
            return other;
        }
        int n = prefix.length();
        if (path.length() == n || (path.length() == n + 1 && path.charAt(n) == '/')) {
            return discovery;
        }
        if (path.charAt(n) != '/') {
            return other;
        }
        for (Map.Entry<String, Endpoint> e : calls.entrySet()) {
            String id = e.getKey();
            if (path.startsWith(id, n + 1)) {
                int end = n + 1 + id.length();
                if (path.length() == end) {
                    return e.getValue();
                }
                if (path.length() == end + "/feedback".length() && path.startsWith("/feedback", end)) {
                    return feedbacks.get(id);
                }
            }
        }
        return unknown;
    }

    private Timer timer(Endpoint e, int status) {
        int s = status > 0 && status < MAX_STATUS ? status : 0;
        Timer t = e.byStatus[s];
        if (t == null) {
            // a benign race: the registry returns the same timer for the same tags
            t = Timer.builder("dxguard.http.server.requests").description("CDS Hooks HTTP exchanges")
                .tag("service", e.service).tag("hook", e.hook).tag("status", Integer.toString(s))
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry);
            e.byStatus[s] = t;
        }
        return t;
    }

    /** A card returned by a service. */
    public void card(String serviceId, Indicator indicator) {
        EnumMap<Indicator, Counter> byIndicator = cards.get(serviceId);
        if (byIndicator != null) {
            byIndicator.get(indicator).increment();
        }
    }

    /** The cards of a recorded decision; remembers which rule produced each, for override counts. */
    public void decided(DecisionRecord record) {
        if (record.cards() == null) {
            return;
        }
        for (DecisionRecord.CardSummary c : record.cards()) {
            if (c.ruleId() != null && c.uuid() != null) {
                cardRules.put(c.uuid(), c.ruleId());
            }
        }
    }

    /** An explanation claim vetoed by {@code ruleId}. */
    /** Counts the data notes of one call by kind (unknown drugs, unusable values, unread doses…). */
    public void dataNotes(java.util.List<org.dxguard.rules.DataNote> notes) {
        for (org.dxguard.rules.DataNote n : notes) {
            dataNotes.computeIfAbsent(n.kind().name(), newDataNote).increment();
        }
    }

    public void veto(String ruleId) {
        String rule = ruleId == null ? UNKNOWN_RULE : ruleId;
        Counter c = vetoes.get(rule);
        (c != null ? c : vetoes.computeIfAbsent(rule, newVeto)).increment();
    }

    /** How an explanation request ended. */
    public void modelCall(ModelOutcome outcome) {
        modelCalls[outcome.ordinal()].increment();
    }

    /** Feedback that was stored ({@code stored} new entries; a replay of known entries counts nothing). */
    public void feedback(FeedbackRequest request, int stored) {
        if (stored <= 0) {
            return;
        }
        for (FeedbackRequest.Entry e : request.feedback()) {
            if (e.outcome() == FeedbackRequest.Outcome.OVERRIDDEN) {
                feedbackOverridden.increment();
                String rule = cardRules.getIfPresent(e.card());
                String key = rule == null ? UNKNOWN_RULE : rule;
                Counter c = overrides.get(key);
                (c != null ? c : overrides.computeIfAbsent(key, newOverride)).increment();
            } else {
                feedbackAccepted.increment();
            }
        }
    }

    /** A guideline reload that was activated ({@code ok}) or rejected. */
    public void guidelineReload(boolean ok) {
        (ok ? reloadsOk : reloadsFailed).increment();
    }

    /** The registry, to add gauges. */
    public MeterRegistry registry() {
        return registry;
    }

    /** The Prometheus text exposition (format 0.0.4). */
    public String scrape() {
        return prometheus == null ? "" : prometheus.scrape();
    }

    @Override
    public void close() {
        if (gc != null) {
            gc.close();
        }
        registry.close();
    }
}
