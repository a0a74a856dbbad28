package org.dxguard.service.cohort;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.dxguard.service.cohort.AlertOracle.Verdict;
import org.dxguard.service.cohort.CohortStudy.CardSeen;
import org.dxguard.service.cohort.CohortStudy.Missed;
import org.dxguard.service.cohort.CohortStudy.Result;

/** Counts and the Markdown report of a {@link CohortStudy} run. */
final class CohortReport {
    private CohortReport() {}

    /** Per-rule counts. */
    record RuleCounts(String ruleId, Set<String> indicators, int cards, int trueAlerts, int falseAlerts,
                      int undecidable, int missed) {}

    static Map<String, RuleCounts> perRule(Result r) {
        Set<String> rules = new TreeSet<>();
        r.cards().forEach(c -> rules.add(c.ruleId()));
        r.missed().forEach(m -> rules.add(m.ruleId()));
        Map<String, RuleCounts> out = new TreeMap<>();
        for (String rule : rules) {
            List<CardSeen> cs = r.cards().stream().filter(c -> c.ruleId().equals(rule)).toList();
            out.put(rule, new RuleCounts(rule, cs.stream().map(CardSeen::indicator).collect(Collectors.toCollection(TreeSet::new)),
                cs.size(), count(cs, Verdict.SHOULD_FIRE), count(cs, Verdict.SHOULD_NOT_FIRE),
                count(cs, Verdict.UNDECIDABLE), (int) r.missed().stream().filter(m -> m.ruleId().equals(rule)).count()));
        }
        return out;
    }

    private static int count(List<CardSeen> cs, Verdict v) {
        return (int) cs.stream().filter(c -> c.verdict() == v).count();
    }

    /** Cards repeating another card of the same call (same rule and summary): noise, whatever the oracle says. */
    static long duplicateCards(Result r) {
        return r.cards().size() - r.cards().stream()
            .map(c -> List.of(c.patient(), c.draft().toString(), c.ruleId(), c.summary())).distinct().count();
    }

    static List<CardSeen> falseAlerts(Result r) {
        return r.cards().stream().filter(c -> c.verdict() == Verdict.SHOULD_NOT_FIRE).toList();
    }

    static List<CardSeen> noProblemCards(Result r) {
        return r.cards().stream().filter(CardSeen::noProblemCall).toList();
    }

    static long noProblemPatientCards(Result r) {
        return r.cards().stream().filter(c -> r.noProblemPatients().contains(c.patient())).count();
    }

