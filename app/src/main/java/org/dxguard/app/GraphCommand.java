package org.dxguard.app;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.dxguard.graph.DdxplusEvaluation;
import org.dxguard.graph.GraphConfig;
import org.dxguard.graph.GraphImports;
import org.dxguard.graph.KnowledgeGraph;
import org.dxguard.model.DxGuardException;
import org.dxguard.service.DxGuardServer;
import org.dxguard.service.ServiceConfig;
import org.dxguard.service.cdshooks.ServiceErrors;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dxguard graph}: import knowledge into the graph and benchmark the ranking on DDXPlus. */
@Command(name = "graph", mixinStandardHelpOptions = true,
    description = "Knowledge graph jobs: import knowledge, evaluate the ranking on DDXPlus.",
    subcommands = {GraphCommand.Import.class, GraphCommand.Evaluate.class})
public final class GraphCommand implements Runnable {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The instance's graph: DXGUARD_NEO4J_URI when set, else the embedded store under the data directory. */
    static GraphConfig config(Path dataDir, boolean loadDefault) {
        return DxGuardServer.graphConfig(dataDir == null ? ServiceConfig.defaultDataDir() : dataDir, loadDefault);
    }

    static Path existing(Path p, String option) {
        if (p != null && !Files.exists(p)) {
            throw new DxGuardException(ServiceErrors.INVALID_CONFIG, option + " " + p + " does not exist");
        }
        return p;
    }

    @Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Import knowledge into this instance's graph (stop `serve` on the same --data-dir first, or "
            + "set DXGUARD_NEO4J_URI to a server). Re-importing a source replaces it (idempotent)."})
    static final class Import implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Option(names = "--data-dir", defaultValue = "${env:DXGUARD_DATA_DIR}", description = "Data directory.")
        Path dataDir;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Source source;

        static final class Source {
            @Option(names = "--ddxplus", paramLabel = "DIR",
                description = "DDXPlus release (release_conditions.json, release_evidences.json); needs --train.")
            Path ddxplus;

            @Option(names = "--synthea", description = "Synthea 3.3.0 disease modules (shipped in its jar).")
            boolean synthea;

            @Option(names = "--csv", paramLabel = "DIR", description = "Our CSV format (see knowledge-graph/README.md).")
            Path csv;

            @Option(names = "--yaml", paramLabel = "FILE", description = "Our YAML format.")
            Path yaml;
        }

        @Option(names = "--train", paramLabel = "FILE", description = "DDXPlus patient CSV to learn weights from.")
        Path train;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (KnowledgeGraph g = KnowledgeGraph.connect(config(dataDir, false))) {
                GraphImports imports = g.imports();
                GraphImports.ImportResult r;
                if (source.ddxplus != null) {
                    if (train == null) {
                        throw new DxGuardException(ServiceErrors.INVALID_CONFIG, "--ddxplus needs --train FILE");
                    }
                    r = imports.importDdxplus(existing(source.ddxplus, "--ddxplus"), existing(train, "--train"));
                } else if (source.synthea) {
                    r = imports.importSyntheaModules();
                } else if (source.csv != null) {
                    r = imports.importCsv(existing(source.csv, "--csv"));
                } else {
                    r = imports.importYaml(existing(source.yaml, "--yaml"));
                }
                out.println("source=" + r.source());
                out.println("version=" + r.version());
                out.println("imported=" + r.imported());
                out.println("totals=" + r.totals());
                out.println("knowledge_base_version=" + g.knowledgeBaseVersion());
            }
            return 0;
        }
    }

    @Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Learn the DDXPlus graph from --train in a fresh embedded graph, rank every --test patient "
            + "and print GTPA@1/3/5, DDR, DDP, DDF1, severity recall and latency p50/p95, one name=value per line."})
    static final class Evaluate implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Option(names = "--ddxplus", required = true, paramLabel = "DIR", description = "DDXPlus release directory.")
        Path ddxplus;

        @Option(names = "--train", required = true, paramLabel = "FILE", description = "Training patients (CSV).")
        Path train;

        @Option(names = "--test", required = true, paramLabel = "FILE", description = "Test patients (CSV).")
        Path test;

        @Option(names = "--k", defaultValue = "5", description = "Candidates per patient (default ${DEFAULT-VALUE}).")
        int k;

        @Override
        public Integer call() throws Exception {
            existing(ddxplus, "--ddxplus");
            existing(train, "--train");
            existing(test, "--test");
            Path scratch = Files.createTempDirectory("dxguard-graph-evaluate");
            try (KnowledgeGraph g = KnowledgeGraph.connect(GraphConfig.builder().dataDir(scratch)
                .loadDefaultOnFirstStart(false).build())) {
                DdxplusEvaluation.Report report = DdxplusEvaluation.run(g, ddxplus, train, test, k);
                report.toLines().forEach(spec.commandLine().getOut()::println);
            } finally {
                deleteTree(scratch);
            }
            return 0;
        }

        private static void deleteTree(Path dir) {
            try (var paths = Files.walk(dir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (java.io.IOException e) {
                // a temporary directory; the OS cleans it eventually
            }
        }
    }
}
