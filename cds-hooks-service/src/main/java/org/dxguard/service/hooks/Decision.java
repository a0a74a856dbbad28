package org.dxguard.service.hooks;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.dxguard.model.Candidate;
import org.dxguard.reasoner.ExplanationOutcome;
import org.dxguard.rules.RuleEvaluation;
import org.dxguard.service.cdshooks.Card;
import org.dxguard.service.explanations.ExplanationReview;

/**
 * What one service decided for one call. The service returns it; {@link CdsHooksApi} writes it down once (the
 * decision record, before the answer, and the metrics) and answers its cards.
 *
 * @param cards       the cards to return (empty: nothing to say)
 * @param rules       the guideline rules' evaluation (rule set version, rules fired and on which facts); null when
 *                    no rules ran
 * @param ruleOfCard  card uuid → the rule that produced it, so that feedback on a card counts against its rule
 * @param candidates  the ranked differential; null when none was ranked
 * @param explanation the model's (or evidence-only) explanation as it came back; null when none was asked for
 * @param review      its review: claims, the veto's verdicts and what was shown; present exactly when
 *                    {@code explanation} is
 */
public record Decision(List<Card> cards, RuleEvaluation rules, Map<String, String> ruleOfCard,
                       List<Candidate> candidates, ExplanationOutcome explanation, ExplanationReview.Result review) {
    public Decision {
        cards = List.copyOf(cards);
        ruleOfCard = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(ruleOfCard));
        candidates = candidates == null ? null : List.copyOf(candidates);
        if ((explanation == null) != (review == null)) {
            throw new IllegalArgumentException("an explanation comes with its review");
        }
    }

    /** Nothing to say, and nothing evaluated. */
    public static Decision none() {
        return new Decision(List.of(), null, Map.of(), null, null, null);
    }

    /** The guideline rules' evaluation and the cards issued from its findings. */
    public static Decision ofRules(RuleEvaluation rules, List<RuleCards.Issued> issued) {
        Objects.requireNonNull(rules, "rules");
        Map<String, String> ruleOfCard = new LinkedHashMap<>();
        issued.forEach(i -> ruleOfCard.put(i.card().uuid(), i.ruleId()));
        return new Decision(issued.stream().map(RuleCards.Issued::card).toList(), rules, ruleOfCard, null, null,
            null);
    }

    /** A ranked differential, its reviewed explanation and the card that shows them. */
    public static Decision ofDifferential(List<Candidate> candidates, ExplanationOutcome explanation,
                                          ExplanationReview.Result review, Card card) {
        return new Decision(List.of(card), null, Map.of(), Objects.requireNonNull(candidates, "candidates"),
            Objects.requireNonNull(explanation, "explanation"), Objects.requireNonNull(review, "review"));
    }
}
