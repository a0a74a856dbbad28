package org.dxguard.service.bench;

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
