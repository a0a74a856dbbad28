package org.dxguard.bench;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.dxguard.model.DxGuardException;
import org.dxguard.bench.internal.HookStats;

/**
 * The outcome of one {@code bench replay} (or {@code bench call}) run, as printed and as written with
 * {@code --out} (JSON, read back by {@code bench plot}).
 *
 * @param tool               the command that measured it
 * @param label              the user's name for this configuration ({@code --label}, e.g. "no graph"), or null
 * @param startedAt          ISO-8601 start of the timed run
 * @param target             the service's base URL
 * @param concurrency        closed-loop clients, or in an open loop the most calls in flight
 * @param warmupSeconds      untimed warm-up before the run
 * @param durationSeconds    wall time of the timed run
 * @param patients           patients of the cohort (0 for {@code bench call})
 * @param seed               the cohort's seed
 * @param distinctCalls      distinct request templates replayed (cycled)
 * @param algorithm          token signature algorithm (ES384, RS384...)
 * @param cpus               processors of the load generator's machine
 * @param loadAverageBefore  1/5/15-minute load average before the warm-up ("n/a" off Linux)
 * @param loadAverageAfter   the same after the run
 * @param tokensSignedInline tokens signed during the timed run because the pre-signed pool ran dry
 * @param hooks              per hook; with more than one hook, a last entry {@code all} sums them
 * @param mode               {@code closed} (C clients, each sends when its previous answer arrived) or {@code open}
 *                           (calls due at {@code targetRate}/s, latency from each call's intended send time);
 *                           results written before open loops existed read as {@code closed}
 * @param targetRate         the open loop's calls per second (0 in a closed loop)
 * @param achievedRate       calls sent per second during the timed run
 * @param lateStarts         open loop: calls that started after their due time because all C slots were busy
 * @param maxStartDelayMs    open loop: the worst such delay (it is part of those calls' latency)
 * @param dropped            open loop: calls due before the end of the run that never started
 * @param tokensPresigned    tokens signed before the timed run for it
 */
