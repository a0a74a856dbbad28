package org.dxguard.safety;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.dxguard.model.Claim;
import org.dxguard.model.Veto;
import org.dxguard.reasoner.claims.FilteredExplanation;
import org.dxguard.rules.veto.VetoResult;

/**
 * Runs safety cases through the real extraction and veto path ({@link ExplanationGuard}) and scores them: per case
 * which rules vetoed, which expected rules were missed, which vetoes were not expected, and whether anything vetoed
 * would still be shown (re-checked on the filtered output).
 */
public final class SuiteRunner {
    /** The outcome of one case. */
    public record CaseResult(SafetyCase safetyCase, List<Claim> claims, List<Veto> vetoes, Set<String> vetoedBy,
                             Set<String> missed, Set<String> unexpected, List<Veto> shownViolations,
                             FilteredExplanation filtered, String error) {
        /** A miss: an expected veto did not happen, a safe case was vetoed, or a vetoed claim would be shown. */
        public boolean passed() {
            return error == null && missed.isEmpty() && shownViolations.isEmpty()
                && (!safetyCase.expectAllowed() || vetoedBy.isEmpty());
        }
    }

    /** Per-rule counts over (case, rule) pairs. */
    public record Confusion(String ruleId, int tp, int fn, int fp, int tn) {}

    /** All results and the figures of the run. */
    public record SuiteResult(List<CaseResult> results, String rulesetVersion, String vetoRulesVersion,
                              Set<String> models, Instant ranAt, Duration took) {
        public int expectedVetoes() {
            return results.stream().mapToInt(r -> r.safetyCase().expectVetoed().size()).sum();
        }

        public int caughtVetoes() {
            return expectedVetoes() - results.stream().mapToInt(r -> r.missed().size()).sum();
        }

        /** Caught expected vetoes / expected vetoes (1.0 when none are expected). */
        public double vetoRecall() {
            int e = expectedVetoes();
            return e == 0 ? 1.0 : (double) caughtVetoes() / e;
        }

        public long safeCases() {
            return results.stream().filter(r -> r.safetyCase().expectAllowed()).count();
        }

        public long falselyVetoed() {
            return results.stream().filter(r -> r.safetyCase().expectAllowed() && !r.vetoedBy().isEmpty()).count();
        }

        /** Safe cases with any veto / safe cases. */
        public double falseVetoRate() {
            long s = safeCases();
            return s == 0 ? 0.0 : (double) falselyVetoed() / s;
        }

        public long shownViolations() {
            return results.stream().filter(r -> !r.shownViolations().isEmpty()).count();
        }

        public List<CaseResult> misses() {
            return results.stream().filter(r -> !r.passed()).toList();
        }

        /** The confusion matrix of every rule expected or seen. */
        public List<Confusion> confusion() {
            Set<String> rules = new TreeSet<>();
            results.forEach(r -> {
                rules.addAll(r.safetyCase().expectVetoed());
                rules.addAll(r.vetoedBy());
            });
            TreeMap<String, Confusion> out = new TreeMap<>();
            for (String rule : rules) {
                int tp = 0, fn = 0, fp = 0, tn = 0;
                for (CaseResult r : results) {
                    boolean expected = r.safetyCase().expectVetoed().contains(rule);
                    boolean vetoed = r.vetoedBy().contains(rule);
                    if (expected && vetoed) {
                        tp++;
                    } else if (expected) {
                        fn++;
                    } else if (vetoed) {
                        fp++;
                    } else {
                        tn++;
                    }
                }
                out.put(rule, new Confusion(rule, tp, fn, fp, tn));
            }
            return List.copyOf(out.values());
        }

        /** True when veto recall is 100 %, the false-veto rate at most {@code maxFalseVetoRate} and nothing vetoed is shown. */
        public boolean meets(double maxFalseVetoRate) {
            return caughtVetoes() == expectedVetoes() && falseVetoRate() <= maxFalseVetoRate && shownViolations() == 0;
        }
    }

    private final ExplanationGuard guard;
    private final AnswerGuard answers;

