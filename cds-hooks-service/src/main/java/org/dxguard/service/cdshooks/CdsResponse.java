package org.dxguard.service.cdshooks;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** The answer to a hook call: {@code cards} is always present, possibly empty. */
public record CdsResponse(@JsonInclude(JsonInclude.Include.ALWAYS) List<Card> cards, List<Action> systemActions) {
    public CdsResponse {
        cards = Text.copy(cards);
        systemActions = Text.copy(systemActions);
    }

    public static CdsResponse of(List<Card> cards) {
        return new CdsResponse(cards, List.of());
    }
}
