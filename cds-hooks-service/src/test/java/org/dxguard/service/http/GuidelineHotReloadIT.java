package org.dxguard.service.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.dxguard.guidelines.GuidelineCommands;
import org.dxguard.service.Fixtures;
import org.dxguard.service.ServiceConfig;
import org.dxguard.service.TestServer;
import org.dxguard.service.auth.TestTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A guideline author edits a rule file under a running service: good edits take effect (a reworded message, a value
 * set the FHIR mapping reads), broken ones are refused and the previous rules keep answering.
 */
class GuidelineHotReloadIT {
    private static final String SIGN = "/cds-services/dxguard-medication-sign";

    private static byte[] egfr25() {
        return Fixtures.withRecentDates("cdshooks/sandbox-order-sign-metformin-egfr25.json");
    }

    private static String call(TestServer server) {
        return server.post(SIGN, server.sandboxToken(SIGN), egfr25()).body();
    }

    /** The same call with a positive urine hCG (LOINC 2106-3, 30 days ago) among the prefetched observations. */
    private static byte[] egfr25WithPositiveHcg() throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode request =
            (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(egfr25());
        com.fasterxml.jackson.databind.node.ArrayNode entries =
            (com.fasterxml.jackson.databind.node.ArrayNode) request.path("prefetch").path("observations").path("entry");
        String date = entries.get(0).path("resource").path("effectiveDateTime").asText();
        entries.add(json.readTree("{\"resource\": {\"resourceType\": \"Observation\", \"id\": \"hcg-1\", \"status\": "
            + "\"final\", \"code\": {\"coding\": [{\"system\": \"http://loinc.org\", \"code\": \"2106-3\"}]}, "
            + "\"effectiveDateTime\": \"" + date + "\", \"valueString\": \"Positive\"}}"));
        return json.writeValueAsBytes(request);
    }

    @Test
    void should_answer_with_edited_rule_and_keep_old_rules_when_edit_is_broken(
        @TempDir Path guidelines) throws Exception {
        assumeTrue(TestTokens.sandboxKeyAvailable(), "../shared/data/cds-hooks-sandbox is needed to sign");
        // given the packaged guidelines exported to a directory the service watches
        Files.delete(guidelines);
        assertThat(GuidelineCommands.export(guidelines, new PrintStream(new ByteArrayOutputStream()))).isZero();
        Path drl = guidelines.resolve("ada-diabetes/rules/metformin.drl");
        try (TestServer server = TestServer.start(ServiceConfig.builder().graphEnabled(false).guidelinesDir(guidelines))) {
            assertThat(call(server)).contains("Metformin is contraindicated at eGFR");

            // when the author rewords the clinician message (the package's messages.yaml holds the card texts)
            Path messages = guidelines.resolve("ada-diabetes/messages.yaml");
            String before = Files.readString(messages);
            assertThat(before).contains("Metformin is contraindicated at eGFR");
            Files.writeString(messages, before.replace("Metformin is contraindicated at eGFR",
                "Metformin must not be used at eGFR"));
            // (the 5 s reload target is measured in docs/BENCHMARKS.md; here a generous bound for loaded CI machines)
            long edited = System.nanoTime();
            long deadline = edited + 60_000_000_000L;
            String answer = call(server);
            while (!answer.contains("Metformin must not be used at eGFR") && System.nanoTime() < deadline) {
                Thread.sleep(100);
                answer = call(server);
            }

            // then the running service answers with the edit
            assertThat(answer).contains("Metformin must not be used at eGFR");
            org.slf4j.LoggerFactory.getLogger(GuidelineHotReloadIT.class).info("edit answered after {} ms",
                (System.nanoTime() - edited) / 1_000_000);

            // when the author removes a pregnancy test from the terminology (guidelines/terminology is reloaded too)
            byte[] pregnant = egfr25WithPositiveHcg();
            assertThat(server.post(SIGN, server.sandboxToken(SIGN), pregnant).body())
                .contains("insulin is the preferred glucose-lowering agent");
            Path tests = guidelines.resolve("terminology/pregnancy-tests.csv");
            String table = Files.readString(tests);
            assertThat(table).contains("\n2106-3,");
            Files.writeString(tests, table.replaceAll("\n2106-3,[^\n]*", ""));
            long removed = System.nanoTime() + 60_000_000_000L;
            String after = server.post(SIGN, server.sandboxToken(SIGN), pregnant).body();
            while (after.contains("insulin is the preferred glucose-lowering agent") && System.nanoTime() < removed) {
                Thread.sleep(100);
                after = server.post(SIGN, server.sandboxToken(SIGN), pregnant).body();
            }

            // then the mapping no longer reads that test as pregnancy evidence: no pregnancy card, without a rebuild
            assertThat(after).doesNotContain("insulin is the preferred glucose-lowering agent")
                .contains("Metformin must not be used at eGFR");

            // when the author saves a broken edit
            Files.writeString(drl, "\nrule \"broken\" when then this is not DRL\n", StandardOpenOption.APPEND);
            long waitForAttempt = System.nanoTime() + 60_000_000_000L;
            while (server.server().guidelines().lastReloadError().isEmpty() && System.nanoTime() < waitForAttempt) {
                Thread.sleep(100);
            }

            // then it is refused with the file named, and the previous rules keep answering
            assertThat(server.server().guidelines().lastReloadError()).hasValueSatisfying(
                e -> assertThat(e).contains("metformin.drl"));
            assertThat(call(server)).contains("Metformin must not be used at eGFR");
        }
    }
}
