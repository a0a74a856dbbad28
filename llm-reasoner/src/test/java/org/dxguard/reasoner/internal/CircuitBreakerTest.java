package org.dxguard.reasoner.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {

    private final AtomicLong now = new AtomicLong();
    private final CircuitBreaker breaker = new CircuitBreaker(3, Duration.ofSeconds(10), now::get);

    private void fail(int times) {
        for (int i = 0; i < times; i++) {
            assertThat(breaker.tryAcquire()).isTrue();
            breaker.onFailure();
        }
    }

    @Test
    void should_stay_closed_when_failures_are_below_threshold_or_interrupted_by_success() {
        // when
        fail(2);
        breaker.tryAcquire();
        breaker.onSuccess();
        fail(2);

        // then
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(breaker.tryAcquire()).isTrue();
    }

    @Test
    void should_open_and_refuse_calls_when_threshold_consecutive_failures_happen() {
        // when
        fail(3);

        // then
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
        now.addAndGet(Duration.ofSeconds(9).toNanos());
        assertThat(breaker.tryAcquire()).isFalse();
    }

    @Test
    void should_let_one_trial_through_when_open_duration_has_passed() {
        // given
        fail(3);
        now.addAndGet(Duration.ofSeconds(10).toNanos());

        // when
        boolean trial = breaker.tryAcquire();
        boolean second = breaker.tryAcquire();

        // then
        assertThat(trial).isTrue();
        assertThat(second).isFalse();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
    }

    @Test
    void should_close_when_the_half_open_trial_succeeds() {
        // given
        fail(3);
        now.addAndGet(Duration.ofSeconds(10).toNanos());
        breaker.tryAcquire();

        // when
        breaker.onSuccess();

        // then
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(breaker.tryAcquire()).isTrue();
    }

    @Test
    void should_open_again_for_a_full_period_when_the_half_open_trial_fails() {
        // given
        fail(3);
        now.addAndGet(Duration.ofSeconds(10).toNanos());
        breaker.tryAcquire();

        // when
        breaker.onFailure();

        // then
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
        now.addAndGet(Duration.ofSeconds(5).toNanos());
        assertThat(breaker.tryAcquire()).isFalse();
        now.addAndGet(Duration.ofSeconds(5).toNanos());
        assertThat(breaker.tryAcquire()).isTrue();
    }

    @Test
    void should_free_the_trial_without_judging_the_server_when_a_call_is_released() {
        // given
        fail(2);
        breaker.tryAcquire();

        // when
        breaker.release();
        breaker.tryAcquire();
        breaker.onFailure();

        // then: the released call did not reset the two earlier failures
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
    }
}
