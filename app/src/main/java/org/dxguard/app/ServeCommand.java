package org.dxguard.app;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.dxguard.model.DxGuardException;
import org.dxguard.service.DxGuardServer;
import org.dxguard.service.ServiceConfig;
import org.dxguard.service.cdshooks.ServiceErrors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code dxguard serve}: starts the CDS Hooks service and blocks until stopped (Ctrl-C / SIGTERM). */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "Start the CDS Hooks service (embedded defaults; all state under --data-dir).")
public final class ServeCommand implements Callable<Integer> {
    @Option(names = "--port", defaultValue = "${env:DXGUARD_PORT:-8080}",
        description = "TCP port (env DXGUARD_PORT, default ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", defaultValue = "${env:DXGUARD_HOST}",
        description = "Address to bind (env DXGUARD_HOST). Default: 127.0.0.1 while only the development sandbox "
            + "is trusted, else 0.0.0.0.")
    String host;

    @Option(names = "--data-dir", defaultValue = "${env:DXGUARD_DATA_DIR}",
        description = "Directory for all state: feedback, audit log, graph store, caches (env DXGUARD_DATA_DIR; "
            + "default $XDG_DATA_HOME/dxguard or ~/.local/share/dxguard).")
    Path dataDir;

    @Option(names = "--trusted-ehrs", defaultValue = "${env:DXGUARD_TRUSTED_EHRS}",
        description = "JSON file of trusted EHR issuers and their keys (env DXGUARD_TRUSTED_EHRS). Without it only "
            + "the public HL7 CDS Hooks sandbox is trusted (development only).")
    Path trustedEhrs;

    @Option(names = "--public-url", defaultValue = "${env:DXGUARD_PUBLIC_URL}",
        description = "Base URL EHRs use to reach this service, when behind a proxy; token audiences are checked "
            + "against it (env DXGUARD_PUBLIC_URL).")
    URI publicUrl;

    @Option(names = "--guidelines", defaultValue = "${env:DXGUARD_GUIDELINES}",
        description = "Directory of guideline packages to load and watch (env DXGUARD_GUIDELINES; default: the "
            + "packaged guidelines).")
    Path guidelines;

    @Option(names = "--max-body-bytes", defaultValue = "${env:DXGUARD_MAX_BODY_BYTES:-16777216}",
        description = "Largest accepted request body (env DXGUARD_MAX_BODY_BYTES, default ${DEFAULT-VALUE}).")
    long maxBodyBytes;

    @Option(names = "--cors-origins", defaultValue = "${env:DXGUARD_CORS_ORIGINS}",
        description = "Comma-separated browser origins allowed, or * (env DXGUARD_CORS_ORIGINS). Default: * with the "
            + "development trust; none once --trusted-ehrs is given (production).")
    String corsOrigins;

    @Option(names = "--allow-insecure-fhir", defaultValue = "${env:DXGUARD_ALLOW_INSECURE_FHIR:-false}",
        description = "Accept a plain http:// fhirServer that is not on loopback (env DXGUARD_ALLOW_INSECURE_FHIR; "
            + "test systems only). Default: such calls are refused with 400.")
    boolean allowInsecureFhir;

    @Option(names = "--explanation-link-ttl", defaultValue = "${env:DXGUARD_EXPLANATION_LINK_TTL:-24h}",
        description = "How long a card's link to its explanation page stays valid, e.g. 24h, 90m "
            + "(env DXGUARD_EXPLANATION_LINK_TTL, default ${DEFAULT-VALUE}); an expired link answers 410.")
    String explanationLinkTtl;

    @Option(names = "--card-repeat-window", defaultValue = "${env:DXGUARD_CARD_REPEAT_WINDOW:-24h}",
        description = "How long the same medication-safety card (same patient, rule and facts) is not shown again, "
            + "e.g. 24h, 8h; 0s turns the memory off (env DXGUARD_CARD_REPEAT_WINDOW, default ${DEFAULT-VALUE}). "
            + "A card whose facts changed is always shown.")
    String cardRepeatWindow;

    @Option(names = "--fhir-timeout", defaultValue = "${env:DXGUARD_FHIR_TIMEOUT:-3s}",
        description = "Timeout per FHIR request when fetching missing prefetch, e.g. 3s, 500ms "
            + "(env DXGUARD_FHIR_TIMEOUT, default ${DEFAULT-VALUE}).")
    String fhirTimeout;

    @Option(names = "--audit-fsync", defaultValue = "${env:DXGUARD_AUDIT_FSYNC:-true}", arity = "1",
        description = "Force each decision record to disk before answering (env DXGUARD_AUDIT_FSYNC, default "
            + "${DEFAULT-VALUE}). false: written to the OS before answering (survives kill -9, not power loss), "
            + "forced within 200 ms.")
    boolean auditFsync;

    @Option(names = "--metrics-token", defaultValue = "${env:DXGUARD_METRICS_TOKEN}",
        description = "Bearer token Prometheus must send to GET /metrics (env DXGUARD_METRICS_TOKEN). Without it "
            + "/metrics answers loopback callers only.")
    String metricsToken;

    @Option(names = "--llm-budget", defaultValue = "${env:DXGUARD_LLM_BUDGET:-400ms}",
        description = "How long a differential call waits for the model's explanation, e.g. 400ms, 2s "
            + "(env DXGUARD_LLM_BUDGET, default ${DEFAULT-VALUE}). A later explanation is finished in the background, "
            + "vetoed, recorded and linked from the card.")
    String llmBudget;

