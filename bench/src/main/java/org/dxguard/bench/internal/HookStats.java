package org.dxguard.bench.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;

/**
 * What the load generator saw for one hook: latencies (an HdrHistogram in microseconds, 3 significant digits; in
 * an open-loop run measured from each call's intended send time, with the service time from the actual send kept
 * apart),  * answers by HTTP status (0 = no answer: connection error or timeout), and the cards returned, by indicator and by
 * rule (the {@code Rule `ID`} line of a rule card's detail) or, for cards without a rule, by source label.
 * One instance per client thread; merged after the run. Not thread-safe.
 */
public final class HookStats {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern RULE_ID = Pattern.compile("Rule `([A-Za-z0-9._-]+)`");

    private final String hook;
    private final Histogram micros = new Histogram(3);
    private final Histogram serviceMicros = new Histogram(3);
    /** Latency of the calls answered 200 only: with overload shed (503), the figure for the calls that were served. */
    private final Histogram servedMicros = new Histogram(3);
    private final Map<Integer, Long> statuses = new TreeMap<>();
    private final Map<String, Long> cardsByIndicator = new TreeMap<>();
    private final Map<String, Long> cardsBySource = new TreeMap<>();
    private final Map<String, Long> cardsByRule = new TreeMap<>();
    private long callsWithCards;
    private long unreadableAnswers;

    public HookStats(String hook) {
        this.hook = hook;
    }

    /** Records one call whose latency is its service time (closed loop). */
    public void record(long nanos, int status, byte[] answer) {
        record(nanos, nanos, status, answer);
    }

    /**
     * Records one call: its latency (from its intended send time), its service time (from the actual send until
     * the whole answer was read), status and, when given, the answer body whose cards are counted.
     */
    public void record(long latencyNanos, long serviceNanos, int status, byte[] answer) {
        micros.recordValue(Math.max(0, latencyNanos / 1000));
        serviceMicros.recordValue(Math.max(0, serviceNanos / 1000));
        statuses.merge(status, 1L, Long::sum);
        if (status == 200) {
            servedMicros.recordValue(Math.max(0, latencyNanos / 1000));
        }
        if (answer != null) {
            countCards(answer);
        }
    }

    private void countCards(byte[] answer) {
        JsonNode cards;
        try {
            cards = JSON.readTree(answer).path("cards");
        } catch (IOException e) {
            unreadableAnswers++;
            return;
        }
        if (!cards.isEmpty()) {
            callsWithCards++;
        }
        for (JsonNode card : cards) {
            cardsByIndicator.merge(card.path("indicator").asText("(none)"), 1L, Long::sum);
            String source = card.at("/source/label").asText("(none)");
            cardsBySource.merge(source, 1L, Long::sum);
            Matcher m = RULE_ID.matcher(card.path("detail").asText());
            cardsByRule.merge(m.find() ? m.group(1) : "(" + source + ")", 1L, Long::sum);
        }
    }

    public void merge(HookStats other) {
        micros.add(other.micros);
        serviceMicros.add(other.serviceMicros);
        servedMicros.add(other.servedMicros);
        other.statuses.forEach((k, v) -> statuses.merge(k, v, Long::sum));
        other.cardsByIndicator.forEach((k, v) -> cardsByIndicator.merge(k, v, Long::sum));
        other.cardsBySource.forEach((k, v) -> cardsBySource.merge(k, v, Long::sum));
        other.cardsByRule.forEach((k, v) -> cardsByRule.merge(k, v, Long::sum));
        callsWithCards += other.callsWithCards;
        unreadableAnswers += other.unreadableAnswers;
    }

    public String hook() {
        return hook;
    }

    public long calls() {
        return micros.getTotalCount();
    }

    /** Latency at {@code percentile} (0–100) in milliseconds. */
    public double percentileMs(double percentile) {
        return micros.getTotalCount() == 0 ? 0 : micros.getValueAtPercentile(percentile) / 1000.0;
    }

    /** Service time (actual send to answer read) at {@code percentile} in milliseconds; = latency in a closed loop. */
    public double servicePercentileMs(double percentile) {
        return serviceMicros.getTotalCount() == 0 ? 0 : serviceMicros.getValueAtPercentile(percentile) / 1000.0;
    }

    /** Latency of the calls answered 200 at {@code percentile} (0–100; 100 = max) in milliseconds. */
    public double servedPercentileMs(double percentile) {
        if (servedMicros.getTotalCount() == 0) {
            return 0;
        }
        return (percentile >= 100 ? servedMicros.getMaxValue() : servedMicros.getValueAtPercentile(percentile))
            / 1000.0;
    }

    public double maxMs() {
        return micros.getTotalCount() == 0 ? 0 : micros.getMaxValue() / 1000.0;
    }

    public double meanMs() {
        return micros.getTotalCount() == 0 ? 0 : micros.getMean() / 1000.0;
    }

    public Map<Integer, Long> statuses() {
        return statuses;
    }

    public Map<String, Long> cardsByIndicator() {
        return cardsByIndicator;
    }

    public Map<String, Long> cardsBySource() {
        return cardsBySource;
    }

    public Map<String, Long> cardsByRule() {
        return cardsByRule;
    }

    public long callsWithCards() {
        return callsWithCards;
    }

    public long unreadableAnswers() {
        return unreadableAnswers;
    }

    /** Statistics of several hooks, by hook name in first-seen order. */
    public static final class Set {
        private final Map<String, HookStats> byHook = new java.util.LinkedHashMap<>();

        public HookStats of(String hook) {
            return byHook.computeIfAbsent(hook, HookStats::new);
        }

        public void merge(Set other) {
            other.byHook.values().forEach(s -> of(s.hook()).merge(s));
        }

        public List<HookStats> all() {
            return new ArrayList<>(byHook.values());
        }
    }
}
