package org.dxguard.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.dxguard.graph.GraphImports.GraphCounts;
import org.dxguard.model.Code;
import org.dxguard.model.Finding;
import org.dxguard.model.Sex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RestartIT {
    @Test
    void should_load_default_graph_once_and_keep_it_when_embedded_store_restarts(@TempDir Path tmp) {
        // given: first start on an empty data directory loads the default (Synthea) graph
        GraphConfig config = GraphConfig.builder().dataDir(tmp.resolve("store")).build();
        GraphCounts before;
        String version;
        try (KnowledgeGraph g = KnowledgeGraph.connect(config)) {
            before = g.imports().counts();
            version = g.knowledgeBaseVersion();
            assertThat(g.healthy()).isTrue();
        }

        // when
        try (KnowledgeGraph g = KnowledgeGraph.connect(config)) {
            // then
            assertThat(before.diseases()).isGreaterThanOrEqualTo(25);
            assertThat(g.imports().counts()).isEqualTo(before);
            assertThat(g.knowledgeBaseVersion()).isEqualTo(version).startsWith("synthea-3.3.0@");
            Differential d = g.rank(List.of(
                Finding.present(Code.of("urn:dxguard:synthea:symptom", "abdominal-pain")),
                Finding.present(Code.of("urn:dxguard:synthea:symptom", "fever")),
                Finding.present(Code.of("urn:dxguard:synthea:symptom", "loss-of-appetite"))), 25, Sex.MALE, 3);
            assertThat(d.candidates()).isNotEmpty();
            assertThat(d.candidates().get(0).name()).isEqualTo("Appendicitis");
        }
    }
}
