package org.dxguard.graph.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.dxguard.graph.GraphConfig;
import org.dxguard.graph.KnowledgeGraph;
import org.dxguard.graph.RankQuery;
import org.dxguard.graph.internal.DdxplusData;
import org.dxguard.graph.internal.GraphWriter;
import org.dxguard.graph.internal.KnowledgeSet;
import org.dxguard.graph.internal.Neo4jKnowledgeGraph;
import org.dxguard.model.Code;
import org.dxguard.model.Finding;
import org.dxguard.model.Sex;

/**
 * Repeatable ranking-latency benchmark (not a test; see docs/BENCHMARKS.md for the command):
 * <ul>
 *   <li>{@code ddxplus DIR}: DDXPlus graph learned from the even rows of DIR/patients_dev.csv, then every odd-row
 *   patient ranked (closed world, k = 5), 5 rounds after a warm-up round;</li>
 *   <li>{@code generated}: a seeded random graph of 20,000 diseases, 15,000 findings and 300,000 edges, 2,000
 *   synthetic patients (3–8 findings of one disease plus one random finding, open world, k = 5).</li>
 * </ul>
 * Prints {@code name=value} lines: p50/p95/p99 of wall-clock {@code rank} latency in ms (Bolt round trip included).
 */
public final class RankingBenchmark {
    private RankingBenchmark() {}

