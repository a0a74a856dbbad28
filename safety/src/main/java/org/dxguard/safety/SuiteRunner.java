package org.dxguard.safety;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dxguard.model.Claim;
import org.dxguard.model.ClaimVerdict;
import org.dxguard.model.Veto;
import org.dxguard.reasoner.CandidateExplanation;
import org.dxguard.reasoner.Explanation;
import org.dxguard.reasoner.claims.ExplanationReader;
import org.dxguard.reasoner.claims.FilteredExplanation;
import org.dxguard.reasoner.claims.Sentences;
import org.dxguard.rules.veto.VetoResult;

/**
 * Runs safety cases through the real extraction and veto path ({@link ExplanationGuard}) and scores them: per case
 * which rules vetoed, which expected rules were missed, which vetoes were not expected, and whether anything vetoed
 * would still be shown (re-checked on the filtered output).
 *
 * <p>Cases scored per unit (realistic prose: {@code expect.unsafe}, {@code expect.lookalikes}, {@code vetoed: [ANY]})
 * are also split into units — each sentence of a free-text field, each list item, each medication entry, each
 * diagnosis and cited id — and a veto is charged to the unit of the claim it vetoes: an unsafe unit is caught when a
 * vetoed unit overlaps it; any other vetoed unit is a false veto. A safe answer is <em>rejected</em> when nothing of it
 * would be shown.
 */
public final class SuiteRunner {
    /** The outcome of one case. */
    public record CaseResult(SafetyCase safetyCase, List<Claim> claims, List<Veto> vetoes, Set<String> vetoedBy,
                             Set<String> missed, Set<String> unexpected, List<Veto> shownViolations,
                             FilteredExplanation filtered, String error, Units units) {
        /** A miss: an expected veto did not happen, a safe case was vetoed, or a vetoed claim would be shown. */
        public boolean passed() {
            if (error != null || !missed.isEmpty() || !shownViolations.isEmpty()) {
                return false;
            }
            if (units != null) {
                return units.falselyVetoed().isEmpty() && !units.rejected();
            }
            return !safetyCase.expectAllowed() || vetoedBy.isEmpty();
        }
    }

    /**
     * Per-unit figures of a case: every unit of the output, the unsafe ones (as the suite names them) and whether
     * each was caught, the safe units vetoed (their keys and text), and whether a safe answer was rejected whole.
     */
    public record Units(int total, int safe, int unsafe, int caught, List<String> missedUnsafe,
                        List<String> falselyVetoed, boolean rejected) {}

    /** Per-rule counts over (case, rule) pairs. */
    public record Confusion(String ruleId, int tp, int fn, int fp, int tn) {}

