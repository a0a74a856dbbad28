package org.dxguard.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ScheduleTest {
    @Test
    void should_space_intended_send_times_one_interval_apart_when_the_rate_is_fixed() {
        // given: 300 calls/s from t = 1 s
        Schedule schedule = new Schedule(300, 1_000_000_000L);

        // when
        long first = schedule.intendedNanos(0);
        long second = schedule.intendedNanos(1);
        long later = schedule.intendedNanos(300);

        // then
        assertThat(first).isEqualTo(1_000_000_000L);
        assertThat(second - first).isEqualTo(3_333_333L);
        assertThat(later).isEqualTo(2_000_000_000L);
        assertThat(schedule.intervalNanos()).isCloseTo(3_333_333.33, within(0.01));
    }

    @Test
    void should_count_exactly_the_calls_due_before_the_deadline_when_a_run_is_timed() {
        // given: 100 calls/s from 0, i.e. due at 0, 10, 20 ... ms
        Schedule schedule = new Schedule(100, 0);

        // when / then: due strictly before the deadline
        assertThat(schedule.dueBefore(1_000_000_000L)).isEqualTo(100);
        assertThat(schedule.dueBefore(1_000_000_001L)).isEqualTo(101);
        assertThat(schedule.dueBefore(5_000_000L)).isEqualTo(1);
        assertThat(schedule.dueBefore(0)).isZero();
        assertThat(schedule.dueBefore(-5)).isZero();
        // a rate whose interval is not a whole number of nanoseconds: 3 calls/s over 1 s -> at 0, 333, 666 ms
        Schedule third = new Schedule(3, 0);
        assertThat(third.dueBefore(1_000_000_000L)).isEqualTo(3);
        assertThat(third.dueBefore(third.intendedNanos(2))).isEqualTo(2);
        assertThat(third.dueBefore(third.intendedNanos(2) + 1)).isEqualTo(3);
    }

    @Test
    void should_give_back_the_target_rate_when_every_call_was_sent_on_time() {
        // given: 50 calls/s, 500 calls sent, the last at its due time
        Schedule schedule = new Schedule(50, 7_000L);

        // when
        double onTime = schedule.achievedRate(500, schedule.intendedNanos(499));
        // the same 500 calls stretched over twice the time (the service could not keep up)
        double behind = schedule.achievedRate(500, schedule.intendedNanos(999));

        // then
        assertThat(onTime).isCloseTo(50, within(0.01));
        assertThat(behind).isCloseTo(25, within(0.01));
        assertThat(schedule.achievedRate(0, 0)).isZero();
    }

    @Test
    void should_size_the_token_pool_at_rate_times_seconds_plus_ten_percent_and_a_slot_each_when_open_loop() {
        // given / when
        long tokens = Schedule.tokensFor(300, 40, 16);

        // then: 300 x 40 x 1.1 = 13,200, plus one per slot
        assertThat(tokens).isEqualTo(13_216);
        assertThat(Schedule.tokensFor(10, 0.5, 2)).isEqualTo(6 + 2);
        assertThat(Schedule.tokensFor(10, 0, 4)).isEqualTo(4);
    }

    @Test
    void should_refuse_when_the_rate_is_not_a_positive_finite_number() {
        // given / when / then
        assertThatThrownBy(() -> new Schedule(0, 0)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("rate");
        assertThatThrownBy(() -> new Schedule(-3, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Schedule(Double.NaN, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Schedule(Double.POSITIVE_INFINITY, 0))
            .isInstanceOf(IllegalArgumentException.class);
    }
}