    private static long gcMillis() {
        long sum = 0;
        for (java.lang.management.GarbageCollectorMXBean b
            : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
            sum += Math.max(0, b.getCollectionTime());
        }
        return sum;
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: RankingBenchmark ddxplus DIR | generated");
            System.exit(2);
        }
        Path store = Files.createTempDirectory("dxguard-bench");
        try (KnowledgeGraph g = KnowledgeGraph.connect(GraphConfig.builder().dataDir(store)
            .loadDefaultOnFirstStart(false).build())) {
            List<RankQuery> queries = args[0].equals("ddxplus") ? ddxplus(g, Path.of(args[1])) : generated(g);
            // warm-up: at least 2,000 queries (the JIT compiles the driver, Bolt and the Cypher runtime), then a GC,
            // so that the measured rounds see the steady state and not the import's garbage
            for (int i = 0; i < Math.max(2000, queries.size()); i++) {
                g.rank(queries.get(i % queries.size()));
            }
            System.gc();
            int rounds = args[0].equals("ddxplus") ? 5 : 1;
            double[] t = new double[queries.size() * rounds];
            double[] best = new double[queries.size()];
            Arrays.fill(best, Double.MAX_VALUE);
            int n = 0;
            com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean();
            long gc0 = gcMillis();
            long cpu0 = os.getProcessCpuTime();
            for (int r = 0; r < rounds; r++) {
                for (int i = 0; i < queries.size(); i++) {
                    long t0 = System.nanoTime();
                    g.rank(queries.get(i));
                    double ms = (System.nanoTime() - t0) / 1e6;
                    t[n++] = ms;
                    best[i] = Math.min(best[i], ms);
                }
            }
            long cpu = os.getProcessCpuTime() - cpu0;
            long gc = gcMillis() - gc0;
            Arrays.sort(t);
            System.out.println("graph=" + args[0]);
            System.out.println("knowledge_base=" + g.knowledgeBaseVersion());
            System.out.println("counts=" + g.imports().counts());
            System.out.println("queries=" + t.length);
            // CPU of the whole process (client and in-process Neo4j) per query: steadier than wall clock on a
            // shared machine
            System.out.printf(Locale.ROOT, "cpu_ms_per_query=%.2f%n", cpu / 1e6 / t.length);
            System.out.println("gc_ms_during_run=" + gc);
            System.out.printf(Locale.ROOT, "latency_p50_ms=%.2f%nlatency_p95_ms=%.2f%nlatency_p99_ms=%.2f%n",
                pct(t, 0.50), pct(t, 0.95), pct(t, 0.99));
            if (rounds > 1) {
                // each query's fastest of its rounds: what the query itself costs, without the machine's noise
                Arrays.sort(best);
                System.out.printf(Locale.ROOT, "best_of_rounds_p50_ms=%.2f%nbest_of_rounds_p95_ms=%.2f%n",
                    pct(best, 0.50), pct(best, 0.95));
            }
        } finally {
            try (Stream<Path> s = Files.walk(store)) {
                s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static List<RankQuery> ddxplus(KnowledgeGraph g, Path dir) throws IOException {
        List<String> lines = Files.readAllLines(dir.resolve("patients_dev.csv"), StandardCharsets.UTF_8).stream()
            .filter(l -> !l.isBlank()).toList();
        List<String> train = new ArrayList<>(List.of(lines.get(0)));
        List<String> test = new ArrayList<>(List.of(lines.get(0)));
        for (int i = 1; i < lines.size(); i++) {
            ((i - 1) % 2 == 0 ? train : test).add(lines.get(i));
        }
        Path tmp = Files.createTempDirectory("dxguard-bench-split");
        Files.write(tmp.resolve("train.csv"), train, StandardCharsets.UTF_8);
        Files.write(tmp.resolve("test.csv"), test, StandardCharsets.UTF_8);
        g.imports().importDdxplus(dir, tmp.resolve("train.csv"));
        return DdxplusData.readPatients(tmp.resolve("test.csv")).stream()
            .map(c -> new RankQuery(c.tokens().stream().map(DdxplusData::toFinding).toList(), c.age(), c.sex(), 5,
                true)).toList();
    }

    private static List<RankQuery> generated(KnowledgeGraph g) {
        int diseases = 20_000;
        int findings = 15_000;
        int edges = 300_000;
        Random rnd = new Random(42);
        String sys = "urn:dxguard:bench";
        List<KnowledgeSet.FindingSpec> fs = new ArrayList<>();
        for (int f = 0; f < findings; f++) {
            String key = sys + "|f" + f;
            fs.add(new KnowledgeSet.FindingSpec(key, sys, "f" + f, null, null, "finding " + f,
                f % 5 == 0 ? "antecedent" : "symptom", "B", List.of()));
        }
        List<KnowledgeSet.DiseaseSpec> ds = new ArrayList<>();
        List<KnowledgeSet.EdgeSpec> es = new ArrayList<>();
        List<List<Integer>> byDisease = new ArrayList<>();
        int perDisease = edges / diseases;
        for (int d = 0; d < diseases; d++) {
            String key = sys + "|d" + d;
            ds.add(new KnowledgeSet.DiseaseSpec(key, sys, "d" + d, "disease " + d, 1 + rnd.nextInt(5),
                1.0 / diseases, Map.of()));
            Set<Integer> mine = new LinkedHashSet<>();
            while (mine.size() < perDisease) {
                // skewed popularity: a few findings (fever, pain…) are shared by many diseases
                double u = rnd.nextDouble();
                mine.add((int) Math.min(findings - 1, Math.floor(findings * u * u)));
            }
            byDisease.add(List.copyOf(mine));
            for (int f : mine) {
                double p = 0.05 + 0.9 * rnd.nextDouble();
                es.add(new KnowledgeSet.EdgeSpec(key, sys + "|f" + f, p, p >= 0.6));
            }
        }
        new GraphWriter(((Neo4jKnowledgeGraph) g).driver(), null).write(
            new KnowledgeSet("bench", "bench-1", ds, fs, es, List.of(), List.of(), null));
        ((Neo4jKnowledgeGraph) g).invalidate();
        List<RankQuery> qs = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            List<Integer> mine = byDisease.get(rnd.nextInt(diseases));
            List<Finding> f = new ArrayList<>();
            int n = 3 + rnd.nextInt(6);
            for (int j = 0; j < n; j++) {
                f.add(Finding.present(Code.of(sys, "f" + mine.get(rnd.nextInt(mine.size())))));
            }
            f.add(Finding.present(Code.of(sys, "f" + rnd.nextInt(findings))));
            qs.add(new RankQuery(f, 20 + rnd.nextInt(60), rnd.nextBoolean() ? Sex.MALE : Sex.FEMALE, 5, false));
        }
        return qs;
    }

    private static double pct(double[] sorted, double q) {
        return sorted[Math.max(0, Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1))];
    }
}
