package org.dxguard.service.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.dxguard.bench.synthea.Prefetch;
import org.dxguard.bench.synthea.SyntheaCohort;
import org.dxguard.bench.synthea.SyntheaRequests;
import org.dxguard.service.TestServer;
import org.dxguard.service.auth.TestTokens;
import org.dxguard.service.hooks.PrefetchTemplates;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Realistic Synthea patients (generated offline, seeded) through discovery → call → feedback, as an EHR would
 * send them: every call succeeds with spec-shaped cards, and every card's feedback is stored.
 */
class SyntheaCallsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SIGN = "/cds-services/dxguard-medication-sign";
    private static final String VIEW = "/cds-services/dxguard-differential";
    /** The prefetch each service asks for (its discovery), as the EHR answers it. */
    private static final Prefetch SIGN_PREFETCH = Prefetch.of(PrefetchTemplates.medicationSafety());
    private static final Prefetch VIEW_PREFETCH = Prefetch.of(PrefetchTemplates.differential());
    private static List<Path> cohort;
    private static TestServer server;

    @BeforeAll
    static void start() {
        assumeTrue(TestTokens.sandboxKeyAvailable(), "../shared/data/cds-hooks-sandbox is needed to sign");
        cohort = SyntheaCohort.cohort(12, 42);
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void should_discover_call_and_take_feedback_for_every_synthea_patient() throws Exception {
        // given
        assertThat(server.get("/cds-services", server.sandboxToken("/cds-services")).statusCode()).isEqualTo(200);
        int cardsSeen = 0;
        for (Path file : cohort) {
            SyntheaRequests patient = SyntheaRequests.from(file);

            // when: a new metformin 500 mg twice daily order is signed, and the chart is opened
            HttpResponse<String> sign = server.post(SIGN, server.sandboxToken(SIGN),
                patient.orderSign("861007", "metformin hydrochloride 500 MG Oral Tablet", 500, 2, SIGN_PREFETCH));
            HttpResponse<String> view = server.post(VIEW, server.sandboxToken(VIEW), patient.patientView(VIEW_PREFETCH));

            // then
            assertThat(sign.statusCode()).as("order-sign for %s: %s", file.getFileName(), sign.body())
                .isEqualTo(200);
            assertThat(view.statusCode()).as("patient-view for %s: %s", file.getFileName(), view.body())
                .isEqualTo(200);
            JsonNode body = JSON.readTree(sign.body());
            SpecJson.assertNoNullOrEmpty(body);
            SpecJson.assertNoNullOrEmpty(JSON.readTree(view.body()));
            for (JsonNode card : body.get("cards")) {
                cardsSeen++;
                String feedback = "{\"feedback\":[{\"card\":\"" + card.get("uuid").asText() + "\","
                    + "\"outcome\":\"overridden\",\"overrideReason\":{\"reason\":{\"system\":\""
                    + "urn:dxguard:override-reason\",\"code\":\"not-applicable\",\"display\":\"Alert does not apply"
                    + " to this patient\"}},\"outcomeTimestamp\":\"" + Instant.now() + "\"}]}";
                String path = SIGN + "/feedback";
                HttpResponse<String> fb = server.post(path, server.sandboxToken(path),
                    feedback.getBytes(StandardCharsets.UTF_8));
                assertThat(fb.statusCode()).isEqualTo(200);
                assertThat(java.nio.file.Files.readString(server.dataDir().resolve("feedback/feedback.jsonl")))
                    .contains(card.get("uuid").asText());
            }
        }
        org.slf4j.LoggerFactory.getLogger(SyntheaCallsIT.class).info("{} Synthea patients, {} cards",
            cohort.size(), cardsSeen);
    }
}
