package org.dxguard.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.nimbusds.jwt.SignedJWT;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.dxguard.service.auth.TestTokens;
import org.junit.jupiter.api.Test;

class TokenCommandTest {
    private static final String AUD = "http://localhost:8080/cds-services/dxguard-medication-sign";

    private static CliRun token(String... extra) {
        assumeTrue(TestTokens.sandboxKeyAvailable(), "../shared/data/cds-hooks-sandbox is needed to sign");
        Path key = TestTokens.sandboxPrivateKeyFile().orElseThrow();
        String[] base = {"token", "--key", key.toString(), "--kid", TestTokens.SANDBOX_KID, "--iss",
            "https://sandbox.cds-hooks.org", "--aud", AUD};
        String[] args = Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return CliRun.of(args);
    }

    @Test
    void should_print_count_tokens_with_distinct_jtis_for_the_audience_when_count_given() throws Exception {
        // when
        CliRun run = token("--count", "5");

        // then: five lines, each a token for the audience, no jti twice (the service refuses a replayed one)
        assertThat(run.code()).as(run.err()).isZero();
        List<String> lines = run.out().lines().toList();
        assertThat(lines).hasSize(5);
        List<String> jtis = new java.util.ArrayList<>();
        for (String line : lines) {
            SignedJWT jwt = SignedJWT.parse(line);
            assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo("ES384");
            assertThat(jwt.getJWTClaimsSet().getAudience()).containsExactly(AUD);
            jtis.add(jwt.getJWTClaimsSet().getJWTID());
        }
        assertThat(jtis).doesNotHaveDuplicates().doesNotContainNull();
    }

    @Test
    void should_print_one_token_when_count_not_given() {
        // when
        CliRun run = token();

        // then
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out().lines()).hasSize(1);
    }

    @Test
    void should_refuse_with_usage_error_when_count_is_not_positive() {
        // when
        CliRun run = token("--count", "0");

        // then
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains("--count must be between 1 and 1000000, was 0");
        assertThat(run.out()).isEmpty();
    }
}
