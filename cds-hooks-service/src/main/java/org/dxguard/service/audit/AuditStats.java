package org.dxguard.service.audit;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.dxguard.model.Veto;
import org.dxguard.service.feedback.FeedbackStore;
import org.dxguard.service.feedback.StoredFeedback;

/**
 * Cards shown, clinician feedback (accepted / overridden) and vetoes of model claims per rule, over a data
 * directory's decision log and feedback log: the alert-fatigue view of {@code dxguard audit stats} and of the web
 * console. Feedback is joined to its rule through the card's uuid in the decision record; feedback on a card no
 * record knows counts under {@value #UNKNOWN_CARD}, cards not produced by a guideline rule under {@value #NO_RULE}.
 *
 * @param decisions decision records read
 * @param statuses  records per HTTP status
 * @param rules     one row per rule, by rule id
 */
public record AuditStats(long decisions, Map<Integer, Long> statuses, List<RuleStats> rules) {
    public static final String NO_RULE = "(no rule)";
    public static final String UNKNOWN_CARD = "(unknown card)";

    public AuditStats {
        statuses = Map.copyOf(statuses);
        rules = List.copyOf(rules);
    }

    /** One rule's figures. */
    public record RuleStats(String ruleId, long cards, long accepted, long overridden, long vetoes) {
        /** Overridden / (accepted + overridden); null when no feedback was given. */
        public Double overrideRate() {
            long answered = accepted + overridden;
            return answered == 0 ? null : overridden / (double) answered;
        }
    }

    /** Reads both logs of {@code dataDir} (safe while the service runs: a record being written is left out). */
    public static AuditStats compute(Path dataDir) throws IOException {
        Map<String, String> ruleOfCard = new HashMap<>();
        Map<String, long[]> perRule = new TreeMap<>();
        Map<Integer, Long> statuses = new TreeMap<>();
        long[] decisions = {0};
        DecisionLog.scan(DecisionLog.file(dataDir), 0, (offset, r) -> {
            decisions[0]++;
            statuses.merge(r.status(), 1L, Long::sum);
            for (DecisionRecord.CardSummary c : r.cards()) {
                String rule = c.ruleId() == null ? NO_RULE : c.ruleId();
                ruleOfCard.put(c.uuid(), rule);
                perRule.computeIfAbsent(rule, k -> new long[4])[0]++;
            }
            if (r.vetoes() != null) {
                for (Veto v : r.vetoes()) {
                    perRule.computeIfAbsent(v.ruleId(), k -> new long[4])[3]++;
                }
            }
        });
        for (StoredFeedback f : FeedbackStore.readOnly(dataDir)) {
            String rule = ruleOfCard.getOrDefault(f.card(), UNKNOWN_CARD);
            perRule.computeIfAbsent(rule, k -> new long[4])["accepted".equals(f.outcome()) ? 1 : 2]++;
        }
        List<RuleStats> rows = new ArrayList<>(perRule.size());
        perRule.forEach((rule, c) -> rows.add(new RuleStats(rule, c[0], c[1], c[2], c[3])));
        return new AuditStats(decisions[0], statuses, rows);
    }
}