public record BenchResult(String tool, String label, String startedAt, String target, int concurrency,
                          double warmupSeconds,
                          double durationSeconds, int patients, long seed, int distinctCalls, String algorithm,
                          int cpus, String loadAverageBefore, String loadAverageAfter, long tokensSignedInline,
                          List<HookResult> hooks, String mode, double targetRate, double achievedRate,
                          long lateStarts, double maxStartDelayMs, long dropped, long tokensPresigned) {
    private static final ObjectMapper JSON = JsonMapper.builder()
        .enable(SerializationFeature.INDENT_OUTPUT)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    public BenchResult {
        Objects.requireNonNull(tool, "tool");
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1, was " + concurrency);
        }
        hooks = List.copyOf(hooks);
        mode = mode == null ? "closed" : mode;
        if (!mode.equals("closed") && !mode.equals("open")) {
            throw new IllegalArgumentException("mode must be open or closed, was " + mode);
        }
    }

    public boolean openLoop() {
        return mode.equals("open");
    }

    /**
     * One hook's figures. Latencies in milliseconds (in an open loop from each call's intended send time;
     * {@code serviceP50Ms}/{@code serviceP99Ms} from the actual send, equal to the latency in a closed loop);
     * {@code statuses} counts answers by HTTP status ("0": no answer, i.e. connection error or timeout);
     * {@code errors} = every answer but 200; {@code servedP50Ms}/{@code servedP99Ms}/{@code servedMaxMs}: the
     * latency of the calls answered 200 only (with overload shed as 503, the figure for the calls that were served).
     */
    public record HookResult(String hook, long requests, double throughput, double p50Ms, double p95Ms,
                             double p99Ms, double maxMs, double meanMs, Map<String, Long> statuses, long errors,
                             long callsWithCards, Map<String, Long> cardsByIndicator, Map<String, Long> cardsBySource,
                             Map<String, Long> cardsByRule, double serviceP50Ms, double serviceP99Ms,
                             double servedP50Ms, double servedP99Ms, double servedMaxMs) {
        public HookResult {
            Objects.requireNonNull(hook, "hook");
            statuses = Map.copyOf(statuses);
            cardsByIndicator = Map.copyOf(cardsByIndicator);
            cardsBySource = Map.copyOf(cardsBySource);
            cardsByRule = Map.copyOf(cardsByRule);
        }

        public long cards() {
            return cardsByIndicator.values().stream().mapToLong(Long::longValue).sum();
        }

        /** From the load generator's statistics of a run of {@code seconds}. */
        public static HookResult of(HookStats s, double seconds) {
            Map<String, Long> statuses = new LinkedHashMap<>();
            s.statuses().forEach((k, v) -> statuses.put(String.valueOf(k), v));
            long errors = s.statuses().entrySet().stream().filter(e -> e.getKey() != 200)
                .mapToLong(Map.Entry::getValue).sum();
            return new HookResult(s.hook(), s.calls(), seconds > 0 ? s.calls() / seconds : 0, s.percentileMs(50),
                s.percentileMs(95), s.percentileMs(99), s.maxMs(), s.meanMs(), statuses, errors, s.callsWithCards(),
                s.cardsByIndicator(), s.cardsBySource(), s.cardsByRule(), s.servicePercentileMs(50),
                s.servicePercentileMs(99), s.servedPercentileMs(50), s.servedPercentileMs(99),
                s.servedPercentileMs(100));
        }
    }

    /** The figures of {@code hook}, or null. */
    public HookResult hook(String hook) {
        return hooks.stream().filter(h -> h.hook().equals(hook)).findFirst().orElse(null);
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public void write(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, toJson() + "\n");
        } catch (IOException e) {
            throw new DxGuardException(BenchErrors.IO, "cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    public static BenchResult read(Path file) {
        try {
            return JSON.readValue(file.toFile(), BenchResult.class);
        } catch (IOException | IllegalArgumentException | NullPointerException e) {
            throw new DxGuardException(BenchErrors.BAD_RESULT, file + " is not a bench result JSON file: "
                + e.getMessage(), e);
        }
    }

    /** A readable report: a latency table per hook, errors by status, and the card mix. */
    public String table() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%s  %s  clients=%d  run=%.1fs  warm-up=%.0fs  tokens=%s  "
                + "cohort=%d patients (seed %d, %d calls)%n", tool, target, concurrency, durationSeconds,
            warmupSeconds, algorithm, patients, seed, distinctCalls));
        b.append(String.format(Locale.ROOT, "load average before %s, after %s (%d cpus)%s%n", loadAverageBefore,
            loadAverageAfter, cpus, tokensSignedInline > 0 ? "; " + tokensSignedInline
                + " tokens signed during the run (pool ran dry)" : ""));
        if (openLoop()) {
            b.append(String.format(Locale.ROOT, "mode=open target_rate=%.1f/s achieved_rate=%.1f/s late_starts=%d "
                    + "max_start_delay_ms=%.2f dropped=%d (latency from each call's intended send time; at most "
                    + "%d in flight)%n", targetRate, achievedRate, lateStarts, maxStartDelayMs, dropped,
                concurrency));
        } else {
            b.append(String.format(Locale.ROOT, "mode=closed achieved_rate=%.1f/s (%d clients, each sends when its "
                + "previous answer arrived)%n", achievedRate, concurrency));
        }
        b.append(String.format(Locale.ROOT, "%n%-14s %9s %9s %9s %9s %9s %9s %7s%n", "hook", "requests", "req/s",
            "p50 ms", "p95 ms", "p99 ms", "max ms", "errors"));
        for (HookResult h : hooks) {
            b.append(String.format(Locale.ROOT, "%-14s %9d %9.1f %9.2f %9.2f %9.2f %9.2f %7d%n", h.hook(),
                h.requests(), h.throughput(), h.p50Ms(), h.p95Ms(), h.p99Ms(), h.maxMs(), h.errors()));
        }
        if (openLoop()) {
            b.append(String.format(Locale.ROOT, "%nservice time (actual send to answer, without the wait for a slot)%n"));
            for (HookResult h : hooks) {
                b.append(String.format(Locale.ROOT, "  %-14s p50 %.2f ms, p99 %.2f ms%n", h.hook(), h.serviceP50Ms(),
                    h.serviceP99Ms()));
            }
        }
        if (hooks.stream().anyMatch(h -> h.errors() > 0)) {
            b.append(String.format(Locale.ROOT, "%ncalls answered 200 only (the calls that were served)%n"));
            for (HookResult h : hooks) {
                b.append(String.format(Locale.ROOT, "  %-14s p50 %.2f ms, p99 %.2f ms, max %.2f ms%n", h.hook(),
                    h.servedP50Ms(), h.servedP99Ms(), h.servedMaxMs()));
            }
        }
        b.append(String.format(Locale.ROOT, "%nanswers by HTTP status (0 = no answer)%n"));
        for (HookResult h : hooks) {
            b.append(String.format(Locale.ROOT, "  %-14s %s%n", h.hook(), h.statuses()));
        }
        b.append(String.format(Locale.ROOT, "%ncard mix%n"));
        for (HookResult h : hooks) {
            if (h.hook().equals("all")) {
                continue;
            }
            b.append(String.format(Locale.ROOT, "  %-14s %d cards on %d of %d calls; by indicator %s%n", h.hook(),
                h.cards(), h.callsWithCards(), h.requests(), new java.util.TreeMap<>(h.cardsByIndicator())));
            b.append(String.format(Locale.ROOT, "  %-14s by source %s%n", "", new java.util.TreeMap<>(
                h.cardsBySource())));
            List<Map.Entry<String, Long>> rules = new ArrayList<>(h.cardsByRule().entrySet());
            rules.sort(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
            for (Map.Entry<String, Long> r : rules) {
                b.append(String.format(Locale.ROOT, "  %-14s %8d  %s%n", "", r.getValue(), r.getKey()));
            }
        }
        return b.toString();
    }
}