    @Option(names = "--max-concurrent-calls", defaultValue = "${env:DXGUARD_MAX_CONCURRENT_CALLS}",
        paramLabel = "N", description = "Hook calls that decide at once (env DXGUARD_MAX_CONCURRENT_CALLS; default two "
            + "per core, at least 4; 0: no limit). A call that finds them all busy waits (see --max-queued-calls, "
            + "--max-queue-wait) or is answered 503 with Retry-After at once: overload is shed, not queued.")
    Integer maxConcurrentCalls;

    @Option(names = "--max-queued-calls", defaultValue = "${env:DXGUARD_MAX_QUEUED_CALLS}", paramLabel = "N",
        description = "Hook calls that may wait for a free slot at once; more are answered 503 at once "
            + "(env DXGUARD_MAX_QUEUED_CALLS; default 4 per slot).")
    Integer maxQueuedCalls;

    @Option(names = "--max-queue-wait", defaultValue = "${env:DXGUARD_MAX_QUEUE_WAIT:-200ms}",
        description = "Longest wait for a free slot, 0 to 1s (env DXGUARD_MAX_QUEUE_WAIT, default ${DEFAULT-VALUE}); "
            + "past it the call is answered 503 with Retry-After.")
    String maxQueueWait;

    @Option(names = "--warm-up", defaultValue = "${env:DXGUARD_WARM_UP:-10s}",
        description = "Synthetic warm-up from packaged fixtures before /health/ready turns green, e.g. 10s, 30s, 0 "
            + "for none (env DXGUARD_WARM_UP, default ${DEFAULT-VALUE}); calls are answered meanwhile.")
    String warmUp;

    @Option(names = "--no-graph", description = "Do not start the knowledge graph (no differential card). The graph "
        + "is an embedded Neo4j under --data-dir/graph unless DXGUARD_NEO4J_URI names a server or cluster.")
    boolean noGraph;

    @Option(names = "--no-console", description = "Do not serve the web console under /console.")
    boolean noConsole;

    @Option(names = "--safety-suites", defaultValue = "${env:DXGUARD_SAFETY_SUITES}", paramLabel = "DIR",
        description = "Safety suites whose veto report the console shows (env DXGUARD_SAFETY_SUITES; default: the "
            + "packaged starter suites).")
    Path safetySuites;

    @Option(names = "--smart-clients", defaultValue = "${env:DXGUARD_SMART_CLIENTS}", paramLabel = "FILE",
        description = "EHRs whose FHIR servers may launch the SMART app (JSON; env DXGUARD_SMART_CLIENTS). Without it "
            + "the app cannot be launched and cards carry no smart link.")
    Path smartClients;

    @Override
    public Integer call() throws Exception {
        ServiceConfig config = ServiceConfig.builder()
            .host(host == null || host.isBlank() ? null : host)
            .port(port)
            .dataDir(dataDir == null ? ServiceConfig.defaultDataDir() : dataDir)
            .trustedEhrsFile(trustedEhrs)
            .publicUrl(publicUrl)
            .guidelinesDir(guidelines)
            .maxBodyBytes(maxBodyBytes)
            .corsOrigins(corsOrigins == null ? null : split(corsOrigins))
            .allowInsecureFhir(allowInsecureFhir)
            .explanationLinkTtl(parseDuration(explanationLinkTtl, "--explanation-link-ttl"))
            .fhirTimeout(parseDuration(fhirTimeout, "--fhir-timeout"))
            .auditFsync(auditFsync)
            .graphEnabled(!noGraph)
            .consoleEnabled(!noConsole)
            .safetySuitesDir(safetySuites)
            .smartClientsFile(smartClients)
            .metricsToken(metricsToken)
            .llmBudget(parseDuration(llmBudget, "--llm-budget"))
            .environment(AppEnvironment.variables())
            .cardPolicy(new org.dxguard.service.hooks.CardPolicy(
                parseDuration(cardRepeatWindow, "--card-repeat-window"), true))
            .capacity(capacity())
            .build();
        DxGuardServer server = DxGuardServer.start(config);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "dxguard-shutdown"));
        server.join();
        return 0;
    }

    /** Admission and warm-up from the flags, each unset one at its default. */
    ServiceConfig.Capacity capacity() {
        int slots = maxConcurrentCalls != null ? maxConcurrentCalls
            : ServiceConfig.Capacity.defaultMaxConcurrentCalls();
        int queued = maxQueuedCalls != null ? maxQueuedCalls : 4 * slots;
        return new ServiceConfig.Capacity(slots, queued, durationOrZero(maxQueueWait, "--max-queue-wait"),
            durationOrZero(warmUp, "--warm-up"));
    }

    private static Duration durationOrZero(String text, String option) {
        return text.strip().equals("0") ? Duration.ZERO : parseDuration(text, option);
    }

    /** Parses {@code 3s}, {@code 500ms}, {@code 2m}, {@code 24h}, {@code 1d} or ISO-8601 {@code PT3S}. */
    static Duration parseDuration(String text, String option) {
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        try {
            if (t.startsWith("pt")) {
                return Duration.parse(text.trim().toUpperCase(java.util.Locale.ROOT));
            }
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            }
            if (t.endsWith("s")) {
                return Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)));
            }
            if (t.endsWith("m")) {
                return Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1)));
            }
            if (t.endsWith("h")) {
                return Duration.ofHours(Long.parseLong(t.substring(0, t.length() - 1)));
            }
            if (t.endsWith("d")) {
                return Duration.ofDays(Long.parseLong(t.substring(0, t.length() - 1)));
            }
        } catch (RuntimeException e) {
            // fall through to the error below
        }
        throw new DxGuardException(ServiceErrors.INVALID_CONFIG, option + " must be a duration like 3s, 500ms, 24h "
            + "or PT3S, was '" + text + "'");
    }

    static List<String> split(String csv) {
        return Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }
}
