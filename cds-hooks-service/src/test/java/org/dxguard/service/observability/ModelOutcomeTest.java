package org.dxguard.service.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.dxguard.reasoner.ExplanationOutcome;
import org.dxguard.reasoner.ExplanationOutcome.Reason;
import org.junit.jupiter.api.Test;

class ModelOutcomeTest {

    @Test
    void should_classify_each_kind_of_explainer_outcome_when_counting_model_calls() {
        // given
        Duration d = Duration.ofMillis(5);

        // when / then
        assertThat(ModelOutcome.of(ExplanationOutcome.pending(Reason.PENDING, "model timed out after 1.5 s", "m", "p1", d)))
            .isEqualTo(ModelOutcome.TIMEOUT);
        assertThat(ModelOutcome.of(ExplanationOutcome.unavailable(Reason.MODEL_UNAVAILABLE,
            "model server unavailable (circuit open)", "m",
            "p1", null, null, d))).isEqualTo(ModelOutcome.CIRCUIT_OPEN);
        assertThat(ModelOutcome.of(ExplanationOutcome.unavailable(Reason.INCOMPLETE,
            "output did not match the schema", "m", "p1",
            "{not json", null, d))).isEqualTo(ModelOutcome.INVALID);
        assertThat(ModelOutcome.of(ExplanationOutcome.unavailable(Reason.MODEL_UNREACHABLE,
            "connection refused", "m", "p1", null, null, d)))
            .isEqualTo(ModelOutcome.ERROR);
        assertThat(ModelOutcome.CIRCUIT_OPEN.label()).isEqualTo("circuit-open");
    }
}
