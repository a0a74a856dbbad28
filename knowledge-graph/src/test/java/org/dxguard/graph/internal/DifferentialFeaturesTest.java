package org.dxguard.graph.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DifferentialFeaturesTest {
    @Test
    void should_give_the_same_posterior_rank_when_the_ranker_and_the_learner_count_it() {
        // given: posteriors with ties and underflowed zeros, as a closed-world DDXPlus query gives them
        double[] posts = {0.0, 0.6, 0.25, 0.0, 0.1, 0.025, 0.025};
        double[] sorted = posts.clone();
        Arrays.sort(sorted);

        for (int d = 0; d < posts.length; d++) {
            // when
            int ranker = Ranker.higher(sorted, posts[d]);
            int learner = DdxplusLearner.rankOf(posts, d);

            // then
            assertThat(ranker).as("candidate %d", d).isEqualTo(learner);
        }
        assertThat(DdxplusLearner.rankOf(posts, 1)).isZero();
        assertThat(DdxplusLearner.rankOf(posts, 5)).isEqualTo(3);
        assertThat(DdxplusLearner.rankOf(posts, 0)).isEqualTo(5);
    }

    @Test
    void should_describe_the_disease_profile_when_the_patient_has_all_its_symptoms_and_some_antecedents() {
        // given: 6 present findings (4 symptoms); the disease lists 3 symptoms and 4 antecedents, the patient has all
        // 3 symptoms and 1 antecedent, and it is the second most likely candidate
        // when
        double[] f = DifferentialFeatures.pair(6, 4, 4, 3, 7, -2.0, -1.0, 0.3, 3, 4, 1);

        // then
        assertThat(f).hasSize(DifferentialFeatures.PAIR_FEATURES);
        assertThat(f[12]).isEqualTo(1.0);
        assertThat(f[13]).isEqualTo(0.25);
        assertThat(f[14]).isEqualTo(1.0);
        assertThat(f[15]).isEqualTo(Math.log1p(1) / 3);
        assertThat(f[16]).isZero();
        assertThat(f[17]).isEqualTo(Math.log(0.3 + 1e-9) / 10);
    }

    @Test
    void should_not_divide_by_zero_when_the_disease_lists_no_symptoms_or_antecedents() {
        // when
        double[] f = DifferentialFeatures.pair(2, 1, 0, 0, 0, -60.0, -60.0, 0.0, 0, 0, 4);

        // then
        assertThat(f).doesNotContain(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY);
        assertThat(f[12]).isZero();
        assertThat(f[13]).isZero();
        assertThat(f[14]).isZero();
        assertThat(f[17]).isEqualTo(-2.0);
    }
}
