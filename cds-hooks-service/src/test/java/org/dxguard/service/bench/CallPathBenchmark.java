package org.dxguard.service.bench;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.dxguard.bench.ReplayBench;
import org.dxguard.bench.synthea.Prefetch;
import org.dxguard.service.DxGuardServer;
import org.dxguard.service.ServiceConfig;
import org.dxguard.service.hooks.ApiResult;
import org.dxguard.service.hooks.PrefetchTemplates;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What one realistic hook call costs the service in-process, without HTTP and token checks: the calls of
 * {@code bench replay} (a seeded Synthea cohort, 40 patients, every date moved to today, the prefetch the service
 * asks for) through {@code CdsHooksApi.call}: request JSON, prefetch parsed with HAPI, FHIR → clinical-model mapping, the guideline
 * rules, cards, and the decision record appended (forced to disk when {@code fsync=true}, as {@code serve} does by
 * default). One thread, so the figure is the CPU path without contention. Run (see docs/BENCHMARKS.md):
 * <pre>
 * ./mvnw -q -pl cds-hooks-service -am test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/bench-cp.txt -Dmdep.includeScope=test
 * java -cp cds-hooks-service/target/test-classes:cds-hooks-service/target/classes:$(cat cds-hooks-service/target/bench-cp.txt) \
 *     org.openjdk.jmh.Main CallPathBenchmark
 * </pre>
 * The cohort is generated on first use (about a minute) and cached where {@code bench replay} caches it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g"})
public class CallPathBenchmark {
    @Param({"order-sign"})
    public String hook;

    @Param({"false"})
    public boolean fsync;

    private DxGuardServer server;
    private Path dataDir;
    private String serviceId;
    private List<byte[][]> calls;
    private int next;

    @Setup(Level.Trial)
    public void start() throws Exception {
        ReplayBench.Hook h = ReplayBench.Hook.parse(hook).iterator().next();
        ReplayBench.Plan plan = ReplayBench.builder().target(URI.create("http://localhost:1"))
            .hooks(EnumSet.of(h)).patients(40).seed(1).signer(s -> s).progress(s -> { }).build().plan();
        // the prefetch the services announce in their discovery
        Map<String, Prefetch> prefetch = Map.of(
            "dxguard-differential", Prefetch.of(PrefetchTemplates.differential()),
            "dxguard-medication-select", Prefetch.of(PrefetchTemplates.medicationSafety()),
            "dxguard-medication-sign", Prefetch.of(PrefetchTemplates.medicationSafety()));
        calls = ReplayBench.bodies(plan, prefetch).stream().map(body -> {
            int at = body.indexOf(ReplayBench.PLACEHOLDER_INSTANCE);
            return new byte[][] {body.substring(0, at).getBytes(StandardCharsets.UTF_8),
                body.substring(at + ReplayBench.PLACEHOLDER_INSTANCE.length()).getBytes(StandardCharsets.UTF_8)};
        }).toList();
        serviceId = h.serviceId();
        dataDir = Files.createTempDirectory("dxguard-callpath");
        server = DxGuardServer.start(ServiceConfig.builder().host("127.0.0.1").port(0).dataDir(dataDir)
            .graphEnabled(false).consoleEnabled(false).auditFsync(fsync).build());
    }

    @TearDown(Level.Trial)
    public void stop() throws Exception {
        server.close();
        try (var files = Files.walk(dataDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Benchmark
    public int call() {
        byte[][] c = calls.get(next++ % calls.size());
        byte[] instance = UUID.randomUUID().toString().getBytes(StandardCharsets.US_ASCII);
        byte[] body = new byte[c[0].length + instance.length + c[1].length];
        System.arraycopy(c[0], 0, body, 0, c[0].length);
        System.arraycopy(instance, 0, body, c[0].length, instance.length);
        System.arraycopy(c[1], 0, body, c[0].length + instance.length, c[1].length);
        ApiResult result = server.api().call(serviceId, body, "https://bench.dxguard.local");
        if (result.status() != 200) {
            throw new IllegalStateException("call answered " + result.status());
        }
        return result.status();
    }
}