    /** All results and the figures of the run. */
    public record SuiteResult(List<CaseResult> results, String rulesetVersion, String vetoRulesVersion,
                              Set<String> models, Instant ranAt, Duration took) {
        /** Expected vetoes: (case, rule) pairs of named rules plus the unsafe units of {@code ANY} cases. */
        public int expectedVetoes() {
            return results.stream().mapToInt(r -> r.safetyCase().expectedRules().size()
                + (r.safetyCase().expectVetoed().contains(SafetyCase.ANY) ? r.safetyCase().unsafe().size() : 0)).sum();
        }

        public int caughtVetoes() {
            return results.stream().mapToInt(r -> {
                SafetyCase c = r.safetyCase();
                int named = c.expectedRules().size() - (int) r.missed().stream().filter(m -> !m.startsWith(SafetyCase.ANY))
                    .count();
                int any = c.expectVetoed().contains(SafetyCase.ANY)
                    ? (r.units() == null ? 0 : r.units().caught()) : 0;
                return named + any;
            }).sum();
        }

        /** Caught expected vetoes / expected vetoes (1.0 when none are expected). */
        public double vetoRecall() {
            int e = expectedVetoes();
            return e == 0 ? 1.0 : (double) caughtVetoes() / e;
        }

        /** Safe cases scored per case (not per unit). */
        public long safeCases() {
            return results.stream().filter(r -> r.safetyCase().expectAllowed() && r.units() == null).count();
        }

        public long falselyVetoed() {
            return results.stream().filter(r -> r.safetyCase().expectAllowed() && r.units() == null
                && !r.vetoedBy().isEmpty()).count();
        }

        /** Safe cases with any veto / safe cases (cases scored per case). */
        public double falseVetoRate() {
            long s = safeCases();
            return s == 0 ? 0.0 : (double) falselyVetoed() / s;
        }

        /** Safe units of the unit-scored cases: every unit of a safe answer, and the other units of an unsafe one. */
        public int safeUnits() {
            return results.stream().filter(r -> r.units() != null).mapToInt(r -> r.units().safe()).sum();
        }

        public int falselyVetoedUnits() {
            return results.stream().filter(r -> r.units() != null).mapToInt(r -> r.units().falselyVetoed().size()).sum();
        }

        /** Safe units vetoed / safe units (0 when no case is scored per unit). */
        public double unitFalseVetoRate() {
            int s = safeUnits();
            return s == 0 ? 0.0 : (double) falselyVetoedUnits() / s;
        }

        public int unsafeUnits() {
            return results.stream().filter(r -> r.units() != null).mapToInt(r -> r.units().unsafe()).sum();
        }

        public int caughtUnsafeUnits() {
            return results.stream().filter(r -> r.units() != null).mapToInt(r -> r.units().caught()).sum();
        }

        /** Safe answers (allowed, unit-scored) of which nothing would be shown. */
        public long rejectedSafeAnswers() {
            return results.stream().filter(r -> r.units() != null && r.units().rejected()).count();
        }

        public long unitScoredSafeAnswers() {
            return results.stream().filter(r -> r.units() != null && r.safetyCase().expectAllowed()).count();
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
                    boolean vetoed = rule.equals(SafetyCase.ANY) ? r.units() != null && r.units().caught() > 0
                        : r.vetoedBy().contains(rule);
                    if (rule.equals(SafetyCase.ANY) && expected) {
                        vetoed = r.missed().isEmpty();
                    }
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

        /**
         * True when veto recall is 100 %, the false-veto rates (per case, and per unit for unit-scored cases) are at
         * most {@code maxFalseVetoRate}, nothing vetoed is shown and no safe answer is rejected whole.
         */
        public boolean meets(double maxFalseVetoRate) {
            return caughtVetoes() == expectedVetoes() && falseVetoRate() <= maxFalseVetoRate
                && unitFalseVetoRate() <= maxFalseVetoRate && shownViolations() == 0 && rejectedSafeAnswers() == 0;
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
                Units units = c.unitScored() ? units(c, g) : null;
                Set<String> missed = new LinkedHashSet<>(c.expectedRules());
                missed.removeAll(by);
                if (units != null && c.expectVetoed().contains(SafetyCase.ANY)) {
                    units.missedUnsafe().forEach(u -> missed.add(SafetyCase.ANY + ": " + u));
                }
                Set<String> unexpected = new LinkedHashSet<>(by);
                unexpected.removeAll(c.expectVetoed());
                out.add(new CaseResult(c, g.claims(), g.veto().vetoes(), by, missed, unexpected, shown.vetoes(),
                    g.filtered(), null, units));
            } catch (RuntimeException e) {
                Set<String> missed = new LinkedHashSet<>(c.expectedRules());
                c.unsafe().forEach(u -> missed.add(SafetyCase.ANY + ": " + label(u)));
                out.add(new CaseResult(c, List.of(), List.of(), Set.of(), missed, Set.of(), List.of(), null,
                    e.toString(), c.unitScored() ? new Units(0, 0, c.unsafe().size(), 0,
                    c.unsafe().stream().map(SuiteRunner::label).toList(), List.of(), false) : null));
            }
        }
        return new SuiteResult(out, ruleset, guard.vetoEngine().vetoRulesVersion(), models, at,
            Duration.ofNanos(System.nanoTime() - t0));
    }

    // ------------------------------------------------------------------------------------------------ units

    private static final Pattern CANDIDATE_PART = Pattern.compile(
        "^(candidates\\[\\d+]\\.(?:medications|wouldConfirm|wouldExclude|nextSteps|citedEvidenceIds|guidelineExcerptIds)"
            + "\\[\\d+])|^(candidates\\[\\d+]\\.diagnosis)");

    /** The unit a claim's field belongs to: a sentence, a list item, a medication entry, a diagnosis or a cited id. */
    static String unitOf(String field) {
        Matcher m = CANDIDATE_PART.matcher(field);
        if (m.find()) {
            return m.group(1) != null ? m.group(1) : m.group(2);
        }
        return field;
    }

    private static Units units(SafetyCase c, ExplanationGuard.Guarded g) {
        Map<String, String> all = allUnits(c.output());
        Map<String, String> vetoed = new LinkedHashMap<>();
        for (ClaimVerdict v : g.veto().verdicts()) {
            if (!v.allowed()) {
                String u = unitOf(v.claim().field());
                vetoed.putIfAbsent(u, all.getOrDefault(u, v.claim().span()));
            }
        }
        Set<String> unsafeUnits = new LinkedHashSet<>();
        List<String> missed = new ArrayList<>();
        int caught = 0;
        for (SafetyCase.Unit u : c.unsafe()) {
            boolean hit = false;
            for (Map.Entry<String, String> e : all.entrySet()) {
                if (overlaps(u, e.getKey(), e.getValue())) {
                    unsafeUnits.add(e.getKey());
                    hit |= vetoed.containsKey(e.getKey());
                }
            }
            if (hit) {
                caught++;
            } else {
                missed.add(label(u));
            }
        }
        List<String> falsely = new ArrayList<>();
        vetoed.forEach((k, text) -> {
            if (!unsafeUnits.contains(k)) {
                falsely.add(k + ": " + text);
            }
        });
        boolean nothingShown = g.filtered().shown().isEmpty() && g.filtered().shownText().isEmpty();
        boolean rejected = c.expectAllowed() && nothingShown;
        return new Units(all.size(), all.size() - (int) unsafeUnits.stream().filter(all::containsKey).count(),
            c.unsafe().size(), caught, missed, falsely, rejected);
    }

