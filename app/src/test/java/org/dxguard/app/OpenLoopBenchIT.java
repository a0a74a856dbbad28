package org.dxguard.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.dxguard.bench.BenchKey;
import org.dxguard.bench.BenchResult;
import org.dxguard.bench.SlowTarget;
import org.dxguard.bench.synthea.SyntheaCohort;
import org.dxguard.service.ServiceConfig;
import org.dxguard.service.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The open-loop (fixed arrival rate) mode of {@code bench call} and {@code bench replay}: against a real service
 * that keeps up (rate reached, no token signed during the run), and against a tiny local HTTP server that answers
 * after 50 ms, driven faster than its slots can carry (latency from each call's intended send time grows far beyond
 * 50 ms while the service time stays near 50 ms; late starts are counted; dropped calls: bench's
 * LoadEngineOpenLoopIT).
 */
class OpenLoopBenchIT {
    private static final int SLOW_MS = 50;
    @TempDir
    static Path keys;
    private static Path key;
    private static String cohortDir;
    private static TestServer server;
    private static SlowTarget slow;

    @BeforeAll
    static void prepare_and_start() throws IOException {
        // a key and trusted-EHR file prepared by the tool, and a service started with that file
        Path trusted = keys.resolve("trusted-ehrs.json");
        key = keys.resolve("bench.pem");
        cohortDir = SyntheaCohort.baseDir().toString();
        CliRun prepared = CliRun.of("bench", "replay", "--prepare-only", "--cohort", "12", "--seed", "42",
            "--cohort-dir", cohortDir, "--trusted-ehrs-out", trusted.toString(), "--key-out", key.toString());
        assertThat(prepared.code()).as(prepared.err()).isZero();
        // admission off: this tests the load tool's pacing against a service that keeps up, and a busy build machine
        // must not turn slow calls into 503s (shedding has its own tests, capacity.AdmissionIT)
        server = TestServer.start(ServiceConfig.builder().graphEnabled(false).host("127.0.0.1")
            .trustedEhrsFile(trusted)
            .capacity(new ServiceConfig.Capacity(0, 0, java.time.Duration.ZERO, java.time.Duration.ZERO)));
        // and a target that takes 50 ms per call, with threads enough never to queue on its side
        slow = SlowTarget.start(SLOW_MS);
    }

    @AfterAll
    static void stop() {
        if (slow != null) {
            slow.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private static double number(Map<String, String> values, String name) {
        assertThat(values).as("output has " + name).containsKey(name);
        return Double.parseDouble(values.get(name));
    }

    private static String slowUrl() {
        return slow.url();
    }

    @Test
    void should_reach_the_target_rate_without_signing_inline_when_the_service_keeps_up() {
        // given: 20 calls/s on at most 8 in flight, far below what the service carries
        String target = server.url("/cds-services/dxguard-medication-sign");

        // when: 4 s of calls after a short warm-up at the same rate
        CliRun result = CliRun.of("bench", "call", "--target", target, "--key", key.toString(), "--kid",
            "dxguard-bench", "--iss", BenchKey.DEFAULT_ISSUER, "--concurrency", "8", "--rate", "20", "--requests", "80",
            "--warmup", "10");

        // then
        assertThat(result.code()).as(result.out() + result.err()).isZero();
        Map<String, String> v = result.values();
        assertThat(v).containsEntry("mode", "open").containsEntry("requests", "80").containsEntry("status_200", "80")
            .containsEntry("tokens_signed_inline", "0");
        // (a build machine busy with other work may deschedule the sender; a few late calls are reported as dropped,
        // which is what an open loop must do, so the bounds are loose: the speed figures are benchmarks)
        assertThat(number(v, "dropped")).isLessThanOrEqualTo(8);
        assertThat(number(v, "target_rate")).isEqualTo(20.0);
        assertThat(number(v, "achieved_rate")).isCloseTo(20.0, within(4.0));
        assertThat(number(v, "latency_ms_p50")).isPositive().isLessThanOrEqualTo(number(v, "latency_ms_p99"));
        assertThat(result.err()).doesNotContain("WARNING");
    }

    @Test
    void should_pre_sign_every_token_and_report_the_open_loop_when_a_replay_is_paced(@TempDir Path dir) {
        // given
        Path json = dir.resolve("open.json");

        // when: order-sign at 20 calls/s for 3 s on at most 8 in flight
        CliRun result = CliRun.of("bench", "replay", "--target", server.url(""), "--cohort", "12", "--seed", "42",
            "--cohort-dir", cohortDir, "--key", key.toString(), "--concurrency", "8", "--rate", "20",
            "--duration", "3", "--warmup", "1", "--hook", "order-sign", "--out", json.toString());

        // then: sized by rate x duration x 1.1 + concurrency, nothing was signed during the run
        assertThat(result.code()).as(result.out() + result.err()).isZero();
        BenchResult read = BenchResult.read(json);
        assertThat(read.mode()).isEqualTo("open");
        assertThat(read.openLoop()).isTrue();
        assertThat(read.targetRate()).isEqualTo(20.0);
        assertThat(read.tokensPresigned()).isEqualTo(20 * 3 * 11 / 10 + 8);
        assertThat(read.tokensSignedInline()).isZero();
        // (loose bounds: a busy build machine may deschedule the sender, and late calls are reported as dropped)
        assertThat(read.dropped()).isLessThanOrEqualTo(6);
        assertThat(read.achievedRate()).isCloseTo(20.0, within(4.0));
        assertThat(read.hook("order-sign").requests() + read.dropped()).isBetween(57L, 60L);
        assertThat(read.hook("order-sign").serviceP50Ms()).isPositive()
            .isLessThanOrEqualTo(read.hook("order-sign").p50Ms());
        assertThat(result.out()).contains("mode=open target_rate=20.0/s").contains("service time");
        assertThat(result.err()).doesNotContain("WARNING");
    }

    @Test
    void should_measure_latency_from_the_intended_send_time_when_the_target_cannot_keep_up() {
        // given: 100 calls/s on 2 slots of a 50 ms target, which carry at most 40 calls/s
        String target = slowUrl();

        // when: 100 calls, all of which are sent (the last about 2.5 s after the start, due at 0.99 s)
        CliRun result = CliRun.of("bench", "call", "--target", target, "--key", key.toString(),
            "--kid", "dxguard-bench", "--iss", BenchKey.DEFAULT_ISSUER, "--concurrency", "2", "--rate", "100",
            "--requests", "100", "--warmup", "0");

        // then: the wait for a slot is in the latency, not in the service time
        assertThat(result.code()).as(result.out() + result.err()).isZero();
        Map<String, String> v = result.values();
        assertThat(v).containsEntry("mode", "open").containsEntry("status_200", "100").containsEntry("dropped", "0");
        assertThat(number(v, "late_starts")).isGreaterThan(50);
        assertThat(number(v, "max_start_delay_ms")).isGreaterThan(500);
        assertThat(number(v, "latency_ms_p99")).isGreaterThan(500);
        assertThat(number(v, "service_ms_p50")).isGreaterThanOrEqualTo(SLOW_MS);
        assertThat(number(v, "latency_ms_p99")).isGreaterThan(3 * number(v, "service_ms_p99"));
        assertThat(number(v, "achieved_rate")).isLessThan(60);
    }
}
