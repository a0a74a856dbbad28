package org.dxguard.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.dxguard.model.DxGuardException;
import org.dxguard.service.ServiceConfig;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ServeCommandTest {

    private static ServeCommand parsed(String... args) {
        ServeCommand command = new ServeCommand();
        new CommandLine(command).parseArgs(args);
        return command;
    }

    @Test
    void should_document_admission_and_warm_up_when_serve_help_is_asked() {
        // when
        CliRun run = CliRun.of("serve", "--help");

        // then
        assertThat(run.code()).isZero();
        assertThat(run.out()).contains("--max-concurrent-calls").contains("--max-queued-calls")
            .contains("--max-queue-wait").contains("--warm-up").contains("Retry-After").contains("/health/ready");
    }

    @Test
    void should_use_two_slots_per_core_four_queued_per_slot_200ms_and_a_10s_warm_up_when_no_flag_is_given() {
        // when
        ServiceConfig.Capacity capacity = parsed().capacity();

        // then
        int slots = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
        assertThat(capacity).isEqualTo(new ServiceConfig.Capacity(slots, 4 * slots, Duration.ofMillis(200),
            Duration.ofSeconds(10)));
    }

    @Test
    void should_turn_admission_and_warm_up_off_when_given_zero() {
        // when
        ServiceConfig.Capacity capacity = parsed("--max-concurrent-calls", "0", "--max-queue-wait", "0",
            "--warm-up", "0").capacity();

        // then
        assertThat(capacity.maxConcurrentCalls()).isZero();
        assertThat(capacity.maxQueueWait()).isZero();
        assertThat(capacity.warmUp()).isZero();
    }

    @Test
    void should_refuse_a_queue_wait_over_one_second_when_given_one() {
        // given
        ServeCommand command = parsed("--max-queue-wait", "5s");

        // when / then
        assertThatThrownBy(command::capacity).isInstanceOf(DxGuardException.class)
            .hasMessageContaining("--max-queue-wait must be between 0 and 1s");
    }
}