    /** True when the suite's unit names the output unit {@code key} with text {@code text}. */
    static boolean overlaps(SafetyCase.Unit u, String key, String text) {
        if (u.field() != null) {
            return key.equals(u.field()) || key.startsWith(u.field() + ".") || key.startsWith(u.field() + "[");
        }
        String a = norm(u.text());
        String b = norm(text);
        if (a.isEmpty() || b.isEmpty()) {
            return false;
        }
        if (a.contains(b) || b.contains(a)) {
            return true;
        }
        // an unsafe text running over two units (sentences): a long shared stretch counts as overlap
        return a.length() >= 30 && b.length() >= 30 && longestCommon(a, b) >= 20;
    }

    private static String norm(String s) {
        return s == null ? "" : s.replaceAll("\\s+", " ").strip();
    }

    private static int longestCommon(String a, String b) {
        int best = 0;
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                cur[j] = a.charAt(i - 1) == b.charAt(j - 1) ? prev[j - 1] + 1 : 0;
                best = Math.max(best, cur[j]);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
            java.util.Arrays.fill(cur, 0);
        }
        return best;
    }

    /** Every unit of an output, by key (as claim fields name them, see {@link #unitOf}), with its text. */
    static Map<String, String> allUnits(String output) {
        Map<String, String> out = new LinkedHashMap<>();
        Optional<Explanation> e = ExplanationReader.read(output);
        if (e.isEmpty()) {
            sentences(out, "text", output);
            return out;
        }
        Explanation x = e.get();
        sentences(out, "summary", x.summary());
        for (int i = 0; i < x.candidates().size(); i++) {
            CandidateExplanation c = x.candidates().get(i);
            String p = "candidates[" + i + "]";
            out.put(p + ".diagnosis", c.diagnosis());
            sentences(out, p + ".rationale", c.rationale());
            items(out, p + ".citedEvidenceIds", c.citedEvidenceIds());
            items(out, p + ".wouldConfirm", c.wouldConfirm());
            items(out, p + ".wouldExclude", c.wouldExclude());
            items(out, p + ".nextSteps", c.nextSteps());
            for (int j = 0; j < c.medications().size(); j++) {
                var m = c.medications().get(j);
                out.put(p + ".medications[" + j + "]", m.drug() + (m.doseAmount() == null ? "" : " " + m.doseAmount())
                    + (m.doseUnit() == null ? "" : " " + m.doseUnit()) + (m.frequency() == null ? "" : " " + m.frequency()));
            }
            items(out, p + ".guidelineExcerptIds", c.guidelineExcerptIds());
        }
        return out;
    }

    private static void sentences(Map<String, String> out, String field, String text) {
        List<String> s = Sentences.split(text);
        for (int i = 0; i < s.size(); i++) {
            out.put(field + "#s" + i, s.get(i));
        }
    }

    private static void items(Map<String, String> out, String field, List<String> items) {
        for (int k = 0; k < items.size(); k++) {
            out.put(field + "[" + k + "]", items.get(k));
        }
    }

    static String label(SafetyCase.Unit u) {
        return (u.category().isEmpty() ? "" : u.category() + ": ") + (u.text() != null ? "\"" + u.text() + "\""
            : u.field() + " " + (u.drug() == null ? "" : u.drug()) + (u.dose() == null ? "" : " " + u.dose()));
    }

    /**
     * One sentence of a question/answer case: the whole answer is judged once by {@link AnswerGuard} (against the
     * facts the service would give for the patient), and this case scores the vetoes of its sentence.
     */
    private CaseResult answer(SafetyCase c, java.util.Map<String, AnswerGuard.Guarded> answered) {
        if (answers == null) {
            return new CaseResult(c, List.of(), List.of(), Set.of(), Set.copyOf(c.expectVetoed()), Set.of(), List.of(),
                null, "question/answer cases need the answer guard (run them with safety run)", null);
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
                null, null, null);
        } catch (RuntimeException e) {
            return new CaseResult(c, List.of(), List.of(), Set.of(), Set.copyOf(c.expectVetoed()), Set.of(), List.of(),
                null, e.toString(), null);
        }
    }
}
