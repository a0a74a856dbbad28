package org.dxguard.service.capacity;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AdmissionTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    private double rejected(String reason) {
        return registry.get("dxguard.admission.rejected").tag("reason", reason).counter().count();
    }

    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 3000 && !condition.getAsBoolean(); i++) {
            Thread.sleep(10);
        }
        assertThat(condition.getAsBoolean()).as("condition reached within 30 s").isTrue();
    }

    /** Enters on its own thread and keeps the ticket until the returned future's caller closes it there. */
    private static CompletableFuture<Admission.Ticket> enterAsync(Admission admission) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return admission.enter();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void should_refuse_at_once_when_every_slot_is_busy_and_no_call_may_wait() throws Exception {
        // given
        Admission admission = new Admission(1, 0, Duration.ofSeconds(30), registry);
        Admission.Ticket first = admission.enter();

        // when
        Admission.Ticket second = admission.enter();

        // then
        assertThat(first.admitted()).isTrue();
        assertThat(second.admitted()).isFalse();
        assertThat(second.refusal()).isEqualTo(Admission.QUEUE_FULL);
        assertThat(rejected(Admission.QUEUE_FULL)).isEqualTo(1.0);
        assertThat(admission.inFlight()).isEqualTo(1);
        first.close();
        assertThat(admission.inFlight()).isZero();
        assertThat(admission.enter().admitted()).isTrue();
    }

    @Test
    void should_admit_a_waiting_call_when_a_slot_is_freed() throws Exception {
        // given
        Admission admission = new Admission(1, 1, Duration.ofSeconds(30), registry);
        Admission.Ticket first = admission.enter();
        CompletableFuture<Admission.Ticket> second = enterAsync(admission);
        await(() -> admission.waiting() == 1);

        // when
        first.close();

        // then
        assertThat(second.get(30, TimeUnit.SECONDS).admitted()).isTrue();
        assertThat(admission.waiting()).isZero();
        assertThat(rejected(Admission.QUEUE_FULL) + rejected(Admission.WAIT_TIMEOUT)).isZero();
        assertThat(registry.get("dxguard.admission.wait").timer().count()).isEqualTo(2);
    }

    @Test
    void should_refuse_a_waiting_call_when_the_maximum_queue_wait_has_passed() throws Exception {
        // given
        Admission admission = new Admission(1, 4, Duration.ofMillis(50), registry);
        Admission.Ticket first = admission.enter();

        // when
        long start = System.nanoTime();
        Admission.Ticket second = admission.enter();
        long waitedMillis = (System.nanoTime() - start) / 1_000_000;

        // then
        assertThat(second.admitted()).isFalse();
        assertThat(second.refusal()).isEqualTo(Admission.WAIT_TIMEOUT);
        assertThat(waitedMillis).as("it waited for the queue wait before giving up").isGreaterThanOrEqualTo(45);
        assertThat(rejected(Admission.WAIT_TIMEOUT)).isEqualTo(1.0);
        assertThat(admission.waiting()).isZero();
        first.close();
    }

    @Test
    void should_refuse_at_once_when_the_queue_is_full() throws Exception {
        // given
        Admission admission = new Admission(1, 1, Duration.ofSeconds(30), registry);
        Admission.Ticket first = admission.enter();
        CompletableFuture<Admission.Ticket> waiting = enterAsync(admission);
        await(() -> admission.waiting() == 1);

        // when
        Admission.Ticket third = admission.enter();

        // then
        assertThat(third.admitted()).isFalse();
        assertThat(third.refusal()).isEqualTo(Admission.QUEUE_FULL);
        assertThat(waiting).isNotDone();
        first.close();
        assertThat(waiting.get(30, TimeUnit.SECONDS).admitted()).isTrue();
    }

    @Test
    void should_give_the_slot_to_the_next_call_when_the_holder_waits_for_something_outside() throws Exception {
        // given
        Admission admission = new Admission(1, 0, Duration.ZERO, registry);
        Admission.Ticket first = admission.enter();

        // when
        Admission.leaveWhileWaiting();

        // then
        assertThat(admission.inFlight()).isZero();
        Admission.Ticket next = enterAsync(admission).get(30, TimeUnit.SECONDS);
        assertThat(next.admitted()).isTrue();
        first.close(); // the slot was given up already: closing again frees nothing more
        assertThat(admission.inFlight()).isEqualTo(1);
        assertThat(enterAsync(admission).get(30, TimeUnit.SECONDS).admitted()).isFalse();
    }

    @Test
    void should_do_nothing_when_a_thread_without_a_slot_leaves() {
        // given
        Admission admission = new Admission(2, 0, Duration.ZERO, registry);

        // when
        Admission.leaveWhileWaiting();

        // then
        assertThat(admission.inFlight()).isZero();
        assertThat(registry.get("dxguard.admission.limit").gauge().value()).isEqualTo(2.0);
    }
}
