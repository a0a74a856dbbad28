package org.dxguard.service.prefetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.dxguard.fhir.FhirErrors;
import org.dxguard.fhir.Fixtures;
import org.dxguard.model.Code;
import org.dxguard.model.PatientFacts;
import org.dxguard.service.cdshooks.CdsJson;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** PrefetchResolver against a real HTTP server on the loopback interface. */
class PrefetchResolverIT {
    private static final Map<String, String> CONTEXT = Map.of("patientId", "p1", "userId", "Practitioner/u1");

    private FakeFhirServer server;
    private PrefetchResolver resolver;

    @BeforeEach
    void start() throws IOException {
        server = new FakeFhirServer()
            .fixture("Patient/p1", "patient-p1.json")
            .route("Observation", q -> new FakeFhirServer.Reply(200, server.fixture(
                "observations-page-" + (q.contains("page=") ? q.substring(q.indexOf("page=") + 5) : "1") + ".json")))
            .fixture("MedicationRequest", "medication-requests.json")
            .fixture("Condition", "conditions-foreign-next.json");
        resolver = PrefetchResolver.builder().fhirFacts(Fixtures.FHIR).timeout(Duration.ofSeconds(5)).build();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static Map<String, String> templates(String... keyTemplate) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < keyTemplate.length; i += 2) {
            m.put(keyTemplate[i], keyTemplate[i + 1]);
        }
        return m;
    }

    @Test
    void should_fetch_missing_keys_and_follow_next_links_when_nothing_was_prefetched() {
        // given
        Map<String, String> templates = templates("patient", "Patient/{{context.patientId}}",
            "labs", "Observation?patient={{context.patientId}}&code=33914-3,4548-4");
        // when
        ResolvedPrefetch resolved = resolver.resolve(templates, Map.of(), CONTEXT, server.base(), null);
        // then
        assertThat(resolved.fetchedKeys()).containsExactlyInAnyOrder("patient", "labs");
        assertThat(resolved.byKey().get("patient")).hasSize(1);
        assertThat(resolved.byKey().get("labs")).hasSize(6);
        assertThat(server.requests).contains("GET /fhir/Patient/p1")
            .anyMatch(r -> r.startsWith("GET /fhir/Observation?patient=p1&code=33914-3"))
            .contains("GET /fhir/Observation?patient=p1&page=2", "GET /fhir/Observation?patient=p1&page=3")
            .noneMatch(r -> r.contains("metadata"));
        // and the fetched resources map to facts like any others
        PatientFacts facts = Fixtures.FHIR.toFacts(resolved.all(), List.of(), Fixtures.AS_OF);
        assertThat(facts.patientRef()).isEqualTo("Patient/p1");
        assertThat(facts.latest(Code.LOINC, "33914-3").orElseThrow().value()).isEqualTo(28.0);
    }

    @Test
    void should_fetch_only_what_was_not_sent_when_some_keys_were_prefetched() {
        // given
        Map<String, String> templates = templates("patient", "Patient/{{context.patientId}}",
            "meds", "MedicationRequest?patient={{context.patientId}}&status=active");
        Map<String, ObjectNode> provided = Map.of("patient", (ObjectNode) CdsJson.create()
            .readTree(Fixtures.text("server/patient-p1.json").getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        // when
        ResolvedPrefetch resolved = resolver.resolve(templates, provided, CONTEXT, server.base(), null);
        // then
        assertThat(resolved.fetchedKeys()).containsExactly("meds");
        assertThat(resolved.byKey().get("meds")).hasSize(1);
        assertThat(server.requests).containsExactly("GET /fhir/MedicationRequest?patient=p1&status=active");
    }

    @Test
    void should_stop_following_pages_when_max_pages_reached() {
        // given
        PrefetchResolver twoPages = PrefetchResolver.builder().fhirFacts(Fixtures.FHIR).maxPages(2).build();
        // when
        ResolvedPrefetch resolved = twoPages.resolve(templates("labs", "Observation?patient={{context.patientId}}"),
            Map.of(), CONTEXT, server.base(), null);
        // then
        assertThat(resolved.byKey().get("labs")).hasSize(4);
        assertThat(server.requests).hasSize(2);
    }

    @Test
    void should_cap_resources_when_max_resources_reached() {
        // given
        PrefetchResolver capped = PrefetchResolver.builder().fhirFacts(Fixtures.FHIR).maxResources(3).build();
        // when
        ResolvedPrefetch resolved = capped.resolve(templates("labs", "Observation?patient={{context.patientId}}"),
            Map.of(), CONTEXT, server.base(), null);
        // then
        assertThat(resolved.byKey().get("labs")).hasSize(3);
        assertThat(server.requests).hasSize(2);
    }

    @Test
    void should_send_bearer_token_on_every_request_when_token_given() {
        // given
        server.requireToken("tok-123");
        // when
        ResolvedPrefetch resolved = resolver.resolve(templates("patient", "Patient/{{context.patientId}}",
            "labs", "Observation?patient={{context.patientId}}"), Map.of(), CONTEXT, server.base(), "tok-123");
        // then
        assertThat(resolved.byKey().get("labs")).hasSize(6);
        assertThat(server.authorizations).hasSize(4).containsOnly("Bearer tok-123");
    }

    @Test
    void should_be_unavailable_naming_key_and_status_when_server_rejects_missing_token() {
        // given
        server.requireToken("tok-123");
        // when
        PrefetchUnavailableException e = catchThrowableOfType(() -> resolver.resolve(
            templates("patient", "Patient/{{context.patientId}}"), Map.of(), CONTEXT, server.base(), null),
            PrefetchUnavailableException.class);
        // then
        assertThat(e.errorCode()).isEqualTo(FhirErrors.PREFETCH_UNAVAILABLE);
        assertThat(e.keys()).containsExactly("patient");
        assertThat(e).hasMessageContaining("'patient'").hasMessageContaining("HTTP 401");
        assertThat(e.httpStatus()).isEqualTo(412);
    }

    @Test
    void should_be_retriable_unavailable_when_server_answers_500() {
        // given
        server.route("AllergyIntolerance", q -> new FakeFhirServer.Reply(500, FakeFhirServer.outcome("database down")));
        // when
        PrefetchUnavailableException e = catchThrowableOfType(() -> resolver.resolve(
            templates("patient", "Patient/{{context.patientId}}",
                "allergies", "AllergyIntolerance?patient={{context.patientId}}"),
            Map.of(), CONTEXT, server.base(), null), PrefetchUnavailableException.class);
        // then
        assertThat(e.errorCode()).isEqualTo(FhirErrors.PREFETCH_FETCH_FAILED);
        assertThat(e.retriable()).isTrue();
        assertThat(e.reasons()).containsOnlyKeys("allergies");
        assertThat(e).hasMessageStartingWith("DXG-0133: ").hasMessageContaining("HTTP 500");
        assertThat(FhirErrors.httpStatus(e.errorCode())).isEqualTo(412);
    }

    @Test
    void should_go_on_without_the_optional_key_when_its_fetch_fails() {
        // given the notes search fails on the server
        server.route("DocumentReference", q -> new FakeFhirServer.Reply(500, FakeFhirServer.outcome("index down")));
        // when
        ResolvedPrefetch resolved = resolver.resolve(templates("patient", "Patient/{{context.patientId}}",
                "notes", "DocumentReference?patient={{context.patientId}}"), java.util.Set.of("notes"),
            Map.of(), CONTEXT, server.base(), null);
        // then: the patient is there, the notes key has no data, the call goes on
        assertThat(resolved.byKey().get("patient")).hasSize(1);
        assertThat(resolved.byKey().get("notes")).isEmpty();
        assertThat(resolved.fetchedKeys()).containsExactly("patient");
    }

    @Test
    void should_be_unavailable_with_404_when_read_target_does_not_exist() {
        // when
        PrefetchUnavailableException e = catchThrowableOfType(() -> resolver.resolve(
            templates("patient", "Patient/{{context.patientId}}"), Map.of(), Map.of("patientId", "nobody"),
            server.base(), null), PrefetchUnavailableException.class);
        // then
        assertThat(e.errorCode()).isEqualTo(FhirErrors.PREFETCH_UNAVAILABLE);
        assertThat(e).hasMessageContaining("HTTP 404");
    }

    @Test
    void should_time_out_when_server_answers_slower_than_timeout() {
        // given a server that takes 3 s and a 300 ms timeout
        server.route("Encounter", q -> {
            TimeUnit.SECONDS.sleep(3);
            return new FakeFhirServer.Reply(200, Fixtures.text("server/patient-p1.json"));
        });
        PrefetchResolver impatient = PrefetchResolver.builder().fhirFacts(Fixtures.FHIR)
            .timeout(Duration.ofMillis(300)).build();
        // when
        PrefetchUnavailableException e = catchThrowableOfType(() -> impatient.resolve(
            templates("encounters", "Encounter?patient={{context.patientId}}"), Map.of(), CONTEXT, server.base(), null),
            PrefetchUnavailableException.class);
        // then
        assertThat(e.errorCode()).isEqualTo(FhirErrors.PREFETCH_FETCH_FAILED);
        assertThat(e).hasMessageContaining("'encounters'").hasMessageContaining("did not answer within 300 ms");
    }

    @Test
    void should_be_unavailable_when_connection_is_refused() throws IOException {
        // given a port with nothing listening
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        // when
        PrefetchUnavailableException e = catchThrowableOfType(() -> resolver.resolve(
            templates("patient", "Patient/{{context.patientId}}"), Map.of(), CONTEXT,
            "http://127.0.0.1:" + port + "/fhir", null), PrefetchUnavailableException.class);
        // then
        assertThat(e.errorCode()).isEqualTo(FhirErrors.PREFETCH_FETCH_FAILED);
        assertThat(e).hasMessageContaining("refused");
    }

    @Test
    void should_fetch_keys_in_parallel_when_several_are_missing() {
        // given two routes that each answer only once both requests have arrived (sequential fetching would
        // leave the first one waiting until the barrier breaks, answering 500)
        CyclicBarrier bothArrived = new CyclicBarrier(2);
        FakeFhirServer.Route rendezvous = q -> {
            bothArrived.await(4, TimeUnit.SECONDS);
            return new FakeFhirServer.Reply(200, server.fixture("medication-requests.json"));
        };
        server.route("MedicationStatement", rendezvous).route("Procedure", rendezvous);
        // when
        ResolvedPrefetch resolved = resolver.resolve(templates(
                "statements", "MedicationStatement?patient={{context.patientId}}",
                "procedures", "Procedure?patient={{context.patientId}}"),
            Map.of(), CONTEXT, server.base(), null);
        // then
        assertThat(resolved.byKey().get("statements")).hasSize(1);
        assertThat(resolved.byKey().get("procedures")).hasSize(1);
    }

    @Test
    void should_give_up_within_the_timeout_when_the_server_never_answers() {
        // given a server that holds every request for 10 s, and a 1 s timeout
        server.route("Encounter", q -> {
            TimeUnit.SECONDS.sleep(10);
            return new FakeFhirServer.Reply(200, Fixtures.text("server/patient-p1.json"));
        });
        PrefetchResolver impatient = PrefetchResolver.builder().fhirFacts(Fixtures.FHIR)
            .timeout(Duration.ofSeconds(1)).build();
        long t0 = System.nanoTime();
        // when
        Map<String, String> six = new LinkedHashMap<>();
        for (int k = 0; k < 6; k++) {
            six.put("k" + k, "Encounter?patient={{context.patientId}}&n=" + k);
        }
        PrefetchUnavailableException e = catchThrowableOfType(() -> impatient.resolve(six, Map.of(), CONTEXT,
            server.base(), null), PrefetchUnavailableException.class);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        // then one attempt per key, all within the timeout
        assertThat(e).hasMessageContaining("did not answer within 1000 ms");
        assertThat(server.requestCount()).isEqualTo(6);
        assertThat(ms).isLessThan(2_500);
    }

    @Test
    void should_not_queue_concurrent_calls_for_connections_when_each_fetches_many_keys() throws Exception {
        // given 3 calls at once, each fetching 6 keys from the same FHIR server, whose answers come only once all
        // 18 requests have arrived (found by faults.FhirServerFaultIT: a pool of 8 connections per server made
        // concurrent calls wait for a connection and fail with "did not answer")
        CyclicBarrier allArrived = new CyclicBarrier(18);
        server.route("MedicationStatement", q -> {
            allArrived.await(4, TimeUnit.SECONDS);
            return new FakeFhirServer.Reply(200, server.fixture("medication-requests.json"));
        });
        Map<String, String> templates = new LinkedHashMap<>();
        for (int k = 0; k < 6; k++) {
            templates.put("k" + k, "MedicationStatement?patient={{context.patientId}}&n=" + k);
        }
        java.util.concurrent.ExecutorService calls = java.util.concurrent.Executors.newFixedThreadPool(3);
        try {
            // when
            List<java.util.concurrent.Future<ResolvedPrefetch>> results = new java.util.ArrayList<>();
            for (int c = 0; c < 3; c++) {
                results.add(calls.submit(() -> resolver.resolve(templates, Map.of(), CONTEXT, server.base(), null)));
            }
            // then every key of every call was fetched
            for (java.util.concurrent.Future<ResolvedPrefetch> r : results) {
                assertThat(r.get(30, TimeUnit.SECONDS).byKey()).hasSize(6)
                    .allSatisfy((k, v) -> assertThat(v).hasSize(1));
            }
        } finally {
            calls.shutdownNow();
        }
    }

    @Test
    void should_not_follow_next_link_when_it_points_to_another_origin() {
        // when
        PrefetchUnavailableException e = catchThrowableOfType(() -> resolver.resolve(
            templates("conditions", "Condition?patient={{context.patientId}}"), Map.of(), CONTEXT, server.base(),
            "tok-123"), PrefetchUnavailableException.class);
        // then
        assertThat(e).hasMessageContaining("another origin");
        assertThat(server.requests).hasSize(1);
    }

    @Test
    void should_fill_user_tokens_when_user_is_a_practitioner() {
        // given
        server.fixture("Practitioner/u1", "practitioner-u1.json");
        // when
        ResolvedPrefetch resolved = resolver.resolve(templates("user", "Practitioner/{{userPractitionerId}}"),
            Map.of(), CONTEXT, server.base() + "/", null);
        // then
        assertThat(server.requests).containsExactly("GET /fhir/Practitioner/u1");
        List<IBaseResource> user = resolved.byKey().get("user");
        assertThat(user).hasSize(1);
    }
}
