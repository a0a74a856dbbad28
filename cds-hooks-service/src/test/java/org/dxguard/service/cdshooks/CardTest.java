package org.dxguard.service.cdshooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CardTest {

    @Test
    void should_default_selection_behavior_when_card_has_suggestions() {
        Card card = Card.builder().summary("Reduce the dose").source(Source.of("ADA", null))
            .suggestion(Suggestion.of("Cancel order", true,
                List.of(new Action(Action.Type.DELETE, "Cancel the draft order", null, "MedicationRequest/1"))))
            .build();

        assertThat(card.selectionBehavior()).isEqualTo(Card.SelectionBehavior.AT_MOST_ONE);
        assertThat(card.suggestions().get(0).uuid()).isNotBlank();
    }

    @Test
    void should_reject_summary_of_140_characters() {
        assertThatThrownBy(() -> Card.builder().summary("x".repeat(140)).source(Source.of("s", null)).build())
            .hasMessageContaining("summary");
    }

    @Test
    void should_shorten_long_text_to_a_valid_summary() {
        String summary = Card.fitSummary("word ".repeat(60));

        assertThat(summary).hasSizeLessThan(140).endsWith("…");
    }

    @Test
    void should_reject_card_without_source() {
        assertThatThrownBy(() -> Card.builder().summary("s").build()).hasMessageContaining("source");
    }

    @Test
    void should_reject_override_reason_without_display() {
        assertThatThrownBy(() -> Card.builder().summary("s").source(Source.of("s", null))
            .overrideReason(new Coding("sys", "code", null)).build()).hasMessageContaining("display");
    }

    @Test
    void should_reject_update_action_without_resource() {
        assertThatThrownBy(() -> new Action(Action.Type.UPDATE, "Change dose", null, null))
            .hasMessageContaining("needs a resource");
    }
}
