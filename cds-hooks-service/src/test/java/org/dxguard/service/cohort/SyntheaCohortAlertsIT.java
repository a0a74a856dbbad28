package org.dxguard.service.cohort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.dxguard.service.TestServer;
import org.dxguard.service.auth.TestTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cohort study of issue 3, on demand (minutes to generate; not part of the default build): realistic Synthea
 * patients sent as order-sign calls (renewals of their diabetes/cardiovascular medications, new metformin for type
 * 2 diabetics), every card judged by the independent {@link AlertOracle}. Writes
 * {@code target/cohort/alerts-<N>.md} and logs it. Run with
 * <pre>
 * ./mvnw -B -pl cds-hooks-service -am verify -Ddxguard.cohort=240 -Dit.test=SyntheaCohortAlertsIT -Dtest=none \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false
 * </pre>
 */
@EnabledIfSystemProperty(named = "dxguard.cohort", matches = "\\d+")
class SyntheaCohortAlertsIT {
    private static final Logger LOG = LoggerFactory.getLogger(SyntheaCohortAlertsIT.class);
    static final String COMMAND = "./mvnw -B -pl cds-hooks-service -am verify -Ddxguard.cohort=%d "
        + "-Dit.test=SyntheaCohortAlertsIT -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false "
        + "-Dfailsafe.failIfNoSpecifiedTests=false";

    @Test
    void should_give_no_card_to_patients_without_a_problem_when_a_synthea_cohort_signs_orders() throws Exception {
        // given
        assumeTrue(TestTokens.sandboxKeyAvailable(), "../shared/data/cds-hooks-sandbox is needed to sign");
        int n = Integer.parseInt(System.getProperty("dxguard.cohort"));
        CohortFiles cohort = CohortFiles.of(n);

        // when
        CohortStudy.Result result;
        long started = System.nanoTime();
        try (TestServer server = TestServer.start()) {
            result = CohortStudy.run(server, cohort.bundles(), "synthea");
        }
        long studyMs = (System.nanoTime() - started) / 1_000_000;

        // then
        String report = CohortReport.markdown(result, cohort.bundles().size() + " Synthea 3.3.0 patients aged 40-90 ("
            + String.join("; ", cohort.chunks()) + "), generated in " + cohort.generationMs() / 1000 + " s",
            String.format(COMMAND, n), studyMs);
        Path out = Path.of("target", "cohort", "alerts-" + n + ".md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
        LOG.info("Synthea cohort alert study ({}):\n{}", out.toAbsolutePath(), report);
        assertThat(result.patients()).hasSize(n);
        assertThat(result.calls()).isNotEmpty();
        assertThat(CohortReport.noProblemCards(result)).as("cards on calls with no problem").isEmpty();
    }
}
