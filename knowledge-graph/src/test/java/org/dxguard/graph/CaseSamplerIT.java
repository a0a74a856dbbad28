package org.dxguard.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.dxguard.model.Finding;
import org.dxguard.model.PatientFacts;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Cases sampled from the graph itself, as the explainer's fine-tuning data export draws them. */
class CaseSamplerIT {
    private static KnowledgeGraph graph;

    @BeforeAll
    static void importFixtures() {
        graph = TestGraph.clean();
        graph.imports().importYaml(Fixtures.path("tiny-kb.yaml"));
    }

    private static List<PatientFacts> sample(long seed, int n) {
        CaseSampler sampler = CaseSampler.from(graph, seed, 4, 1);
        List<PatientFacts> cases = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            cases.add(sampler.next());
        }
        return cases;
    }

    @Test
    void should_sample_the_same_cases_when_the_seed_is_the_same() {
        // when
        List<PatientFacts> first = sample(7, 20);
        List<PatientFacts> again = sample(7, 20);

        // then
        assertThat(again).isEqualTo(first);
        assertThat(CaseSampler.from(graph, 7, 4, 1).diseaseCount()).isEqualTo(3);
    }

    @Test
    void should_draw_present_findings_of_the_graph_within_the_limits_when_sampling() {
        // when
        List<PatientFacts> cases = sample(11, 50);

        // then: never empty, at most 4 drawn + 1 noise, all present, ages 1-95, as of the sampler's moment
        assertThat(cases).allSatisfy(c -> {
            assertThat(c.findings()).isNotEmpty().hasSizeLessThanOrEqualTo(5).allMatch(Finding::present);
            assertThat(c.ageYears()).isBetween(1, 95);
            assertThat(c.asOf()).isEqualTo(CaseSampler.AS_OF);
        });
        assertThat(cases).flatExtracting(PatientFacts::findings).extracting(f -> f.code().code())
            .contains("dyspnea", "cough", "runny-nose");
    }
}
