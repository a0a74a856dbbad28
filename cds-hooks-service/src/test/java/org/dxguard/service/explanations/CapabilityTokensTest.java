package org.dxguard.service.explanations;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CapabilityTokensTest {

    @Test
    void should_accept_only_the_token_of_that_hook_instance_when_verifying() {
        // given
        CapabilityTokens tokens = CapabilityTokens.open(tmp());
        String t = tokens.token("hook-1");

        // then
        assertThat(t).matches("[A-Za-z0-9_-]{43}");
        assertThat(tokens.verify("hook-1", t)).isTrue();
        assertThat(tokens.verify("hook-2", t)).isFalse();
        assertThat(tokens.verify("hook-1", t.substring(1))).isFalse();
        assertThat(tokens.verify("hook-1", "%%%")).isFalse();
        assertThat(tokens.verify("hook-1", null)).isFalse();
    }

    @Test
    void should_keep_the_secret_across_restarts_and_differ_between_data_dirs(@TempDir Path a, @TempDir Path b)
        throws Exception {
        // when
        String first = CapabilityTokens.open(a).token("hook-1");
        String again = CapabilityTokens.open(a).token("hook-1");
        String other = CapabilityTokens.open(b).token("hook-1");

        // then
        assertThat(again).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
        Path key = a.resolve("secrets").resolve(CapabilityTokens.FILE);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
    }

    private static Path tmp() {
        try {
            return Files.createTempDirectory("dxguard-tokens");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
