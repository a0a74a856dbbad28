package org.dxguard.service.console;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dxguard.guidelines.ClasspathDirectory;
import org.dxguard.guidelines.GuidelineRepository;
import org.dxguard.model.DxGuardException;
import org.dxguard.safety.ExplanationGuard;
import org.dxguard.safety.MutationGenerator;
import org.dxguard.safety.SafetyCase;
import org.dxguard.safety.SuiteReader;
import org.dxguard.safety.SuiteRunner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The veto report of the console: the safety suites (the packaged starter suites, or {@code --safety-suites DIR})
 * with their standard mutations, run through the real {@link SuiteRunner} on the guidelines in force. Run in the
 * background on the first request and cached per rule-set and veto-rules version, so a hot reload of the guidelines
 * gives a fresh report on the next request; until it is ready the API answers 202 and the page polls. Thread-safe
 * (one run per version at a time).
 */
final class SafetyReports {
    /** The same threshold as {@code dxguard safety run}'s default {@code --max-false-veto}. */
    static final double MAX_FALSE_VETO_RATE = 0.05;
    static final String PACKAGED = "safety/starter";
    private static final Logger LOG = LoggerFactory.getLogger(SafetyReports.class);

    /** What the page shows. */
    record Report(String source, String rulesetVersion, String vetoRulesVersion, Set<String> models, Instant ranAt,
                  long tookMillis, int cases, int expectedVetoes, int caughtVetoes, double vetoRecall, long safeCases,
                  long falselyVetoed, double falseVetoRate, long shownViolations, double maxFalseVetoRate,
                  boolean passed, List<SuiteRunner.Confusion> confusion, List<Miss> misses) {}

    /** A case that did not go as expected. */
    record Miss(String id, String file, String description, String expected, Set<String> vetoedBy,
                Set<String> missed, Set<String> unexpected, int shownViolations, String error) {}

    /** Answered while the report for the rule set in force is still being computed. */
    record Running(String status, String rulesetVersion, Instant startedAt) {}

    private final GuidelineRepository guidelines;
    private final Path suitesDirOrNull;
    private ExplanationGuard guard;
    private List<SafetyCase> cases;
    private String cachedKey;
    private Report cached;
    private String runningKey;
    private Instant runningSince;
    private String failedKey;
    private DxGuardException failure;

    SafetyReports(GuidelineRepository guidelines, Path suitesDirOrNull) {
        this.guidelines = guidelines;
        this.suitesDirOrNull = suitesDirOrNull;
    }

    /**
     * The report for the rule set in force when it is ready; otherwise starts computing it in the background (once)
     * and answers {@link Running}, so no HTTP request waits for the suites. A failed run is reported once (thrown)
     * and retried on the next call.
     */
    synchronized Object poll() {
        if (guard == null) {
            guard = ExplanationGuard.over(guidelines);
        }
        String key = guidelines.engine().rulesetVersion() + "|" + guard.vetoEngine().vetoRulesVersion();
        if (key.equals(cachedKey)) {
            return cached;
        }
        if (key.equals(failedKey)) {
            DxGuardException e = failure;
            failedKey = null;
            failure = null;
            throw e;
        }
        if (!key.equals(runningKey)) {
            runningKey = key;
            runningSince = Instant.now();
            Thread t = new Thread(() -> run(key), "dxguard-console-safety");
            t.setDaemon(true);
            t.start();
        }
        return new Running("running", guidelines.engine().rulesetVersion(), runningSince);
    }

    /** Computes the report now, on this thread (tests, or a caller that wants to wait). */
    Report current() {
        Object o;
        while ((o = poll()) instanceof Running) {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the veto report was computed", e);
            }
        }
        return (Report) o;
    }

    private void run(String key) {
        try {
            List<SafetyCase> all = casesOnce();
            SuiteRunner.SuiteResult r = new SuiteRunner(guard, org.dxguard.safety.AnswerGuard.over(guidelines)).run(all);
            Report report = report(r);
            synchronized (this) {
                cached = report;
                cachedKey = key;
                runningKey = null;
            }
            LOG.info("console veto report: {} cases on rule set {} in {} ms", r.results().size(), r.rulesetVersion(),
                r.took().toMillis());
        } catch (RuntimeException e) {
            LOG.warn("console veto report failed: {}", e.toString());
            synchronized (this) {
                failure = e instanceof DxGuardException d && d.errorCode().equals(ConsoleErrors.SAFETY_SUITES) ? d
                    : new DxGuardException(ConsoleErrors.SAFETY_SUITES, "the safety suites could not be run: "
                        + e.getMessage(), e);
                failedKey = key;
                runningKey = null;
            }
        }
    }

    private synchronized List<SafetyCase> casesOnce() {
        if (cases == null) {
            try {
                cases = MutationGenerator.standard().withMutations(SuiteReader.read(List.of(suites())));
            } catch (DxGuardException e) {
                throw e.errorCode().equals(ConsoleErrors.SAFETY_SUITES) ? e
                    : new DxGuardException(ConsoleErrors.SAFETY_SUITES, e.getMessage(), e);
            }
        }
        return cases;
    }

    private Report report(SuiteRunner.SuiteResult r) {
        List<Miss> misses = r.misses().stream().map(m -> new Miss(m.safetyCase().id(), m.safetyCase().file(),
            m.safetyCase().description(),
            m.safetyCase().expectAllowed() ? "allowed" : String.join(", ", m.safetyCase().expectVetoed()),
            m.vetoedBy(), m.missed(), m.unexpected(), m.shownViolations().size(), m.error())).toList();
        return new Report(suitesDirOrNull == null ? "packaged starter suites (" + PACKAGED + ")"
            : suitesDirOrNull.toString(), r.rulesetVersion(), r.vetoRulesVersion(), r.models(), r.ranAt(),
            r.took().toMillis(), r.results().size(), r.expectedVetoes(), r.caughtVetoes(), r.vetoRecall(),
            r.safeCases(), r.falselyVetoed(), r.falseVetoRate(), r.shownViolations(), MAX_FALSE_VETO_RATE,
            r.meets(MAX_FALSE_VETO_RATE), r.confusion(), misses);
    }

    /** The suites directory: as configured, else the starter suites packaged in the jar. */
    private Path suites() {
        if (suitesDirOrNull != null) {
            return suitesDirOrNull;
        }
        try {
            return ClasspathDirectory.find(SafetyReports.class.getClassLoader(), PACKAGED, "hand-written.yaml")
                .orElseThrow(() -> new DxGuardException(ConsoleErrors.SAFETY_SUITES,
                    "the packaged safety suites are missing from the classpath (" + PACKAGED + "/)"));
        } catch (java.io.IOException e) {
            throw new DxGuardException(ConsoleErrors.SAFETY_SUITES, "cannot open the packaged safety suites: "
                + e.getMessage(), e);
        }
    }
}
