package org.dxguard.graph;

import java.nio.file.Path;
import java.util.List;
import org.dxguard.graph.internal.CsvKnowledge;
import org.dxguard.graph.internal.DdxplusData;
import org.dxguard.graph.internal.DdxplusLearner;
import org.dxguard.graph.internal.GraphWriter;
import org.dxguard.graph.internal.KnowledgeSet;
import org.dxguard.graph.internal.Neo4jKnowledgeGraph;
import org.dxguard.graph.internal.SyntheaModules;
import org.dxguard.model.DxGuardException;
import org.neo4j.driver.exceptions.Neo4jException;

/**
 * Idempotent importers into a {@link KnowledgeGraph}: each source's relationships are replaced and its nodes
 * merged by key, so importing the same input twice gives the same graph. Obtain with {@link KnowledgeGraph#imports()}.
 */
public final class GraphImports {
    private final Neo4jKnowledgeGraph graph;
    private final GraphWriter writer;

    /** Node and relationship counts. */
    public record GraphCounts(int diseases, int findings, int edges, int weights, int terms) {}

    /** What one import wrote (this source's share) and the graph's totals afterwards. */
    public record ImportResult(String source, String version, GraphCounts imported, GraphCounts totals) {}

    private GraphImports(Neo4jKnowledgeGraph graph) {
        this.graph = graph;
        this.writer = new GraphWriter(graph.driver(), graph.database());
    }

    public static GraphImports on(KnowledgeGraph graph) {
        if (graph instanceof Neo4jKnowledgeGraph g) {
            return new GraphImports(g);
        }
        throw new IllegalArgumentException("imports need the Neo4j knowledge graph, got " + graph.getClass());
    }

    /**
     * DDXPlus: {@code release_conditions.json} and {@code release_evidences.json} from {@code dir}; edge weights,
     * priors and the calibrated differential model learned from {@code trainingCsv} (DDXPlus patient CSV).
     */
    public ImportResult importDdxplus(Path dir, Path trainingCsv) {
        DdxplusData data = DdxplusData.load(dir);
        List<DdxplusData.PatientCase> training = DdxplusData.readPatients(trainingCsv);
        if (training.isEmpty()) {
            throw new DxGuardException(GraphErrors.IMPORT_INVALID, "training file " + trainingCsv + " has no patients");
        }
        return write(new DdxplusLearner(data).learn(training));
    }

    /** The disease modules shipped in the Synthea 3.3.0 jar (symptoms and their probabilities); no download. */
    public ImportResult importSyntheaModules() {
        return write(SyntheaModules.load());
    }

    /** Our own format (see knowledge-graph/README.md): a YAML file, or a directory with the three CSV files. */
    public ImportResult importCsv(Path path) {
        return write(CsvKnowledge.load(path));
    }

    /** Same as {@link #importCsv(Path)}; the format is chosen by the file name. */
    public ImportResult importYaml(Path path) {
        return write(CsvKnowledge.load(path));
    }

    public GraphCounts counts() {
        try {
            return writer.counts();
        } catch (Neo4jException e) {
            throw new DxGuardException(GraphErrors.GRAPH_UNAVAILABLE, "cannot count the graph: " + e.getMessage(), e);
        }
    }

    private ImportResult write(KnowledgeSet ks) {
        try {
            writer.write(ks);
        } catch (Neo4jException e) {
            throw new DxGuardException(GraphErrors.GRAPH_UNAVAILABLE, "import of " + ks.source() + " failed: "
                + e.getMessage(), e);
        } finally {
            graph.invalidate();
        }
        return new ImportResult(ks.source(), ks.version(), new GraphCounts(ks.diseases().size(), ks.findings().size(),
            ks.edges().size(), ks.weights().size(), ks.terms().size()), counts());
    }
}
