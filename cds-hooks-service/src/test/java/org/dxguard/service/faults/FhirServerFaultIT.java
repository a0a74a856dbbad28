package org.dxguard.service.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import org.dxguard.service.ServiceConfig;
import org.dxguard.service.TestServer;
import org.dxguard.service.auth.TestTokens;
import org.dxguard.service.faults.FaultLoad.Call;
import org.dxguard.service.prefetch.FakeFhirServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The EHR's FHIR server stalls or fails while dxguard fetches missing prefetch: calls that need it answer 412 with
 * a clear error within the FHIR timeout plus a margin (never hang), while calls that came with full prefetch keep
 * answering with their cards.
 */
class FhirServerFaultIT {
    private static final Duration FHIR_TIMEOUT = Duration.ofSeconds(1);
    /** The rest of the call beyond the FHIR timeout, on a machine this JVM has to itself. */
    /** The margin when other processes compete for the cores (descheduled threads). */
    private static final Duration SHARED_MARGIN = Duration.ofSeconds(5);
    private static final Duration PHASE = FaultRun.phase(Duration.ofSeconds(4), Duration.ofSeconds(60));
    private static final int FETCH_CLIENTS = 2;
    private static final int FULL_CLIENTS = 2;
    private static final List<String> PATHS = List.of("Patient/pat-dkd-1", "Condition", "Observation",
        "MedicationRequest", "AllergyIntolerance", "Procedure");

    private static FakeFhirServer fhir;
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(TestTokens.sandboxKeyAvailable(), "../shared/data/cds-hooks-sandbox is needed to sign");
        fhir = new FakeFhirServer();
        server = TestServer.start(ServiceConfig.builder().graphEnabled(false).fhirTimeout(FHIR_TIMEOUT));
        // warm-up, not part of any phase: the full path and the FHIR client (its first use loads HAPI's client)
        PATHS.forEach(p -> fhir.route(p, q -> new FakeFhirServer.Reply(500, FakeFhirServer.outcome("warming up"))));
        for (int i = 0; i < 10; i++) {
            fullPrefetch();
            fetching();
        }
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (fhir != null) {
            fhir.close();
        }
    }

    private static Call fullPrefetch() {
        FaultRequests.Request r = FaultRequests.orderSign();
        return FaultLoad.post("full", server.url(FaultRequests.SIGN), server.sandboxToken(FaultRequests.SIGN),
            r.body(), Duration.ofSeconds(30));
    }

    private static Call fetching() {
        FaultRequests.Request r = FaultRequests.orderSignFetching(fhir.base());
        return FaultLoad.post("fetch", server.url(FaultRequests.SIGN), server.sandboxToken(FaultRequests.SIGN),
            r.body(), Duration.ofSeconds(30));
    }

    private static List<Call> load() throws InterruptedException {
        FaultLoad load = FaultLoad.start(FETCH_CLIENTS + FULL_CLIENTS,
            (client, seq) -> client < FETCH_CLIENTS ? fetching() : fullPrefetch());
        Thread.sleep(PHASE.toMillis());
        return load.stop();
    }

    private void check(String fault, String reason, List<Call> calls, FaultRun.OtherLoad others) {
        List<Call> fetches = FaultLoad.of(calls, "fetch");
        List<Call> full = FaultLoad.of(calls, "full");
        assertThat(fetches).hasSizeGreaterThanOrEqualTo(FETCH_CLIENTS);
        assertThat(full).hasSizeGreaterThanOrEqualTo(FULL_CLIENTS);
        // then every call needing the FHIR server answers 412 with a JSON error naming the keys and why
        assertThat(fetches).allSatisfy(c -> {
            assertThat(c.status()).as(c.error()).isEqualTo(412);
            JsonNode error = FaultRequests.json(c.body()).get("error");
            assertThat(error.get("code").asText()).isEqualTo("DXG-0133");
            assertThat(error.get("message").asText()).startsWith("prefetch data unavailable for keys")
                .contains("'patient'").contains("'medications'").contains(reason);
        });
        long limit = FHIR_TIMEOUT.plus(SHARED_MARGIN).toMillis();
        long max = FaultLoad.maxMillis(fetches);
        assertThat(max).as(fault + " (" + others.describe() + "), worst:\n" + FaultLoad.worst(fetches, 3))
            .isLessThanOrEqualTo(limit);
        // and calls with full prefetch keep answering with their cards
        assertThat(full).allSatisfy(c -> {
            assertThat(c.status()).as(c.error()).isEqualTo(200);
            assertThat(c.body()).contains("ADA-MET-001");
        });
        long fullMax = FaultLoad.maxMillis(full);
        if (others.quiet()) {
            assertThat(fullMax).as("full-prefetch calls do not wait for the FHIR server")
                .isLessThan(FHIR_TIMEOUT.toMillis());
        }
        String example = FaultRequests.json(fetches.get(0).body()).at("/error/message").asText();
        FaultRun.proved(String.format("FHIR server %s for %d s (--fhir-timeout %d ms): %d calls needing it -> "
                + "all 412 DXG-0133 within timeout + %s = %d ms (p50 %d, max %d ms), e.g. \"%s\"; meanwhile %d "
                + "full-prefetch calls all 200 with their card (p50 %d, max %d ms); %s", fault, PHASE.toSeconds(),
            FHIR_TIMEOUT.toMillis(), fetches.size(), "5 s", limit,
            FaultLoad.quantileMillis(fetches, 0.5), max,
            example.length() > 160 ? example.substring(0, 160) + "…" : example, full.size(),
            FaultLoad.quantileMillis(full, 0.5), fullMax, others.describe()));
    }

    @Test
    void should_answer_412_within_the_timeout_when_the_fhir_server_stalls() throws Exception {
        // given a FHIR server that answers nothing for 10 s
        PATHS.forEach(p -> fhir.route(p, q -> {
            Thread.sleep(10_000);
            return new FakeFhirServer.Reply(200, "{}");
        }));
        FaultRun.OtherLoad others = FaultRun.OtherLoad.start();

        // when
        List<Call> calls = load();

        // then
        check("stalled 10 s", "did not answer within", calls, others);
    }

    @Test
    void should_answer_412_at_once_when_the_fhir_server_answers_500() throws Exception {
        // given a FHIR server whose database is down
        PATHS.forEach(p -> fhir.route(p, q -> new FakeFhirServer.Reply(500,
            FakeFhirServer.outcome("database unavailable"))));
        FaultRun.OtherLoad others = FaultRun.OtherLoad.start();

        // when
        List<Call> calls = load();

        // then
        check("answering 500", "answered HTTP 500", calls, others);
    }
}
