package org.dxguard.service.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.dxguard.service.ServiceConfig;
import org.dxguard.service.TestServer;
import org.dxguard.service.cli.DxGuardCommand;
import org.dxguard.service.fhir.SyntheaCohort;
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
        String[] prepared = run("bench", "replay", "--prepare-only", "--cohort", "12", "--seed", "42",
            "--cohort-dir", cohortDir, "--trusted-ehrs-out", trusted.toString(), "--key-out", key.toString());
        assertThat(prepared[0]).as(prepared[2]).isEqualTo("0");
        assertThat(prepared[1]).contains("\"ehrs\"").contains("dxguard-bench");
        server = TestServer.start(ServiceConfig.builder().graphEnabled(false).host("127.0.0.1")
            .trustedEhrsFile(trusted));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = DxGuardCommand.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new String[] {String.valueOf(code), out.toString(), err.toString()};
    }

    @Test
    void should_replay_every_hook_without_server_errors_when_the_service_trusts_the_generated_key(@TempDir Path dir)
        throws Exception {
        // given
        Path json = dir.resolve("result.json");
        Path png = dir.resolve("result.png");

        // when
        String[] result = run("bench", "replay", "--target", server.url(""), "--cohort", "12", "--seed", "42",
            "--cohort-dir", cohortDir, "--key", key.toString(), "--concurrency", "2", "--duration", "3",
            "--warmup", "1", "--hook", "all", "--out", json.toString(), "--plot", png.toString());

        // then
        assertThat(result[1]).contains("order-sign").contains("p99 ms").contains("card mix");
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
        assertThat(read.hook("all").errors()).as(result[1]).isZero();
        assertThat(result[0]).as(result[2]).isEqualTo("0");
        assertThat(read.hook("order-sign").cardsByIndicator()).isNotEmpty();
        assertThat(read.hook("order-sign").cardsByRule()).isNotEmpty();
        assertThat(read.concurrency()).isEqualTo(2);
        // closed loop by default, on tokens all signed before the timed run
        assertThat(read.mode()).isEqualTo("closed");
        assertThat(read.targetRate()).isZero();
        assertThat(read.achievedRate()).isPositive();
        assertThat(read.tokensPresigned()).isGreaterThanOrEqualTo(read.hook("all").requests());
        assertThat(read.tokensSignedInline()).as(result[2]).isZero();
        assertThat(result[2]).doesNotContain("WARNING");
        assertThat(result[1]).contains("mode=closed");
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
        String[] result = run("bench", "call", "--target", target, "--key", key.toString(), "--kid", "dxguard-bench",
            "--iss", BenchKey.DEFAULT_ISSUER, "--concurrency", "2", "--requests", "20", "--warmup", "5");

        // then
        assertThat(result[0]).as(result[1] + result[2]).isEqualTo("0");
        assertThat(result[1]).contains("requests=20").contains("requests_per_second=").contains("latency_ms_p99=")
            .contains("status_200=20").contains("mode=closed").contains("tokens_signed_inline=0");
    }
}
