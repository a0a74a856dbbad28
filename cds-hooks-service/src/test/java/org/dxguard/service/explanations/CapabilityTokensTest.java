package org.dxguard.service.explanations;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.dxguard.service.explanations.CapabilityTokens.Check;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CapabilityTokensTest {
    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private static final String EHR = "https://ehr.example.org";

    @Test
    void should_accept_only_the_token_of_that_hook_instance_when_verifying(@TempDir Path dir) {
        // given
        CapabilityTokens tokens = CapabilityTokens.open(dir);
        String t = tokens.token("hook-1", EHR, NOW.plus(Duration.ofHours(24)));

        // then
        assertThat(t).matches("[A-Za-z0-9_-]{71}");
        assertThat(tokens.verify("hook-1", t, NOW)).isEqualTo(
            new CapabilityTokens.Verified(Check.VALID, CapabilityTokens.issuerDigest(EHR)));
        assertThat(tokens.verify("hook-2", t, NOW).check()).isEqualTo(Check.INVALID);
        assertThat(tokens.verify("hook-1", t.substring(1), NOW).check()).isEqualTo(Check.INVALID);
        assertThat(tokens.verify("hook-1", "%%%", NOW).check()).isEqualTo(Check.INVALID);
        assertThat(tokens.verify("hook-1", null, NOW).check()).isEqualTo(Check.INVALID);
    }

    @Test
    void should_answer_expired_after_the_expiry_and_invalid_when_the_expiry_was_altered(@TempDir Path dir) {
        // given a link valid for 24 h
        CapabilityTokens tokens = CapabilityTokens.open(dir);
        String t = tokens.token("hook-1", EHR, NOW.plus(Duration.ofHours(24)));

        // when the expiry is pushed back by editing the token (byte 1..8 = expiry seconds)
        byte[] raw = Base64.getUrlDecoder().decode(t);
        raw[8] ^= 0x7f;
        String altered = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);

        // then
        assertThat(tokens.verify("hook-1", t, NOW.plus(Duration.ofHours(23))).check()).isEqualTo(Check.VALID);
        assertThat(tokens.verify("hook-1", t, NOW.plus(Duration.ofHours(24))).check()).isEqualTo(Check.EXPIRED);
        assertThat(tokens.verify("hook-1", altered, NOW).check()).isEqualTo(Check.INVALID);
    }

    @Test
    void should_bind_the_token_to_the_issuer_of_the_call_when_another_issuer_is_named(@TempDir Path dir) {
        // given
        CapabilityTokens tokens = CapabilityTokens.open(dir);
        String fromA = tokens.token("hook-1", EHR, NOW.plus(Duration.ofHours(1)));
        String fromB = tokens.token("hook-1", "https://other-ehr.example.org", NOW.plus(Duration.ofHours(1)));

        // then each link opens only its issuer's explanation (the digest names the cache entry)
        assertThat(tokens.verify("hook-1", fromA, NOW).issuerDigest()).isEqualTo(CapabilityTokens.issuerDigest(EHR));
        assertThat(tokens.verify("hook-1", fromB, NOW).issuerDigest())
            .isNotEqualTo(CapabilityTokens.issuerDigest(EHR));
        assertThat(LateExplanations.key("hook-1", EHR)).isNotEqualTo(LateExplanations.key("hook-1",
            "https://other-ehr.example.org"));
    }

    @Test
    void should_keep_the_secret_across_restarts_and_differ_between_data_dirs(@TempDir Path a, @TempDir Path b)
        throws Exception {
        // when
        Instant until = NOW.plus(Duration.ofHours(1));
        String first = CapabilityTokens.open(a).token("hook-1", EHR, until);
        String again = CapabilityTokens.open(a).token("hook-1", EHR, until);
        String other = CapabilityTokens.open(b).token("hook-1", EHR, until);

        // then
        assertThat(again).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
        Path key = a.resolve("secrets").resolve(CapabilityTokens.FILE);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
    }
}
