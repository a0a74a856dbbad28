package org.dxguard.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.dxguard.model.DxGuardException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContextEvaluationTest {
    @Test
    void should_compute_every_metric_when_a_test_set_file_is_evaluated(@TempDir Path tmp) throws Exception {
        // given
        Path tsv = tmp.resolve("set.tsv");
        Files.writeString(tsv, Fixtures.text("context/sample.tsv"));

        // when
        ContextEvaluation.Report all = ContextEvaluation.run(ClinicalText.withPackagedLexicon(), tsv,
            ContextEvaluation.Split.ALL);
        ContextEvaluation.Report holdout = ContextEvaluation.run(ClinicalText.withPackagedLexicon(), tsv,
            ContextEvaluation.Split.HOLDOUT);

        // then
        assertThat(all.sentences()).isEqualTo(6);
        assertThat(all.negationAccuracy()).isEqualTo(1.0);
        assertThat(all.negationF1()).isEqualTo(1.0);
        assertThat(all.temporalityAccuracy()).isEqualTo(1.0);
        assertThat(all.experiencerAccuracy()).isEqualTo(1.0);
        assertThat(all.toLines()).contains("sentences=6", "negation_precision=1.0000", "negation_recall=1.0000");
        assertThat(holdout.sentences()).isEqualTo(1); // line 121: block 2 (lines 121-180) = 2 mod 3
    }

    @Test
    void should_reject_a_file_with_too_few_columns_when_it_is_evaluated(@TempDir Path tmp) throws Exception {
        // given
        Path tsv = tmp.resolve("bad.tsv");
        Files.writeString(tsv, "header\n1\tcough\n");

        // when / then
        assertThatThrownBy(() -> ContextEvaluation.run(ClinicalText.withPackagedLexicon(), tsv,
            ContextEvaluation.Split.ALL)).isInstanceOf(DxGuardException.class).hasMessageStartingWith("DXG-0806");
    }
}
