package org.dxguard.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.dxguard.graph.internal.GraphWriter;
import org.dxguard.graph.internal.Neo4jKnowledgeGraph;
import org.dxguard.model.Candidate;
import org.dxguard.model.Code;
import org.dxguard.model.Evidence;
import org.dxguard.model.Finding;
import org.dxguard.model.PatientFacts;
import org.dxguard.model.Sex;
import org.junit.jupiter.api.Test;

/**
 * Ranking reads a per-finding adjacency written at import and caches disease parameters and key findings per
 * knowledge version: a re-import must show at once, and a graph without the adjacency must rank the same.
 */
class RankingCacheIT {
    private static final String LOCAL = "urn:dxguard:local";

    private static Finding present(String code) {
        return Finding.present(Code.of(LOCAL, code));
    }

    private static Candidate embolism(Differential d) {
        return d.candidates().stream().filter(c -> c.name().startsWith("Pulmonary embolism")).findFirst()
            .orElseThrow();
    }

    @Test
    void should_rank_with_the_new_knowledge_when_a_source_is_reimported_with_changes() {
        // given a graph ranked once, so its parameters are cached
        KnowledgeGraph graph = TestGraph.clean(); // shared by the module's tests: not closed here
        graph.imports().importYaml(Fixtures.path("tiny-kb.yaml"));
        List<Finding> findings = List.of(present("dyspnea"), present("cough"));
        Differential before = graph.rank(findings, 50, Sex.MALE, 5);
        assertThat(embolism(before).name()).isEqualTo("Pulmonary embolism");
        assertThat(embolism(before).missing()).extracting(Evidence::id).containsExactly("ev:chest-pain");

        // when the same source is imported again with a renamed disease and another key finding
        graph.imports().importYaml(Fixtures.path("tiny-kb-v2.yaml"));
        Differential after = graph.rank(findings, 50, Sex.MALE, 5);

        // then the ranking reads the new version, not the cached one
        assertThat(after.knowledgeBaseVersion()).isNotEqualTo(before.knowledgeBaseVersion());
        assertThat(embolism(after).name()).isEqualTo("Pulmonary embolism (revised)");
        assertThat(embolism(after).missing()).extracting(Evidence::id).containsExactly("ev:hemoptysis");
    }

    @Test
    void should_map_codes_with_the_new_knowledge_when_a_source_is_reimported_with_new_terms() {
        // given a graph that has mapped a SNOMED CT code it has no term for (cached per version as "maps to nothing")
        KnowledgeGraph graph = TestGraph.clean();
        graph.imports().importYaml(Fixtures.path("tiny-kb.yaml"));
        PatientFacts facts = PatientFacts.builder().ageYears(50)
            .finding(Finding.present(Code.snomed("66857006"))).finding(Finding.present(Code.snomed("49727002")))
            .build();
        assertThat(graph.findingsFor(facts)).extracting(f -> f.code().code()).containsExactly("66857006",
            "49727002", "cough");
        assertThat(graph.findingsFor(facts)).extracting(f -> f.code().code()).containsExactly("66857006",
            "49727002", "cough");

        // when the source is imported again with hemoptysis coded in SNOMED CT
        graph.imports().importYaml(Fixtures.path("tiny-kb-v2.yaml"));
        List<Finding> after = graph.findingsFor(facts);

        // then the new term maps at once, present like the coded finding it came from
        assertThat(after).extracting(f -> f.code().code()).containsExactly("66857006", "49727002", "hemoptysis",
            "cough");
        assertThat(after.get(2).present()).isTrue();
    }

    @Test
    void should_rank_the_same_from_the_relationships_when_the_ranking_adjacency_is_missing() {
        // given a graph ranked from its ranking adjacency
        KnowledgeGraph graph = TestGraph.clean();
        graph.imports().importYaml(Fixtures.path("tiny-kb.yaml"));
        List<Finding> findings = List.of(present("dyspnea"), present("cough"), present("fever"));
        Differential fromAdjacency = graph.rank(findings, 50, Sex.MALE, 5);
        Neo4jKnowledgeGraph neo = (Neo4jKnowledgeGraph) graph;

        // when a graph written by an older version (no adjacency) is ranked
        try (var s = neo.driver().session()) {
            s.run("MATCH (f:Finding) REMOVE f.rankDiseases, f.rankP, f.rankKey").consume();
        }
        Differential fromEdges = graph.rank(findings, 50, Sex.MALE, 5);

        // then the relationships give the same differential, and connecting writes the adjacency again
        assertThat(fromEdges.candidates()).isEqualTo(fromAdjacency.candidates());
        new GraphWriter(neo.driver(), neo.database()).ensureRankingAdjacency();
        try (var s = neo.driver().session()) {
            assertThat(s.run("MATCH (f:Finding) WHERE f.rankDiseases IS NULL RETURN count(f) AS n").single()
                .get("n").asLong()).isZero();
        }
        assertThat(graph.rank(findings, 50, Sex.MALE, 5).candidates()).isEqualTo(fromAdjacency.candidates());
    }
}
