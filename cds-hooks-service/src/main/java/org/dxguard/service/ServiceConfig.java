package org.dxguard.service;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.dxguard.model.DxGuardException;
import org.dxguard.service.cdshooks.ServiceErrors;

/**
 * Immutable configuration of a running service. Built by the command line from flags and {@code DXGUARD_*}
 * environment variables (see README "Configuration"), or by tests through {@link #builder()}.
 *
 * @param host            address to bind; {@code null} means 127.0.0.1 while only the development sandbox is
 *                        trusted, 0.0.0.0 otherwise
 * @param port            TCP port; 0 picks a free one (tests)
 * @param dataDir         the one directory holding all state (feedback, audit log, graph store, caches)
 * @param trustedEhrsFile trusted EHR issuers and keys; {@code null} trusts only the HL7 sandbox (development)
 * @param publicUrl       the base URL EHRs call (scheme://host[:port][/prefix]) when behind a proxy; used to check
 *                        the token's {@code aud}. {@code null}: derived from each request's Host header
 * @param guidelinesDir   guideline packages to load and watch; {@code null} uses the packaged defaults
 * @param corsOrigins     origins allowed to call from a browser; {@code ["*"]} allows any, empty allows none;
 *                        {@code null}: {@code *} with the development trust, none with {@code --trusted-ehrs}
 * @param graphEnabled    start the knowledge graph (embedded Neo4j under {@code dataDir/graph}, or
 *                        {@code DXGUARD_NEO4J_URI}); false leaves the differential out
 * @param auditFsync      force each decision record to disk before answering (default); false writes it to the
 *                        operating system before answering (safe against a crash of the service, not a power loss)
 * @param consoleEnabled  serve the read-only web console under {@code /console} (default true)
 * @param safetySuitesDir safety suites whose veto report the console shows; {@code null} uses the packaged starter
 *                        suites
 * @param metricsToken    bearer token a Prometheus scraper must send to {@code /metrics}; {@code null}: metrics are
 *                        served to loopback callers only
 * @param llmBudget       how long a differential call may take before its card goes out (default 400 ms), counted
 *                        from the call's arrival: the wait for the explanation is what is left of it; a later one
 *                        is finished in the background, vetoed, kept and linked from the card
 * @param reasoner        the model server settings; {@code null} reads {@code DXGUARD_LLM_*} from {@code environment}
 * @param explanationLinkTtl how long a card's link to its explanation page stays valid (default 24 h)
 * @param allowInsecureFhir  accept a plain {@code http://} {@code fhirServer} that is not on loopback (test systems
 *                           only; default false: such a call is refused with 400)
 * @param environment     the {@code DXGUARD_*} variables the command line read once ({@code DXGUARD_NEO4J_*} for a
 *                        graph server, {@code DXGUARD_LLM_*} when {@code reasoner} is null); the service itself never
 *                        reads the process environment. Default: none (embedded graph, embedded model)
 * @param cardPolicy      which medication-safety findings interrupt, and the repeat window of the same card
 *                        ({@code --card-repeat-window}, default 24 h)
 * @param smartClientsFile   the EHRs whose FHIR servers may launch the SMART app (JSON, README "SMART on FHIR app");
 *                           null: the app cannot be launched and cards carry no {@code smart} link
 * @param capacity        admission (decision slots, queue, maximum queue wait) and the warm-up before ready;
 *                        {@code null}: {@link Capacity#defaults()}
 */
