package org.dxguard.service.cohort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dxguard.bench.synthea.SyntheaCohort;
import org.dxguard.service.ServiceConfig;
import org.dxguard.service.TestServer;
import org.dxguard.service.auth.TestTokens;
import org.dxguard.service.hooks.CardPolicy;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alert-burden study of issue 16 (see {@link AlertBurdenStudy}), before and after: "before" is the service with
 * every finding on every order and no memory ({@link CardPolicy#everyFindingEveryTime()}, what it did until issue
 * 16), "after" the default policy with the chart opened first (patient-view medication review). In every build on
 * the cached 12-patient cohort; {@code -Ddxguard.burden=N} runs N patients of {@link CohortFiles} (seeds 1000…)
 * and writes {@code target/cohort/alert-burden-<N>.md}.
 *
 * <p>Two builds compared ({@code bench/scripts/alert-burden.sh}): {@code -Ddxguard.burden.before=URL} and
 * {@code -Ddxguard.burden.after=URL} study running services instead ({@code bin/dxguard serve} of an older commit
 * and of this one, both trusting the HL7 sandbox key); "before" then opens no chart (the older build has no
 * medication review), "after" does. {@code -Ddxguard.burden.mix=replay} signs the orders of {@code bench replay}
 * (unrelated renewals too) instead of the cohort study's ({@link AlertBurdenStudy.Mix}).
 */
class AlertBurdenIT {
    private static final Logger LOG = LoggerFactory.getLogger(AlertBurdenIT.class);
    static final String COMMAND = "./mvnw -B -pl cds-hooks-service -am verify -Ddxguard.burden=%d "
        + "-Dit.test=AlertBurdenIT -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false "
        + "-Dfailsafe.failIfNoSpecifiedTests=false";
    private static AlertBurdenStudy.Result before;
    private static AlertBurdenStudy.Result after;

    @BeforeAll
    static void run() throws Exception {
        assumeTrue(TestTokens.sandboxKeyAvailable(), "../shared/data/cds-hooks-sandbox is needed to sign");
        String n = System.getProperty("dxguard.burden");
        List<Path> cohort;
        String label;
        if (n == null || n.isBlank()) {
            cohort = SyntheaCohort.cohort(12, 42);
            label = "12 Synthea patients, seed 42 (cached)";
        } else {
            CohortFiles files = CohortFiles.of(Integer.parseInt(n.strip()));
            cohort = files.bundles();
            label = cohort.size() + " Synthea 3.3.0 patients aged 40-90 (" + String.join("; ", files.chunks()) + ")";
        }
        AlertBurdenStudy.Mix mix = AlertBurdenStudy.Mix.valueOf(System.getProperty("dxguard.burden.mix", "cohort")
            .strip().toUpperCase(java.util.Locale.ROOT));
        String beforeUrl = System.getProperty("dxguard.burden.before", "").strip();
        String afterUrl = System.getProperty("dxguard.burden.after", "").strip();
        long t0 = System.nanoTime();
        if (beforeUrl.isEmpty()) {
            try (TestServer server = TestServer.start(ServiceConfig.builder().graphEnabled(false)
                .cardPolicy(CardPolicy.everyFindingEveryTime()))) {
                before = AlertBurdenStudy.run(AlertBurdenStudy.Target.of(server), cohort,
                    "before (every finding, every order)", false, mix);
            }
        } else {
            // -Ddxguard.burden.before.review=true: the older build has the medication review too, so its chart is
            // opened first as well (patient-view cards of both builds compared; issue 16, fifth session)
            boolean review = Boolean.getBoolean("dxguard.burden.before.review");
            before = AlertBurdenStudy.run(AlertBurdenStudy.Target.at(java.net.URI.create(beforeUrl)), cohort,
                "before (" + System.getProperty("dxguard.burden.before.label", beforeUrl)
                    + (review ? "; chart opened, then the same orders" : "") + ")", review, mix);
        }
        if (afterUrl.isEmpty()) {
            try (TestServer server = TestServer.start(ServiceConfig.builder().graphEnabled(false))) {
                after = AlertBurdenStudy.run(AlertBurdenStudy.Target.of(server), cohort,
                    "after (chart opened, then the same orders)", true, mix);
            }
        } else {
            after = AlertBurdenStudy.run(AlertBurdenStudy.Target.at(java.net.URI.create(afterUrl)), cohort,
                "after (" + System.getProperty("dxguard.burden.after.label", afterUrl)
                    + "; chart opened, then the same orders)", true, mix);
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        String report = AlertBurdenStudy.markdown(before, after, label + ", orders of the " + mix.name()
            .toLowerCase(java.util.Locale.ROOT) + " mix, study time " + ms / 1000 + " s", command(cohort.size()));
        if (n != null && !n.isBlank()) {
            Path out = Path.of("target", "cohort", "alert-burden-" + cohort.size()
                + (mix == AlertBurdenStudy.Mix.COHORT ? "" : "-" + mix.name().toLowerCase(java.util.Locale.ROOT))
                + (beforeUrl.isEmpty() ? "" : "-builds") + ".md");
            Files.createDirectories(out.getParent());
            Files.writeString(out, report);
        }
        LOG.info("alert burden, before and after:\n{}", report);
    }

    private static String command(int patients) {
        StringBuilder c = new StringBuilder(String.format(COMMAND, patients));
        for (String p : List.of("dxguard.burden.mix", "dxguard.burden.before", "dxguard.burden.before.review",
            "dxguard.burden.after")) {
            String v = System.getProperty(p, "").strip();
            if (!v.isEmpty()) {
                c.append(" -D").append(p).append('=').append(v);
            }
        }
        return c.toString();
    }

    @Test
    void should_interrupt_no_more_often_when_standing_problems_move_to_the_medication_review() {
        // given / when: the study in run()

        // then
        assertThat(after.signCalls()).isEqualTo(before.signCalls()).isPositive();
        assertThat(after.interruptiveOnSign().size()).isLessThanOrEqualTo(before.interruptiveOnSign().size());
        assertThat(after.interruptiveOnSign()).as("interruptive cards about a standing problem on order-sign")
            .noneMatch(c -> c.cause() == AlertBurdenStudy.Cause.STANDING);
    }

    @Test
    void should_miss_nothing_when_standing_problems_move_to_the_medication_review() {
        // given / when: the study in run()

        // then: every draft alert still on its call, every standing problem shown during the visit
        assertThat(after.missedDraft()).isLessThanOrEqualTo(before.missedDraft());
        assertThat(after.missedStanding()).as(String.join("\n", after.missedDetails())).isZero();
        assertThat(after.count(after.cards(), AlertBurdenStudy.Cause.FALSE))
            .isLessThanOrEqualTo(before.count(before.cards(), AlertBurdenStudy.Cause.FALSE));
    }

    @Test
    void should_repeat_no_card_more_often_than_before() {
        // given / when: the study in run()

        // then
        int repeatsBefore = before.repeatsByPatient().values().stream().mapToInt(Integer::intValue).sum();
        int repeatsAfter = after.repeatsByPatient().values().stream().mapToInt(Integer::intValue).sum();
        assertThat(repeatsAfter).isLessThanOrEqualTo(repeatsBefore);
    }
}
