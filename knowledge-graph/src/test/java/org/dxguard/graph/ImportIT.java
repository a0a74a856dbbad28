package org.dxguard.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dxguard.graph.GraphImports.GraphCounts;
import org.dxguard.graph.GraphImports.ImportResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImportIT {
    @Test
    void should_leave_same_graph_when_yaml_and_csv_are_imported_twice() {
        // given
        KnowledgeGraph g = TestGraph.clean();
        g.imports().importYaml(Fixtures.path("tiny-kb.yaml"));
        g.imports().importCsv(Fixtures.path("csv-kb"));
        GraphCounts first = g.imports().counts();
        String version = g.knowledgeBaseVersion();

        // when
        g.imports().importYaml(Fixtures.path("tiny-kb.yaml"));
        g.imports().importCsv(Fixtures.path("csv-kb"));

        // then
        assertThat(g.imports().counts()).isEqualTo(first);
        assertThat(first).isEqualTo(new GraphCounts(5, 10, 17, 0, 5));
        assertThat(g.knowledgeBaseVersion()).isEqualTo(version);
    }

    @Test
    void should_leave_same_graph_when_synthea_modules_are_imported_twice() {
        // given
        KnowledgeGraph g = TestGraph.clean();
        ImportResult first = g.imports().importSyntheaModules();

        // when
        ImportResult second = g.imports().importSyntheaModules();

        // then
        assertThat(second.totals()).isEqualTo(first.totals());
        assertThat(first.imported().diseases()).isGreaterThanOrEqualTo(25);
        assertThat(g.knowledgeBaseVersion()).startsWith("synthea-3.3.0@");
    }

    @Test
    void should_leave_same_graph_when_ddxplus_is_imported_twice(@TempDir Path tmp) throws IOException {
        // given: a small training file (the first 60 patients) keeps this test fast
        Path dir = TestData.ddxplusDir();
        List<String> lines = Files.readAllLines(dir.resolve("patients_dev.csv"), StandardCharsets.UTF_8);
        Path train = tmp.resolve("train-small.csv");
        Files.write(train, lines.subList(0, 61), StandardCharsets.UTF_8);
        KnowledgeGraph g = TestGraph.clean();
        ImportResult first = g.imports().importDdxplus(dir, train);

        // when
        ImportResult second = g.imports().importDdxplus(dir, train);

        // then
        assertThat(second.totals()).isEqualTo(first.totals());
        assertThat(first.totals().diseases()).isEqualTo(49);
        assertThat(first.totals().findings()).isGreaterThan(223);
        assertThat(first.totals().weights()).isPositive();
        assertThat(g.knowledgeBaseVersion()).startsWith("ddxplus-2022@");
    }
}
