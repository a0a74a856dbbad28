package org.dxguard.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import org.dxguard.bench.internal.HookStats;
import org.dxguard.bench.internal.LoadEngine;
import org.dxguard.bench.internal.Schedule;
import org.dxguard.bench.internal.TokenPool;
import org.dxguard.bench.synthea.CohortGenerator;
import org.dxguard.bench.synthea.DateShift;
import org.dxguard.bench.synthea.DraftOrders;
import org.dxguard.bench.synthea.Prefetch;
import org.dxguard.bench.synthea.SyntheaRequests;
import org.dxguard.model.DxGuardException;

/**
 * {@code dxguard bench replay}: a seeded, offline Synthea cohort turned into realistic CDS Hooks calls
 * (patient-view; order-select and order-sign of draft orders drawn from each patient's medications and conditions,
 * every call with the prefetch the service's discovery asks for, answered over the patient's record, and its dates
 * moved to today), replayed against a running service after a
 * warm-up, closed-loop from C clients or, with {@code rate(R)}, open-loop at R calls per second on at most C calls in
 * flight (see {@link LoadEngine}); every call carries a fresh single-use token for its exact URL, signed before the
 * timed run (rate × duration × 1.1 in an open loop; twice the warm-up's rate × duration in a closed one; or
 * {@code tokens(N)}).
 *
 * <pre>{@code
 * ReplayBench bench = ReplayBench.builder().target(URI.create("http://localhost:8080/cds-services"))
 *     .patients(50).concurrency(16).duration(Duration.ofSeconds(30)).hooks(EnumSet.allOf(Hook.class))
 *     .signer(aud -> signer.sign(aud, null, null, Duration.ofSeconds(280))).algorithm("ES384").build();
 * BenchResult result = bench.run(bench.plan());
 * }</pre>
 */
