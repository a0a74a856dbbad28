package org.dxguard.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class HookStatsTest {
    private static byte[] fixture(String name) throws IOException {
        try (InputStream in = HookStatsTest.class.getResourceAsStream("/bench/" + name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void should_give_ordered_percentiles_close_to_the_exact_ones_when_latencies_are_recorded() {
        // given: 1..1000 ms, one call each
        HookStats stats = new HookStats("order-sign");

        // when
        for (int ms = 1; ms <= 1000; ms++) {
            stats.record(ms * 1_000_000L, 200, null);
        }

        // then: within HdrHistogram's 3 significant digits of the exact order statistics
        assertThat(stats.calls()).isEqualTo(1000);
        assertThat(stats.percentileMs(50)).isCloseTo(500, within(1.0));
        assertThat(stats.percentileMs(95)).isCloseTo(950, within(1.0));
        assertThat(stats.percentileMs(99)).isCloseTo(990, within(1.0));
        assertThat(stats.maxMs()).isCloseTo(1000, within(1.0));
        assertThat(stats.meanMs()).isCloseTo(500.5, within(1.0));
        assertThat(stats.percentileMs(50)).isLessThanOrEqualTo(stats.percentileMs(95));
        assertThat(stats.percentileMs(95)).isLessThanOrEqualTo(stats.percentileMs(99));
        assertThat(stats.percentileMs(99)).isLessThanOrEqualTo(stats.maxMs());
    }

    @Test
    void should_count_statuses_and_cards_by_indicator_rule_and_source_when_answers_are_read() throws IOException {
        // given
        HookStats stats = new HookStats("order-sign");

        // when
        stats.record(2_000_000, 200, fixture("answer-two-cards.json"));
        stats.record(3_000_000, 200, fixture("answer-no-cards.json"));
        stats.record(4_000_000, 412, null);
        stats.record(5_000_000, 0, null);

        // then
        assertThat(stats.statuses()).containsEntry(200, 2L).containsEntry(412, 1L).containsEntry(0, 1L);
        assertThat(stats.callsWithCards()).isEqualTo(1);
        assertThat(stats.cardsByIndicator()).containsEntry("critical", 1L).containsEntry("info", 1L).hasSize(2);
        assertThat(stats.cardsByRule()).containsEntry("ADA-MET-001", 1L)
            .containsEntry("(dxguard knowledge graph)", 1L);
        assertThat(stats.cardsBySource()).containsEntry("ADA Standards of Care 2025", 1L);
    }

    @Test
    void should_sum_everything_when_two_clients_are_merged() throws IOException {
        // given
        HookStats a = new HookStats("order-sign");
        HookStats b = new HookStats("order-sign");
        a.record(1_000_000, 200, fixture("answer-two-cards.json"));
        b.record(9_000_000, 200, fixture("answer-two-cards.json"));
        b.record(9_000_000, 500, null);

        // when
        a.merge(b);

        // then
        assertThat(a.calls()).isEqualTo(3);
        assertThat(a.maxMs()).isCloseTo(9.0, within(0.01));
        assertThat(a.statuses()).containsEntry(200, 2L).containsEntry(500, 1L);
        assertThat(a.cardsByRule()).containsEntry("ADA-MET-001", 2L);
        assertThat(a.callsWithCards()).isEqualTo(2);
    }

    @Test
    void should_count_an_unreadable_answer_when_the_body_is_not_json() {
        // given
        HookStats stats = new HookStats("patient-view");

        // when
        stats.record(1_000_000, 200, "<html>".getBytes(java.nio.charset.StandardCharsets.UTF_8));

        // then
        assertThat(stats.unreadableAnswers()).isEqualTo(1);
        assertThat(stats.cardsByIndicator()).isEmpty();
    }

    @Test
    void should_keep_service_time_apart_from_latency_when_calls_waited_for_a_slot() {
        // given: open-loop calls that took 50 ms at the service after waiting 0..990 ms for a slot
        HookStats stats = new HookStats("order-sign");

        // when
        for (int wait = 0; wait < 1000; wait += 10) {
            stats.record((wait + 50) * 1_000_000L, 50_000_000L, 200, null);
        }

        // then
        assertThat(stats.calls()).isEqualTo(100);
        assertThat(stats.percentileMs(99)).isCloseTo(1030, within(1.5));
        assertThat(stats.servicePercentileMs(99)).isCloseTo(50, within(0.1));
        assertThat(stats.servicePercentileMs(50)).isCloseTo(50, within(0.1));
    }

    @Test
    void should_equal_latency_and_service_time_when_a_call_is_recorded_closed_loop() {
        // given
        HookStats stats = new HookStats("order-sign");

        // when
        stats.record(7_000_000L, 200, null);

        // then
        assertThat(stats.servicePercentileMs(50)).isEqualTo(stats.percentileMs(50));
    }

    @Test
    void should_keep_the_latency_of_served_calls_apart_when_some_calls_are_shed() {
        // given: 99 calls served in 1..99 ms, one shed (503) after 900 ms
        HookStats a = new HookStats("order-sign");
        HookStats b = new HookStats("order-sign");
        for (int ms = 1; ms <= 99; ms++) {
            (ms % 2 == 0 ? a : b).record(ms * 1_000_000L, ms * 1_000_000L, 200, null);
        }
        b.record(900_000_000L, 900_000_000L, 503, null);

        // when
        a.merge(b);

        // then
        assertThat(a.maxMs()).isCloseTo(900, org.assertj.core.data.Offset.offset(1.0));
        assertThat(a.servedPercentileMs(100)).isCloseTo(99, org.assertj.core.data.Offset.offset(0.1));
        assertThat(a.servedPercentileMs(50)).isCloseTo(50, org.assertj.core.data.Offset.offset(0.1));
        assertThat(a.statuses()).containsEntry(503, 1L).containsEntry(200, 99L);
    }
}
