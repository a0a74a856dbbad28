package org.dxguard.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.dxguard.bench.BenchKey;
import org.dxguard.bench.JwtSigner;
import org.dxguard.bench.SlowTarget;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The open loop against a tiny local HTTP server that answers after 50 ms, driven faster than its slots can carry:
 * calls due before the end of a timed run that never started are counted as dropped, not hidden.
 */
class LoadEngineOpenLoopIT {
    private static final int SLOW_MS = 50;
    private static SlowTarget slow;

    @BeforeAll
    static void start() {
        slow = SlowTarget.start(SLOW_MS);
    }

    @AfterAll
    static void stop() {
        slow.close();
    }

    @Test
    void should_count_calls_that_never_started_as_dropped_when_a_timed_run_falls_behind() {
        // given: 100 calls/s on 2 slots of a 50 ms target (at most 40 calls/s), stopped after 1 s
        String url = slow.url();
        BenchKey key = BenchKey.generate("ES384", "dxguard-bench", BenchKey.DEFAULT_ISSUER);
        JwtSigner signer = JwtSigner.fromPemText(key.privateKeyPem(), "generated key", "dxguard-bench",
            BenchKey.DEFAULT_ISSUER, null);
        TokenPool tokens = new TokenPool(aud -> signer.sign(aud, null, null, Duration.ofSeconds(280)));
        tokens.presign(url, 120);
        LoadEngine engine = new LoadEngine(2, LoadEngine.Pacing.fixedRate(100), tokens, false,
            Duration.ofSeconds(10));
        List<LoadEngine.Call> calls = List.of(LoadEngine.Call.of("slow", URI.create(url), "{}"));

        // when
        LoadEngine.Run run = engine.run(calls, LoadEngine.Stop.at(Duration.ofSeconds(1)));

        // then: 100 were due; 2 slots of 50 ms started about 40 of them, and the rest are reported, not hidden
        assertThat(run.sent() + run.dropped()).isEqualTo(100);
        assertThat(run.sent()).isBetween(1L, 45L);
        assertThat(run.dropped()).isGreaterThan(50);
        assertThat(run.lateStarts()).isPositive();
        assertThat(run.achievedRate()).isLessThan(50);
        assertThat(run.tokensSignedInline()).isZero();
        assertThat(run.byHook().get(0).percentileMs(99)).isGreaterThan(300);
    }
}