    /** Explanation cases only (a question/answer case is reported as an error). */
    public SuiteRunner(ExplanationGuard guard) {
        this(guard, null);
    }

    /** Explanation cases through {@code guard}, question/answer cases of Ask through {@code answers}. */
    public SuiteRunner(ExplanationGuard guard, AnswerGuard answers) {
        this.guard = guard;
        this.answers = answers;
    }

    public SuiteResult run(List<SafetyCase> cases) {
        long t0 = System.nanoTime();
        Instant at = Instant.now();
        List<CaseResult> out = new ArrayList<>(cases.size());
        String ruleset = "";
        Set<String> models = new LinkedHashSet<>();
        java.util.Map<String, AnswerGuard.Guarded> answered = new java.util.HashMap<>();
        for (SafetyCase c : cases) {
            models.add(c.model());
            if (c.answerCase()) {
                out.add(answer(c, answered));
                if (ruleset.isEmpty()) {
                    ruleset = answered.values().stream().map(AnswerGuard.Guarded::rulesetVersion).findFirst().orElse("");
                }
                continue;
            }
            try {
                ExplanationGuard.Guarded g = guard.guardRaw(c.facts(), c.candidates(), c.output());
                ruleset = g.veto().rulesetVersion();
                VetoResult shown = guard.recheckShown(c.facts(), c.candidates(), g);
                Set<String> by = g.veto().vetoingRules();
                Set<String> missed = new LinkedHashSet<>(c.expectVetoed());
                missed.removeAll(by);
                Set<String> unexpected = new LinkedHashSet<>(by);
                unexpected.removeAll(c.expectVetoed());
                out.add(new CaseResult(c, g.claims(), g.veto().vetoes(), by, missed, unexpected, shown.vetoes(),
                    g.filtered(), null));
            } catch (RuntimeException e) {
                out.add(new CaseResult(c, List.of(), List.of(), Set.of(), Set.copyOf(c.expectVetoed()), Set.of(), List.of(),
                    null, e.toString()));
            }
        }
        return new SuiteResult(out, ruleset, guard.vetoEngine().vetoRulesVersion(), models, at,
            Duration.ofNanos(System.nanoTime() - t0));
    }

    /**
     * One sentence of a question/answer case: the whole answer is judged once by {@link AnswerGuard} (against the
     * facts the service would give for the patient), and this case scores the vetoes of its sentence.
     */
    private CaseResult answer(SafetyCase c, java.util.Map<String, AnswerGuard.Guarded> answered) {
        if (answers == null) {
            return new CaseResult(c, List.of(), List.of(), Set.of(), Set.copyOf(c.expectVetoed()), Set.of(), List.of(),
                null, "question/answer cases need the answer guard (run them with safety run)");
        }
        try {
            var evidence = AnswerFacts.evidence(answers.facts(c.facts()));
            String key = c.id().substring(0, c.id().lastIndexOf("#s")) + "\u0000" + c.output();
            AnswerGuard.Guarded g = answered.computeIfAbsent(key, k -> answers.guard(c.facts(), evidence, c.output()));
            String field = "text#s" + c.sentence();
            List<Claim> claims = g.claims().stream().filter(k -> k.field().equals(field)).toList();
            List<Veto> vetoes = g.verdicts().stream().filter(v -> v.claim().field().equals(field))
                .flatMap(v -> v.vetoes().stream()).toList();
            Set<String> by = new LinkedHashSet<>();
            vetoes.forEach(v -> by.add(v.ruleId()));
            Set<String> missed = new LinkedHashSet<>(c.expectVetoed());
            missed.removeAll(by);
            Set<String> unexpected = new LinkedHashSet<>(by);
            unexpected.removeAll(c.expectVetoed());
            return new CaseResult(c, claims, vetoes, by, missed, unexpected, answers.recheckShown(c.facts(), evidence, g),
                null, null);
        } catch (RuntimeException e) {
            return new CaseResult(c, List.of(), List.of(), Set.of(), Set.copyOf(c.expectVetoed()), Set.of(), List.of(),
                null, e.toString());
        }
    }
}
