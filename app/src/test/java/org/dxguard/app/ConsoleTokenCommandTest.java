package org.dxguard.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsoleTokenCommandTest {

    @Test
    void should_print_only_the_token_when_the_service_wrote_one(@TempDir Path dir) throws Exception {
        // given
        Files.writeString(dir.resolve("console-token"), "abc123-token\n");

        // when
        CliRun r = CliRun.of("console-token", "--data-dir", dir.toString());

        // then
        assertThat(r.code()).isZero();
        assertThat(r.out().strip()).isEqualTo("abc123-token");
        assertThat(r.err()).contains("/console/");
    }

    @Test
    void should_fail_with_a_hint_when_no_service_has_written_a_token(@TempDir Path dir) {
        // when
        CliRun r = CliRun.of("console-token", "--data-dir", dir.toString());

        // then
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).contains("DXG-0171").contains("serve");
    }
}