    static String markdown(Result r, String cohort, String command, long studyMs) {
        StringBuilder md = new StringBuilder();
        long patientsWithCard = r.cards().stream().map(CardSeen::patient).distinct().count();
        Map<String, long[]> byKind = new TreeMap<>();
        for (CohortStudy.Call c : r.calls()) {
            long[] k = byKind.computeIfAbsent(c.draft().kind(), x -> new long[2]);
            k[0]++;
            k[1] += c.cards();
        }
        long falses = falseAlerts(r).size();
        long undecidable = r.cards().stream().filter(c -> c.verdict() == Verdict.UNDECIDABLE).count();
        long noProblemCalls = r.calls().stream().filter(CohortStudy.Call::noProblem).count();
        md.append("Cohort: ").append(cohort).append('\n');
        md.append("Command: `").append(command).append("`\n\n");
        md.append("| measure | value |\n|---|---|\n");
        row(md, "patients", r.patients().size());
        row(md, "order-sign calls sent", r.calls().size() + " (" + byKind.entrySet().stream()
            .map(e -> e.getValue()[0] + " " + e.getKey()).collect(Collectors.joining(", ")) + ")");
        row(md, "cards by kind of order", byKind.entrySet().stream()
            .map(e -> e.getKey() + " " + e.getValue()[1]).collect(Collectors.joining(", ")));
        row(md, "calls / study time", r.calls().size() + " calls in " + studyMs / 1000.0 + " s");
        row(md, "patients with at least one card", patientsWithCard);
        row(md, "cards (alerts)", r.cards().size());
        row(md, "true alerts (oracle)", r.cards().size() - falses - undecidable);
        row(md, "false alerts (oracle)", falses);
        row(md, "undecidable alerts (not counted as true)", undecidable);
        row(md, "**false-alert rate** = false / all alerts", r.cards().isEmpty() ? "n/a (no alerts)"
            : String.format(Locale.ROOT, "%.1f %% (%d / %d)", 100.0 * falses / r.cards().size(), falses,
                r.cards().size()));
        row(md, "missed alerts (oracle expected, no card)", r.missed().size());
        row(md, "duplicate cards (same rule and summary again in one response)", duplicateCards(r));
        row(md, "\"no problem\" calls / cards on them", noProblemCalls + " / " + noProblemCards(r).size());
        row(md, "\"no problem\" patients (every call no problem) / cards for them", r.noProblemPatients().size()
            + " / " + noProblemPatientCards(r));
        md.append("\nPatients by characteristic (eGFR bands at the time of the calls):\n\n| characteristic | patients |\n|---|---|\n");
        r.profile().forEach((k, v) -> row(md, k, v));
        md.append("\nPer rule (indicator as shown on the card):\n\n");
        md.append("| rule | indicator | cards | true | false | undecidable | missed |\n|---|---|---|---|---|---|---|\n");
        for (RuleCounts c : perRule(r).values()) {
            md.append("| ").append(c.ruleId()).append(" | ").append(c.indicators().isEmpty() ? "-"
                    : String.join(", ", c.indicators())).append(" | ").append(c.cards()).append(" | ")
                .append(c.trueAlerts()).append(" | ").append(c.falseAlerts()).append(" | ").append(c.undecidable())
                .append(" | ").append(c.missed()).append(" |\n");
        }
        Set<String> quiet = new TreeSet<>(r.judgedRules());
        quiet.removeAll(r.expectedRules());
        r.cards().forEach(c -> quiet.remove(c.ruleId()));
        md.append("\nRules neither expected by the oracle nor fired for this cohort (not exercised): ")
            .append(quiet.isEmpty() ? "none" : String.join(", ", quiet)).append('\n');
        md.append("\nFalse alerts (rule, patient, draft, card, oracle facts):\n\n");
        if (falses == 0) {
            md.append("- none\n");
        }
        for (CardSeen c : falseAlerts(r)) {
            md.append("- ").append(c.ruleId()).append(" · ").append(c.patient()).append(" · ").append(c.draft())
                .append(" · card: \"").append(c.summary()).append("\" based on ").append(c.basedOn())
                .append(" · oracle: ").append(c.oracleFacts()).append('\n');
        }
        md.append("\nUndecidable alerts:\n\n");
        List<CardSeen> und = r.cards().stream().filter(c -> c.verdict() == Verdict.UNDECIDABLE).toList();
        if (und.isEmpty()) {
            md.append("- none\n");
        }
        for (CardSeen c : und) {
            md.append("- ").append(c.ruleId()).append(" · ").append(c.patient()).append(" · ").append(c.draft())
                .append(" · card: \"").append(c.summary()).append("\" · oracle: ").append(c.oracleFacts()).append('\n');
        }
        md.append("\nMissed alerts (rule, patient, draft, oracle facts):\n\n");
        if (r.missed().isEmpty()) {
            md.append("- none\n");
        }
        for (Missed m : r.missed()) {
            md.append("- ").append(m.ruleId()).append(" · ").append(m.patient()).append(" · ").append(m.draft())
                .append(" · oracle: ").append(m.oracleFacts()).append('\n');
        }
        List<CardSeen> np = new ArrayList<>(noProblemCards(r));
        md.append("\nCards on \"no problem\" calls:\n\n");
        if (np.isEmpty()) {
            md.append("- none\n");
        }
        for (CardSeen c : np) {
            md.append("- ").append(c.ruleId()).append(" · ").append(c.patient()).append(" · ").append(c.draft())
                .append(" · card: \"").append(c.summary()).append("\"\n");
        }
        return md.toString();
    }

    private static void row(StringBuilder md, String k, Object v) {
        md.append("| ").append(k).append(" | ").append(v).append(" |\n");
    }
}
