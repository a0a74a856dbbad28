package org.dxguard.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.dxguard.model.Code;
import org.dxguard.model.Finding;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.Neo4jContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/** The same code path against a Neo4j 5.26 server in Docker; skipped (not failed) where Docker is absent. */
@Testcontainers(disabledWithoutDocker = true)
class Neo4jContainerIT {
    @Container
    private static final Neo4jContainer<?> NEO4J = new Neo4jContainer<>("neo4j:5.26").withAdminPassword("dxguard-test");

    @Test
    void should_import_and_rank_when_connected_to_a_neo4j_server() {
        // given
        GraphConfig config = GraphConfig.builder().uri(NEO4J.getBoltUrl()).user("neo4j").password("dxguard-test")
            .loadDefaultOnFirstStart(false).build();
        try (KnowledgeGraph g = KnowledgeGraph.connect(config)) {
            g.imports().importYaml(Fixtures.path("tiny-kb.yaml"));

            // when
            Differential d = g.rank(List.of(Finding.present(Code.of("urn:dxguard:local", "fever")),
                Finding.present(Code.of("urn:dxguard:local", "cough"))), 40, null, 3);

            // then
            assertThat(g.healthy()).isTrue();
            assertThat(d.candidates().get(0).name()).isEqualTo("Pneumonia");
        }
    }
}