public record ServiceConfig(String host, int port, Path dataDir, Path trustedEhrsFile, URI publicUrl,
                            Path guidelinesDir, long maxBodyBytes, List<String> corsOrigins, Duration fhirTimeout,
                            Duration clockSkew, boolean auditFsync, boolean graphEnabled, boolean consoleEnabled,
                            Path safetySuitesDir, String metricsToken, Duration llmBudget,
                            org.dxguard.reasoner.ReasonerConfig reasoner, Duration explanationLinkTtl,
                            boolean allowInsecureFhir, java.util.Map<String, String> environment,
                            org.dxguard.service.hooks.CardPolicy cardPolicy, Path smartClientsFile, Capacity capacity) {
    public ServiceConfig {
        environment = environment == null ? java.util.Map.of() : java.util.Map.copyOf(environment);
        cardPolicy = cardPolicy == null ? org.dxguard.service.hooks.CardPolicy.defaults() : cardPolicy;
        capacity = capacity == null ? Capacity.defaults() : capacity;
        if (port < 0 || port > 65535) {
            throw new DxGuardException(ServiceErrors.INVALID_CONFIG, "port must be 0..65535, was " + port);
        }
        Objects.requireNonNull(dataDir, "dataDir");
        if (maxBodyBytes < 1024) {
            throw new DxGuardException(ServiceErrors.INVALID_CONFIG,
                "max body size must be at least 1024 bytes, was " + maxBodyBytes);
        }
        if (publicUrl != null && (publicUrl.getScheme() == null || publicUrl.getHost() == null)) {
            throw new DxGuardException(ServiceErrors.INVALID_CONFIG,
                "public URL must be absolute (https://host[:port]), was " + publicUrl);
        }
        corsOrigins = corsOrigins == null ? null : List.copyOf(corsOrigins);
        fhirTimeout = fhirTimeout == null ? Duration.ofSeconds(3) : fhirTimeout;
        clockSkew = clockSkew == null ? Duration.ofSeconds(60) : clockSkew;
        metricsToken = metricsToken == null || metricsToken.isBlank() ? null : metricsToken.strip();
        llmBudget = llmBudget == null ? DEFAULT_LLM_BUDGET : llmBudget;
        if (llmBudget.isNegative() || llmBudget.isZero() || llmBudget.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new DxGuardException(ServiceErrors.INVALID_CONFIG,
                "the explanation budget must be between 1 ms and 1 min (e.g. 400ms), was " + llmBudget);
        }
        explanationLinkTtl = explanationLinkTtl == null ? DEFAULT_EXPLANATION_LINK_TTL : explanationLinkTtl;
        if (explanationLinkTtl.compareTo(Duration.ofMinutes(1)) < 0 || explanationLinkTtl.compareTo(Duration.ofDays(30)) > 0) {
            throw new DxGuardException(ServiceErrors.INVALID_CONFIG,
                "the explanation link lifetime (--explanation-link-ttl) must be between 1 min and 30 days (e.g. 24h), "
                    + "was " + explanationLinkTtl);
        }
    }

    /**
     * The CORS origins in force: as configured, else {@code *} with the development trust and none in production
     * trust mode ({@code --trusted-ehrs}).
     */
    public List<String> corsOriginsFor(boolean developmentTrust) {
        if (corsOrigins != null) {
            return corsOrigins;
        }
        return developmentTrust ? List.of("*") : List.of();
    }

    /** Keeps the token out of logs and exception messages. */
    @Override
    public String toString() {
        return "ServiceConfig[host=" + host + ", port=" + port + ", dataDir=" + dataDir + ", trustedEhrsFile="
            + trustedEhrsFile + ", publicUrl=" + publicUrl + ", guidelinesDir=" + guidelinesDir + ", maxBodyBytes="
            + maxBodyBytes + ", corsOrigins=" + corsOrigins + ", fhirTimeout=" + fhirTimeout + ", clockSkew="
            + clockSkew + ", auditFsync=" + auditFsync + ", graphEnabled=" + graphEnabled + ", consoleEnabled="
            + consoleEnabled + ", safetySuitesDir=" + safetySuitesDir + ", metricsToken="
            + (metricsToken == null ? "none" : "(set)") + ", llmBudget=" + llmBudget + ", explanationLinkTtl="
            + explanationLinkTtl + ", allowInsecureFhir=" + allowInsecureFhir + ", cardPolicy=" + cardPolicy
            + ", smartClientsFile=" + smartClientsFile + ", capacity=" + capacity + "]";
    }

    /**
     * How much work the instance takes on (README "Overload and warm-up").
     *
     * @param maxConcurrentCalls hook calls deciding at once; 0: no limit (no call is ever shed)
     * @param maxQueuedCalls     hook calls waiting for a slot at once; more are refused at once with 503
     * @param maxQueueWait       longest wait for a slot; past it the call is refused with 503 (0: no waiting)
     * @param warmUp             how long the synthetic warm-up runs before {@code /health/ready} turns green
     *                           (0: none, ready at once)
     */
    public record Capacity(int maxConcurrentCalls, int maxQueuedCalls, Duration maxQueueWait, Duration warmUp) {
        /** The longest queue wait accepted: an EHR waits for a card for a few hundred milliseconds, not more. */
        public static final Duration MAX_QUEUE_WAIT_LIMIT = Duration.ofSeconds(1);
        /** The longest warm-up accepted. */
        public static final Duration MAX_WARM_UP = Duration.ofMinutes(5);

        public Capacity {
            if (maxConcurrentCalls < 0 || maxQueuedCalls < 0) {
                throw new DxGuardException(ServiceErrors.INVALID_CONFIG, "--max-concurrent-calls and "
                    + "--max-queued-calls must be 0 or more, were " + maxConcurrentCalls + " and " + maxQueuedCalls);
            }
            Objects.requireNonNull(maxQueueWait, "maxQueueWait");
            Objects.requireNonNull(warmUp, "warmUp");
            if (maxQueueWait.isNegative() || maxQueueWait.compareTo(MAX_QUEUE_WAIT_LIMIT) > 0) {
                throw new DxGuardException(ServiceErrors.INVALID_CONFIG, "--max-queue-wait must be between 0 and 1s "
                    + "(e.g. 200ms), was " + maxQueueWait);
            }
            if (warmUp.isNegative() || warmUp.compareTo(MAX_WARM_UP) > 0) {
                throw new DxGuardException(ServiceErrors.INVALID_CONFIG, "--warm-up must be between 0 and 5m "
                    + "(e.g. 10s), was " + warmUp);
            }
        }

        /** Two decision slots per core (at least 4), four queued calls per slot, 200 ms queue wait, no warm-up. */
        public static Capacity defaults() {
            int slots = defaultMaxConcurrentCalls();
            return new Capacity(slots, 4 * slots, DEFAULT_MAX_QUEUE_WAIT, Duration.ZERO);
        }

        /** Two per core, at least 4. */
        public static int defaultMaxConcurrentCalls() {
            return Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
        }

        public Capacity withWarmUp(Duration d) {
            return new Capacity(maxConcurrentCalls, maxQueuedCalls, maxQueueWait, d);
        }
    }

    /** How long a hook call may wait for a decision slot unless configured. */
    public static final Duration DEFAULT_MAX_QUEUE_WAIT = Duration.ofMillis(200);

    /** How long a differential call waits for the explanation unless configured. */
    public static final Duration DEFAULT_LLM_BUDGET = Duration.ofMillis(400);

    /** How long a card's explanation link stays valid unless configured. */
    public static final Duration DEFAULT_EXPLANATION_LINK_TTL = Duration.ofHours(24);

    public static Builder builder() {
        return new Builder();
    }

    /** The per-user default data directory: {@code $XDG_DATA_HOME/dxguard} or {@code ~/.local/share/dxguard}. */
    public static Path defaultDataDir() {
        String xdg = System.getenv("XDG_DATA_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg)
            : Path.of(System.getProperty("user.home"), ".local", "share");
        return base.resolve("dxguard");
    }

    /** Builder with the documented defaults. */
    public static final class Builder {
        private String host;
        private int port = 8080;
        private Path dataDir = defaultDataDir();
        private Path trustedEhrsFile;
        private URI publicUrl;
        private Path guidelinesDir;
        private long maxBodyBytes = 16L * 1024 * 1024;
        private List<String> corsOrigins;
        private Duration fhirTimeout = Duration.ofSeconds(3);
        private Duration clockSkew = Duration.ofSeconds(60);
        private boolean auditFsync = true;
        private boolean graphEnabled = true;
        private boolean consoleEnabled = true;
        private Path safetySuitesDir;
        private String metricsToken;
        private Duration llmBudget = DEFAULT_LLM_BUDGET;
        private org.dxguard.reasoner.ReasonerConfig reasoner;
        private Duration explanationLinkTtl = DEFAULT_EXPLANATION_LINK_TTL;
        private boolean allowInsecureFhir;
        private java.util.Map<String, String> environment = java.util.Map.of();
        private org.dxguard.service.hooks.CardPolicy cardPolicy;
        private Path smartClientsFile;
        private Capacity capacity;

        private Builder() {}

        public Builder host(String v) { this.host = v; return this; }
        public Builder port(int v) { this.port = v; return this; }
        public Builder dataDir(Path v) { this.dataDir = v; return this; }
        public Builder trustedEhrsFile(Path v) { this.trustedEhrsFile = v; return this; }
        public Builder publicUrl(URI v) { this.publicUrl = v; return this; }
        public Builder guidelinesDir(Path v) { this.guidelinesDir = v; return this; }
        public Builder maxBodyBytes(long v) { this.maxBodyBytes = v; return this; }
        public Builder corsOrigins(List<String> v) { this.corsOrigins = v; return this; }
        public Builder fhirTimeout(Duration v) { this.fhirTimeout = v; return this; }
        public Builder clockSkew(Duration v) { this.clockSkew = v; return this; }
        public Builder auditFsync(boolean v) { this.auditFsync = v; return this; }
        public Builder graphEnabled(boolean v) { this.graphEnabled = v; return this; }
        public Builder consoleEnabled(boolean v) { this.consoleEnabled = v; return this; }
        public Builder safetySuitesDir(Path v) { this.safetySuitesDir = v; return this; }
        public Builder metricsToken(String v) { this.metricsToken = v; return this; }
        public Builder llmBudget(Duration v) { this.llmBudget = v; return this; }
        /** The model server settings (tests); null = {@code DXGUARD_LLM_*} from {@link #environment}. */
        public Builder reasoner(org.dxguard.reasoner.ReasonerConfig v) { this.reasoner = v; return this; }
        public Builder explanationLinkTtl(Duration v) { this.explanationLinkTtl = v; return this; }
        public Builder allowInsecureFhir(boolean v) { this.allowInsecureFhir = v; return this; }
        /** The {@code DXGUARD_*} variables read once by the command line (default: none). */
        public Builder environment(java.util.Map<String, String> v) { this.environment = v; return this; }
        public Builder cardPolicy(org.dxguard.service.hooks.CardPolicy v) { this.cardPolicy = v; return this; }
        public Builder smartClientsFile(Path v) { this.smartClientsFile = v; return this; }
        /** Admission and warm-up; null = {@link Capacity#defaults()} (no warm-up: the command line's is 10 s). */
        public Builder capacity(Capacity v) { this.capacity = v; return this; }

        public ServiceConfig build() {
            return new ServiceConfig(host, port, dataDir, trustedEhrsFile, publicUrl, guidelinesDir, maxBodyBytes,
                corsOrigins, fhirTimeout, clockSkew, auditFsync, graphEnabled, consoleEnabled, safetySuitesDir,
                metricsToken, llmBudget, reasoner, explanationLinkTtl, allowInsecureFhir, environment, cardPolicy,
                smartClientsFile, capacity);
        }
    }
}
