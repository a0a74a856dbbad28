package org.dxguard.service.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.dxguard.guidelines.GuidelineCommands;
import org.dxguard.guidelines.GuidelineRepository;
import org.dxguard.service.ServiceConfig;
import org.dxguard.service.TestServer;
import org.dxguard.service.auth.TestTokens;
import org.dxguard.service.faults.FaultLoad.Call;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A guideline author saves broken edits into the watched guideline directory while EHRs call: a DRL syntax error,
 * then a rule that compiles but breaks its scenarios (the eGFR threshold of ADA-MET-001 lowered from 30 to 3).
 * Both are refused and reported, the previous rules keep answering every call, and the author's fixed edit is
 * then picked up, all without a failed call.
 */
class GuidelineEditFaultIT {
    private static final String OLD = "Metformin is contraindicated at eGFR";
    private static final String NEW = "Metformin must not be used at eGFR";
    private static final int CLIENTS = 4;
    private static final Duration HOLD = FaultRun.phase(Duration.ofSeconds(2), Duration.ofSeconds(30));
    private static final Duration WAIT = Duration.ofSeconds(90);

    private static Call sign(TestServer server) {
        FaultRequests.Request r = FaultRequests.orderSign();
        return FaultLoad.post("sign", server.url(FaultRequests.SIGN), server.sandboxToken(FaultRequests.SIGN),
            r.body(), Duration.ofSeconds(30));
    }

    /** Waits until the repository's last reload error satisfies the condition; the time it took. */
    private static long awaitError(GuidelineRepository g, Predicate<Optional<String>> condition)
        throws InterruptedException {
        long t0 = System.nanoTime();
        while (!condition.test(g.lastReloadError()) && System.nanoTime() - t0 < WAIT.toNanos()) {
            Thread.sleep(50);
        }
        assertThat(condition.test(g.lastReloadError())).as("reload outcome within " + WAIT + ": "
            + g.lastReloadError()).isTrue();
        return (System.nanoTime() - t0) / 1_000_000;
    }

    @Test
    void should_keep_serving_the_old_rules_and_then_pick_up_the_fix_when_edits_are_broken_under_load(
        @TempDir Path guidelines) throws Exception {
        assumeTrue(TestTokens.sandboxKeyAvailable(), "../shared/data/cds-hooks-sandbox is needed to sign");
        // given the packaged guidelines exported to a watched directory, and a service under load
        Files.delete(guidelines);
        assertThat(GuidelineCommands.export(guidelines, new PrintStream(new ByteArrayOutputStream()))).isZero();
        Path drl = guidelines.resolve("ada-diabetes/rules/metformin.drl");
        String original = Files.readString(drl);
        Path messages = guidelines.resolve("ada-diabetes/messages.yaml");
        String originalMessages = Files.readString(messages);
        assertThat(originalMessages).contains(OLD);
        try (TestServer server = TestServer.start(ServiceConfig.builder().graphEnabled(false).auditFsync(false)
            .guidelinesDir(guidelines))) {
            GuidelineRepository repo = server.server().guidelines();
            String versionBefore = repo.activeRuleSet().rulesetVersion();
            FaultLoad load = FaultLoad.start(CLIENTS, (client, seq) -> sign(server));
            long syntaxMs;
            long scenarioMs;
            long fixMs;
            String syntaxError;
            String scenarioError;
            long fixSavedAt;
            try {
                Thread.sleep(HOLD.toMillis());

                // when the author saves a DRL syntax error
                Files.writeString(drl, original + "\nrule \"broken\" when then this is not DRL\n");
                syntaxMs = awaitError(repo, Optional::isPresent);
                syntaxError = repo.lastReloadError().orElseThrow();
                Thread.sleep(HOLD.toMillis());

                // and then a rule that compiles but contradicts its scenarios
                Files.writeString(drl, original.replaceFirst("latest, current, value < 30\\)", "latest, current, value < 3)"));
                scenarioMs = awaitError(repo, e -> e.isPresent() && !e.get().equals(syntaxError));
                scenarioError = repo.lastReloadError().orElseThrow();
                assertThat(repo.activeRuleSet().rulesetVersion()).isEqualTo(versionBefore);
                Thread.sleep(HOLD.toMillis());

                // and then the fixed edit: the card's wording reworded in the package's messages, the rule restored
                fixSavedAt = System.nanoTime();
                Files.writeString(messages, originalMessages.replace(OLD, NEW));
                Files.writeString(drl, original);
                fixMs = awaitError(repo, Optional::isEmpty);
                long answered = System.nanoTime() + WAIT.toNanos();
                while (!sign(server).body().contains(NEW) && System.nanoTime() < answered) {
                    Thread.sleep(50);
                }
                Thread.sleep(HOLD.toMillis());
            } finally {
                load.stop();
            }
            List<Call> calls = load.calls();

            // then no call failed, and every call got the metformin card: the old wording until the fix
            assertThat(FaultLoad.where(calls, c -> c.status() != 200)).as("calls not answered 200").isEmpty();
            assertThat(calls).allSatisfy(c -> assertThat(c.body()).contains("ADA-MET-001"));
            long fixAt = fixSavedAt;
            List<Call> beforeFix = FaultLoad.where(calls, c -> c.startNanos() + c.nanos() < fixAt);
            assertThat(beforeFix).isNotEmpty().allSatisfy(c -> assertThat(c.body()).contains(OLD));
            List<Call> afterFix = FaultLoad.where(calls, c -> c.body().contains(NEW));
            assertThat(afterFix).as("calls answered with the fixed edit").isNotEmpty();
            assertThat(syntaxError).contains("metformin.drl");
            assertThat(scenarioError).contains("scenario FAILED");
            assertThat(repo.activeRuleSet().rulesetVersion()).isNotEqualTo(versionBefore);

            FaultRun.proved(String.format("broken guideline edits under %d clients -> %d order-sign calls, all 200 "
                    + "with the ADA-MET-001 card (p99 %d ms, max %d ms); DRL syntax error refused in %d ms "
                    + "(\"%s\"), scenario-breaking edit refused in %d ms (\"%s\"); rule set %s kept serving "
                    + "%d calls until the fix, which went live in %d ms and answered %d calls", CLIENTS,
                calls.size(), FaultLoad.quantileMillis(calls, 0.99), FaultLoad.maxMillis(calls), syntaxMs,
                firstLine(syntaxError), scenarioMs, firstLine(scenarioError), versionBefore, beforeFix.size(),
                fixMs, afterFix.size()));
        }
    }

    private static String firstLine(String s) {
        String line = s.lines().findFirst().orElse("");
        return line.length() > 110 ? line.substring(0, 110) + "…" : line;
    }
}
