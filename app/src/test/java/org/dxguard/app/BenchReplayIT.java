package org.dxguard.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.dxguard.bench.BenchKey;
import org.dxguard.bench.BenchPlot;
import org.dxguard.bench.BenchResult;
import org.dxguard.bench.synthea.SyntheaCohort;
import org.dxguard.service.ServiceConfig;
import org.dxguard.service.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dxguard bench replay} end to end through the command line: a generated key and trusted-EHR file, a real
 * service started with it, the module's cached 12-patient Synthea cohort (seed 42), every hook replayed for 3 s
 * from 2 clients; and {@code bench call} on the same engine.
 */
class BenchReplayIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path keys;
    private static Path key;
    private static String cohortDir;
    private static TestServer server;

    @BeforeAll
    static void prepare_and_start() {
        // a key and trusted-EHR file prepared by the tool, and a service started with that file
        Path trusted = keys.resolve("trusted-ehrs.json");
        key = keys.resolve("bench.pem");
        cohortDir = SyntheaCohort.baseDir().toString();
        CliRun prepared = CliRun.of("bench", "replay", "--prepare-only", "--cohort", "12", "--seed", "42",
            "--cohort-dir", cohortDir, "--trusted-ehrs-out", trusted.toString(), "--key-out", key.toString());
        assertThat(prepared.code()).as(prepared.err()).isZero();
        assertThat(prepared.out()).contains("\"ehrs\"").contains("dxguard-bench");
        server = TestServer.start(ServiceConfig.builder().graphEnabled(false).host("127.0.0.1")
            .trustedEhrsFile(trusted));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void should_replay_every_hook_without_server_errors_when_the_service_trusts_the_generated_key(@TempDir Path dir)
        throws Exception {
        // given
        Path json = dir.resolve("result.json");
        Path png = dir.resolve("result.png");

        // when
        CliRun result = CliRun.of("bench", "replay", "--target", server.url(""), "--cohort", "12", "--seed", "42",
            "--cohort-dir", cohortDir, "--key", key.toString(), "--concurrency", "2", "--duration", "3",
            "--warmup", "1", "--hook", "all", "--out", json.toString(), "--plot", png.toString());

        // then
        assertThat(result.out()).contains("order-sign").contains("p99 ms").contains("card mix");
        BenchResult read = BenchResult.read(json);
        assertThat(read.hooks()).extracting(BenchResult.HookResult::hook)
            .containsExactly("patient-view", "order-select", "order-sign", "all");
        for (BenchResult.HookResult h : read.hooks()) {
            assertThat(h.requests()).as(h.hook()).isPositive();
            assertThat(h.statuses().keySet()).as(h.hook() + " statuses").noneMatch(s -> s.startsWith("5"));
            assertThat(h.statuses()).as(h.hook() + " statuses").containsKey("200");
            assertThat(h.p50Ms()).isPositive().isLessThanOrEqualTo(h.p95Ms());
            assertThat(h.p95Ms()).isLessThanOrEqualTo(h.p99Ms());
            assertThat(h.p99Ms()).isLessThanOrEqualTo(h.maxMs());
        }
        assertThat(read.hook("all").errors()).as(result.out()).isZero();
        assertThat(result.code()).as(result.err()).isZero();
        assertThat(read.hook("order-sign").cardsByIndicator()).isNotEmpty();
        assertThat(read.hook("order-sign").cardsByRule()).isNotEmpty();
        assertThat(read.concurrency()).isEqualTo(2);
        // closed loop by default, on tokens all signed before the timed run
        assertThat(read.mode()).isEqualTo("closed");
        assertThat(read.targetRate()).isZero();
        assertThat(read.achievedRate()).isPositive();
        assertThat(read.tokensPresigned()).isGreaterThanOrEqualTo(read.hook("all").requests());
        assertThat(read.tokensSignedInline()).as(result.err()).isZero();
        assertThat(result.err()).doesNotContain("WARNING");
        assertThat(result.out()).contains("mode=closed");
        assertThat(read.patients()).isEqualTo(12);
        JsonNode raw = JSON.readTree(Files.readString(json));
        assertThat(raw.path("hooks").isArray()).isTrue();
        assertThat(raw.at("/hooks/0/p99Ms").isNumber()).isTrue();
        assertThat(ImageIO.read(png.toFile()).getWidth()).isEqualTo(BenchPlot.WIDTH);
    }

    @Test
    void should_print_throughput_and_percentiles_when_one_call_is_replayed() {
        // given
        String target = server.url("/cds-services/dxguard-medication-sign");

        // when
        CliRun result = CliRun.of("bench", "call", "--target", target, "--key", key.toString(),
            "--kid", "dxguard-bench", "--iss", BenchKey.DEFAULT_ISSUER, "--concurrency", "2", "--requests", "20",
            "--warmup", "5");

        // then
        assertThat(result.code()).as(result.out() + result.err()).isZero();
        assertThat(result.out()).contains("requests=20").contains("requests_per_second=").contains("latency_ms_p99=")
            .contains("status_200=20").contains("mode=closed").contains("tokens_signed_inline=0");
    }
}
