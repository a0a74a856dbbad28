package org.dxguard.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.dxguard.model.DxGuardException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchResultTest {
    @Test
    void should_read_back_what_it_wrote_when_written_as_json(@TempDir Path dir) throws Exception {
        // given
        BenchResult original = BenchResult.read(Path.of(BenchResultTest.class.getResource("/bench/result-c4.json")
            .toURI()));
        Path file = dir.resolve("r.json");

        // when
        original.write(file);
        BenchResult read = BenchResult.read(file);

        // then
        assertThat(read).isEqualTo(original);
        assertThat(read.hook("order-sign").cards()).isEqualTo(5);
        assertThat(read.table()).contains("order-sign").contains("p99 ms").contains("ADA-MET-001")
            .contains("load average before 3.50 2.00 1.80");
        // a result written before open loops existed reads as a closed loop
        assertThat(read.mode()).isEqualTo("closed");
        assertThat(read.openLoop()).isFalse();
        assertThat(read.table()).contains("mode=closed").doesNotContain("service time");
    }

    @Test
    void should_print_the_rate_late_starts_and_service_time_when_the_run_was_open_loop() throws Exception {
        // given
        BenchResult closed = BenchResult.read(Path.of(BenchResultTest.class.getResource("/bench/result-c4.json")
            .toURI()));
        BenchResult open = new BenchResult(closed.tool(), null, closed.startedAt(), closed.target(), 16, 10, 30,
            closed.patients(), closed.seed(), closed.distinctCalls(), closed.algorithm(), closed.cpus(),
            closed.loadAverageBefore(), closed.loadAverageAfter(), 0, closed.hooks(), "open", 300, 287.5, 412,
            181.25, 3, 9916);

        // when
        String table = open.table();

        // then
        assertThat(table).contains("mode=open target_rate=300.0/s achieved_rate=287.5/s late_starts=412 "
            + "max_start_delay_ms=181.25 dropped=3").contains("service time");
        assertThatThrownBy(() -> new BenchResult(closed.tool(), null, closed.startedAt(), closed.target(), 16, 10, 30,
            closed.patients(), closed.seed(), closed.distinctCalls(), closed.algorithm(), closed.cpus(),
            closed.loadAverageBefore(), closed.loadAverageAfter(), 0, closed.hooks(), "ajar", 0, 0, 0, 0, 0, 0))
            .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void should_refuse_with_a_stable_code_when_the_file_is_not_a_result(@TempDir Path dir) throws Exception {
        // given
        Path file = Files.writeString(dir.resolve("x.json"), "{\"cards\": []}");

        // when / then
        assertThatThrownBy(() -> BenchResult.read(file)).isInstanceOf(DxGuardException.class)
            .hasMessageContaining("DXG-0751");
    }
}
