package org.dxguard.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClaimTest {
    @Test
    void should_not_count_as_recommendation_when_negated() {
        // given
        Claim c = new Claim("c1", Claim.Kind.MEDICATION, "text#s0", "do not start metformin", "metformin", "start",
            true, null, null, null);
        // when / then
        assertThat(c.recommendsDrug()).isFalse();
        assertThat(c.section()).isEqualTo("text");
    }

    @Test
    void should_count_dosed_mention_as_recommendation_when_not_negated() {
        // given
        Claim c = new Claim("c1", Claim.Kind.MEDICATION, "candidates[0].rationale#s1", "metformin 3 g daily",
            "metformin", null, false, new Dose(3, "g", DoseFrequency.ONCE_DAILY, null), null, null);
        // then
        assertThat(c.action()).isEqualTo("mention");
        assertThat(c.recommendsDrug()).isTrue();
        assertThat(c.section()).isEqualTo("candidates[0]");
    }

    @Test
    void should_reject_lab_claim_when_value_missing() {
        assertThatThrownBy(() -> new Claim("c1", Claim.Kind.LAB_VALUE, "text", "", "EGFR", null, false, null, null,
            null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void should_reject_verdict_when_veto_names_another_claim() {
        // given
        Claim c = new Claim("c1", Claim.Kind.DIRECTIVE, "text", "immediately", "immediately", null, false, null, null,
            null);
        Veto v = new Veto("c2", "VETO-DIR-001", "1.0.0", "dxguard-veto", "cite", null, Severity.CRITICAL, "why");
        // then
        assertThatThrownBy(() -> new ClaimVerdict(c, List.of(v))).isInstanceOf(IllegalArgumentException.class);
        assertThat(new ClaimVerdict(c, List.of()).allowed()).isTrue();
    }
}