public final class ReplayBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Seconds of tokens signed ahead of a run (a token lives 280 s). */
    private static final double TOKEN_SECONDS = 200;
    /** The most tokens signed ahead per audience. */
    private static final long MAX_TOKENS = 400_000;

    /** The hooks dxguard serves, with their service ids. */
    public enum Hook {
        PATIENT_VIEW("patient-view", "dxguard-differential"),
        ORDER_SELECT("order-select", "dxguard-medication-select"),
        ORDER_SIGN("order-sign", "dxguard-medication-sign");

        private final String id;
        private final String serviceId;

        Hook(String id, String serviceId) {
            this.id = id;
            this.serviceId = serviceId;
        }

        public String id() {
            return id;
        }

        public String serviceId() {
            return serviceId;
        }

        /** {@code patient-view}, {@code order-select}, {@code order-sign}, or {@code all}. */
        public static Set<Hook> parse(String text) {
            if (text.equals("all")) {
                return EnumSet.allOf(Hook.class);
            }
            for (Hook h : values()) {
                if (h.id.equals(text)) {
                    return EnumSet.of(h);
                }
            }
            throw new DxGuardException(BenchErrors.BAD_OPTIONS, "unknown hook '" + text
                + "': use patient-view, order-select, order-sign or all");
        }
    }

    /**
     * The calls of a run, in their seeded order: {@code callsByHook} distinct calls per hook, {@code draftKinds} the
     * draft orders by kind (see {@link DraftOrders}). The request bodies are written when the run starts, with the
     * prefetch the service's discovery asks for.
     */
    public record Plan(List<Planned> calls, int patients, Map<String, Integer> callsByHook,
                       Map<String, Integer> draftKinds) {
        public Plan {
            calls = List.copyOf(calls);
            callsByHook = Map.copyOf(callsByHook);
            draftKinds = Map.copyOf(draftKinds);
        }
    }

    /** One call of a plan: a patient-view ({@code draft} null), or an order call for one draft order. */
    public record Planned(Hook hook, SyntheaRequests patient, ObjectNode draft) {
        public Planned {
            Objects.requireNonNull(hook, "hook");
            Objects.requireNonNull(patient, "patient");
        }

        /** The request body with {@link #PLACEHOLDER_INSTANCE} as its hookInstance. */
        public String body(Prefetch prefetch) {
            return (hook == Hook.PATIENT_VIEW ? patient.patientViewCall(PLACEHOLDER_INSTANCE, prefetch)
                : patient.orderCall(hook.id(), draft, PLACEHOLDER_INSTANCE, prefetch)).toString();
        }
    }

    /** The hookInstance in a planned body, replaced by a fresh one in every request. */
    public static final String PLACEHOLDER_INSTANCE = LoadEngine.PLACEHOLDER_INSTANCE;

    private final URI base;
    private final Set<Hook> hooks;
    private final int patients;
    private final long seed;
    private final Path cohortDir;
    private final CohortGenerator.Notes notes;
    private final int concurrency;
    private final Duration duration;
    private final Duration warmup;
    private final double rate;
    private final long tokensForRun;
    private final Function<String, String> signer;
    private final String algorithm;
    private final Consumer<String> progress;
    private final String label;

    private ReplayBench(Builder b) {
        this.base = baseUrl(Objects.requireNonNull(b.target, "target is required"));
        this.hooks = b.hooks.isEmpty() ? EnumSet.allOf(Hook.class) : EnumSet.copyOf(b.hooks);
        if (b.patients < 1) {
            throw new DxGuardException(BenchErrors.BAD_OPTIONS, "--cohort must be at least 1, was " + b.patients);
        }
        if (b.concurrency < 1 || b.concurrency > 4096) {
            throw new DxGuardException(BenchErrors.BAD_OPTIONS, "--concurrency must be 1..4096, was "
                + b.concurrency);
        }
        if (b.duration.isNegative() || b.duration.isZero() || b.warmup.isNegative()) {
            throw new DxGuardException(BenchErrors.BAD_OPTIONS, "--duration must be positive and --warmup >= 0");
        }
        this.patients = b.patients;
        this.seed = b.seed;
        this.cohortDir = b.cohortDir != null ? b.cohortDir
            : Path.of(System.getProperty("java.io.tmpdir"), "dxguard-bench", "synthea");
        this.notes = b.notes ? CohortGenerator.Notes.WITH_NOTES : CohortGenerator.Notes.WITHOUT_NOTES;
        this.concurrency = b.concurrency;
        this.duration = b.duration;
        this.warmup = b.warmup;
        if (b.rate < 0 || Double.isNaN(b.rate) || Double.isInfinite(b.rate)) {
            throw new DxGuardException(BenchErrors.BAD_OPTIONS, "--rate must be a positive number of calls per "
                + "second (or left out for a closed loop), was " + b.rate);
        }
        if (b.tokens < 0) {
            throw new DxGuardException(BenchErrors.BAD_OPTIONS, "--tokens must be positive, was " + b.tokens);
        }
        this.rate = b.rate;
        this.tokensForRun = b.tokens;
        this.signer = Objects.requireNonNull(b.signer, "signer is required");
        this.algorithm = b.algorithm;
        this.progress = b.progress;
        this.label = b.label;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@code http://host:port} or {@code http://host:port/cds-services} → the latter. */
    static URI baseUrl(URI target) {
        String s = target.toString();
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return URI.create(s.endsWith("/cds-services") ? s : s + "/cds-services");
    }

    public URI url(Hook hook) {
        return URI.create(base + "/" + hook.serviceId());
    }

    /** Generates (or reuses) the cohort and builds the calls, in a seeded order. */
    public Plan plan() {
        progress.accept("cohort: " + patients + " Synthea patients, seed " + seed
            + (notes == CohortGenerator.Notes.WITH_NOTES ? ", with clinical notes" : "") + ", cached under "
            + cohortDir + " (first generation takes a while)");
        List<Path> bundles;
        try {
            bundles = CohortGenerator.cohort(cohortDir, patients, seed, notes);
        } catch (RuntimeException e) {
            throw new DxGuardException(BenchErrors.COHORT, "cannot generate the Synthea cohort under " + cohortDir
                + ": " + e.getMessage(), e);
        } catch (NoClassDefFoundError e) {
            throw new DxGuardException(BenchErrors.NO_SYNTHEA, "cannot generate the Synthea cohort: this "
                + "installation has the Synthea jar without its libraries (" + e.getMessage() + " is missing)", e);
        }
        long shift = DateShift.daysToToday();
        Random random = new Random(seed);
        List<Planned> calls = new ArrayList<>();
        Map<String, Integer> byHook = new LinkedHashMap<>();
        Map<String, Integer> kinds = new java.util.TreeMap<>();
        int notesInCohort = 0;
        for (Path file : bundles) {
            SyntheaRequests p;
            try {
                p = notes == CohortGenerator.Notes.WITH_NOTES ? SyntheaRequests.atLatestNote(file)
                    : SyntheaRequests.from(file, shift);
            } catch (IOException | RuntimeException e) {
                throw new DxGuardException(BenchErrors.COHORT, "cannot read " + file + ": " + e.getMessage(), e);
            }
            notesInCohort += p.notes();
            if (hooks.contains(Hook.PATIENT_VIEW)) {
                add(calls, byHook, new Planned(Hook.PATIENT_VIEW, p, null));
            }
            for (DraftOrders.Draft d : p.drafts(random)) {
                kinds.merge(d.kind(), 1, Integer::sum);
                for (Hook h : List.of(Hook.ORDER_SELECT, Hook.ORDER_SIGN)) {
                    if (hooks.contains(h)) {
                        add(calls, byHook, new Planned(h, p, d.resource()));
                    }
                }
            }
        }
        if (notes == CohortGenerator.Notes.WITH_NOTES) {
            progress.accept("clinical notes: " + notesInCohort + " in the cohort; each patient is called at the visit "
                + "of their latest note (its date moved to today)");
        }
        Collections.shuffle(calls, new Random(seed));
        return new Plan(calls, bundles.size(), byHook, kinds);
    }

    private static void add(List<Planned> calls, Map<String, Integer> byHook, Planned call) {
        calls.add(call);
        byHook.merge(call.hook().id(), 1, Integer::sum);
    }

    /**
     * The request bodies of a plan, in order, with the prefetch each service asks for ({@code prefetchByService}: by
     * service id, e.g. {@link Prefetch#fromDiscovery}).
     */
    public static List<String> bodies(Plan plan, Map<String, Prefetch> prefetchByService) {
        return plan.calls().stream().map(c -> c.body(prefetchFor(prefetchByService, c.hook()))).toList();
    }

    private static Prefetch prefetchFor(Map<String, Prefetch> prefetchByService, Hook hook) {
        Prefetch p = prefetchByService.get(hook.serviceId());
        if (p == null) {
            throw new DxGuardException(BenchErrors.BAD_TEMPLATE, "the service's discovery has no service '"
                + hook.serviceId() + "' for " + hook.id() + " (it lists " + prefetchByService.keySet() + ")");
        }
        return p;
    }

    /**
     * Checks the service answers discovery with this signer (fails with a message saying what to do), warms it
     * up, signs the tokens the timed run will need, and runs it (open loop at {@code rate} when one was given,
     * closed loop otherwise).
     */
    public BenchResult run(Plan plan) {
        Map<String, Prefetch> prefetch = preflight();
        List<String> bodies = bodies(plan, prefetch);
        List<LoadEngine.Call> calls = new ArrayList<>(bodies.size());
        for (int i = 0; i < bodies.size(); i++) {
            Hook hook = plan.calls().get(i).hook();
            calls.add(LoadEngine.Call.of(hook.id(), url(hook), bodies.get(i)));
        }
        TokenPool tokens = new TokenPool(signer);
        LoadEngine.Pacing pacing = rate > 0 ? LoadEngine.Pacing.fixedRate(rate) : LoadEngine.Pacing.closedLoop();
        LoadEngine engine = new LoadEngine(concurrency, pacing, tokens, true, Duration.ofSeconds(30));
        String loadBefore = loadAverage();
        // the warm-up starts half-way through the sequence; the timed run always starts at its beginning
        int warmFirst = calls.size() / 2;
        double warmRate = warmUp(engine, tokens, calls, warmFirst);
        // Tokens for the timed run, signed now (outside the measured window); a token lives 280 s, so at most
        // 200 s worth. Any shortfall is signed during the run, reported, and warned about.
        double usable = Math.min(duration.toMillis() / 1000.0, TOKEN_SECONDS);
        if (duration.toMillis() / 1000.0 > TOKEN_SECONDS && tokensForRun == 0) {
            progress.accept("WARNING: tokens live 280 s, so only " + (int) TOKEN_SECONDS + " s of the "
                + duration.toSeconds() + " s run are pre-signed; the rest will be signed during the run");
        }
        long n;
        String rule;
        if (tokensForRun > 0) {
            n = tokensForRun;
            rule = "--tokens";
        } else if (pacing.open()) {
            n = Schedule.tokensFor(rate, usable, concurrency);
            rule = "rate x duration x 1.1 + concurrency";
        } else {
            n = Math.min(MAX_TOKENS, (long) Math.ceil(warmRate * usable * 2) + 100L + 2L * concurrency);
            rule = String.format(java.util.Locale.ROOT, "2 x the warm-up's %.1f calls/s x duration", warmRate);
        }
        long t0 = System.nanoTime();
        long presigned = presign(tokens, calls, 0, n);
        progress.accept(String.format(java.util.Locale.ROOT, "signed %d tokens in %.1f s (%s); timed run: %d s%s",
            presigned, (System.nanoTime() - t0) / 1e9, rule, duration.toSeconds(),
            pacing.open() ? " at " + rate + " calls/s, at most " + concurrency + " in flight" : ""));
        String startedAt = Instant.now().toString();
        LoadEngine.Run run = engine.run(calls, LoadEngine.Stop.at(duration));
        String loadAfter = loadAverage();
        List<BenchResult.HookResult> results = new ArrayList<>();
        HookStats all = new HookStats("all");
        for (Hook h : hooks) {
            run.byHook().stream().filter(s -> s.hook().equals(h.id())).findFirst().ifPresent(s -> {
                results.add(BenchResult.HookResult.of(s, run.seconds()));
                all.merge(s);
            });
        }
        if (results.size() > 1) {
            results.add(BenchResult.HookResult.of(all, run.seconds()));
        }
        return new BenchResult("dxguard bench replay", label, startedAt, base.toString(), concurrency,
            warmup.toMillis() / 1000.0, run.seconds(), plan.patients(), seed, plan.calls().size(), algorithm,
            Runtime.getRuntime().availableProcessors(), loadBefore, loadAfter, run.tokensSignedInline(), results,
            pacing.mode(), pacing.ratePerSecond(), run.achievedRate(), run.lateStarts(), run.maxStartDelayMs(),
            run.dropped(), presigned);
    }

    /**
     * The warm-up, on pre-signed tokens so that it runs at the speed the timed run will: in an open loop
     * rate × warm-up × 1.1 of them; in a closed loop a short calibration (2 s at most, tokens signed as needed)
     * gives a first rate, and the rest of the warm-up gets 3 × that rate's worth. Returns the calls per second
     * of the (last part of the) warm-up, or 0.
     */
    private double warmUp(LoadEngine engine, TokenPool tokens, List<LoadEngine.Call> calls, int first) {
        double seconds = warmup.toMillis() / 1000.0;
        if (rate > 0) {
            if (seconds > 0) {
                presign(tokens, calls, first, Schedule.tokensFor(rate, Math.min(seconds, TOKEN_SECONDS),
                    concurrency));
                progress.accept("warm-up: " + warmup.toSeconds() + " s at " + rate + " calls/s, at most "
                    + concurrency + " in flight");
                engine.run(calls, LoadEngine.Stop.at(warmup), first);
            }
            return rate;
        }
        if (tokensForRun > 0 && seconds == 0) {
            return 0;
        }
        // a closed loop without a warm-up still needs a rate to size the pool: a 1 s calibration
        Duration calibration = seconds == 0 ? Duration.ofSeconds(1)
            : Duration.ofMillis((long) (Math.min(2, seconds / 4) * 1000));
        progress.accept("warm-up: " + (seconds == 0 ? "1 s calibration" : warmup.toSeconds() + " s")
            + " from " + concurrency + " clients");
        LoadEngine.Run c = engine.run(calls, LoadEngine.Stop.at(calibration), first);
        double measured = c.achievedRate();
        Duration rest = warmup.minus(calibration);
        if (rest.isNegative() || rest.isZero()) {
            return measured;
        }
        presign(tokens, calls, first + (int) (c.sent() % calls.size()), (long) Math.min(MAX_TOKENS,
            Math.ceil(measured * 3 * Math.min(rest.toMillis() / 1000.0, TOKEN_SECONDS)) + 100L + 2L * concurrency));
        LoadEngine.Run w = engine.run(calls, LoadEngine.Stop.at(rest), first + (int) (c.sent() % calls.size()));
        // a warm-up that still ran dry was slowed down by its own signing: be generous
        return w.tokensSignedInline() > 0 ? Math.max(measured, w.achievedRate()) * 1.5 : w.achievedRate();
    }

    /** Signs, per audience, the tokens that {@code n} calls of the sequence from {@code first} will draw. */
    private static long presign(TokenPool tokens, List<LoadEngine.Call> calls, int first, long n) {
        long total = 0;
        for (Map.Entry<String, Long> e : LoadEngine.countByAudience(calls, first, n).entrySet()) {
            tokens.presign(e.getKey(), (int) Math.min(MAX_TOKENS, e.getValue()));
            total += Math.min(MAX_TOKENS, e.getValue());
        }
        return total;
    }

    /** Checks the service answers discovery with this signer, and reads the prefetch each service asks for. */
    private Map<String, Prefetch> preflight() {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest req = HttpRequest.newBuilder(base).timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + signer.apply(base.toString())).GET().build();
        HttpResponse<String> response;
        try {
            response = client.send(req, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new DxGuardException(BenchErrors.UNREACHABLE, base + " does not answer: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        int status = response.statusCode();
        if (status == 401) {
            throw new DxGuardException(BenchErrors.UNREACHABLE, base + " refused the bench token (401): the service"
                + " must trust this key; start it with --trusted-ehrs FILE written by --trusted-ehrs-out FILE,"
                + " and sign with the same key (--key-out / --key)");
        }
        if (status != 200) {
            throw new DxGuardException(BenchErrors.UNREACHABLE, base + " answered discovery with HTTP " + status);
        }
        try {
            return Prefetch.fromDiscovery(JSON.readTree(response.body()));
        } catch (IOException e) {
            throw new DxGuardException(BenchErrors.UNREACHABLE, base + " answered discovery with no JSON: "
                + e.getMessage(), e);
        }
    }

    /** The 1/5/15-minute load average from /proc/loadavg, or "n/a". */
    public static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }

    /** Settings, with the defaults of the command line. */
    public static final class Builder {
        private URI target;
        private Set<Hook> hooks = EnumSet.allOf(Hook.class);
        private int patients = 20;
        private long seed = 1;
        private Path cohortDir;
        private boolean notes;
        private int concurrency = 16;
        private Duration duration = Duration.ofSeconds(30);
        private Duration warmup = Duration.ofSeconds(10);
        private double rate;
        private long tokens;
        private Function<String, String> signer;
        private String algorithm = "ES384";
        private Consumer<String> progress = s -> { };
        private String label;

        /** The service, {@code http://host:port} or {@code http://host:port/cds-services}. */
        public Builder target(URI v) { this.target = v; return this; }
        public Builder hooks(Set<Hook> v) { this.hooks = v; return this; }
        public Builder patients(int v) { this.patients = v; return this; }
        public Builder seed(long v) { this.seed = v; return this; }
        /** Where generated cohorts are cached (default: {@code $TMPDIR/dxguard-bench/synthea}). */
        public Builder cohortDir(Path v) { this.cohortDir = v; return this; }
        /**
         * A cohort with Synthea's clinical notes (default false): patient-view calls then carry them in the
         * service's notes prefetch ({@code DocumentReference}); cached apart from the cohorts without notes. Each
         * patient is then called at the visit of their latest note ({@link SyntheaRequests#atLatestNote}), so that
         * the note is the current visit's.
         */
        public Builder notes(boolean v) { this.notes = v; return this; }
        public Builder concurrency(int v) { this.concurrency = v; return this; }
        public Builder duration(Duration v) { this.duration = v; return this; }
        public Builder warmup(Duration v) { this.warmup = v; return this; }
        /**
         * Open loop: calls due at this many per second, at most {@code concurrency} in flight, latency from each
         * call's intended send time. 0 (default): closed loop.
         */
        public Builder rate(double v) { this.rate = v; return this; }
        /** Tokens to pre-sign for the timed run (default 0: from the rate, or the warm-up's rate in a closed loop). */
        public Builder tokens(long v) { this.tokens = v; return this; }
        /** A fresh single-use token (unique jti) for an audience, i.e. the exact URL called. */
        public Builder signer(Function<String, String> v) { this.signer = v; return this; }
        /** The signer's algorithm, for the report. */
        public Builder algorithm(String v) { this.algorithm = v; return this; }
        /** Progress lines for a human (the CLI prints them on stderr). */
        public Builder progress(Consumer<String> v) { this.progress = v; return this; }

        /** A name for this configuration in the results and plots (e.g. "no graph"). */
        public Builder label(String v) { this.label = v; return this; }

        public ReplayBench build() {
            return new ReplayBench(this);
        }
    }
}
