package org.dxguard.service.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.dxguard.service.Fixtures;
import org.dxguard.service.TestServer;
import org.dxguard.service.auth.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Replays requests captured from the real HL7 CDS Hooks sandbox (built from its source with npm, driven in headless
 * Chromium against {@code dxguard serve}; fixtures {@code sandbox/captured-*.json}, how in
 * {@code docs/sandbox-capture.md}) and checks the cards it got then: the sandbox's own order format (RxNorm
 * 861004/861007 from its drug list, {@code doseQuantity {"value": 3, "code": "{pill}"}}, timing.repeat.frequency)
 * at eGFR 37.8 gets the "do not start" warning and, at 3 tablets of 1000 mg twice daily, the 6000 mg/day dose
 * warning. Dates in the captured prefetch are moved by the time since the capture, so the eGFR stays 3 days old.
 */
class SandboxReplayIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestServer server;

    @BeforeAll
    static void start() {
        assumeTrue(TestTokens.sandboxKeyAvailable(), "../shared/data/cds-hooks-sandbox is needed to sign");
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** Moves every effectiveDateTime and authoredOn by {@code shift} (dates of the capture → the same age now). */
    private static void shiftDates(JsonNode node, Duration shift) {
        if (node.isObject()) {
            ObjectNode o = (ObjectNode) node;
            for (String field : List.of("effectiveDateTime", "authoredOn")) {
                JsonNode v = o.get(field);
                if (v != null && v.isTextual() && v.asText().length() > 10) {
                    o.put(field, Instant.parse(v.asText()).plus(shift).toString());
                }
            }
            o.elements().forEachRemaining(n -> shiftDates(n, shift));
        } else if (node.isArray()) {
            node.forEach(n -> shiftDates(n, shift));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"captured-order-select-metformin-861004-3-pill-bid.json",
        "captured-order-select-metformin-861007-1-pill-tid.json", "captured-order-sign-metformin-861004-3-pill-bid.json"})
    void should_answer_the_sandbox_as_when_it_was_captured_when_its_requests_are_replayed(String fixture)
        throws Exception {
        // given a request the sandbox sent, with its dates moved to now
        JsonNode captured = JSON.readTree(Fixtures.text("sandbox/" + fixture));
        ObjectNode body = (ObjectNode) captured.at("/request/body").deepCopy();
        shiftDates(body.get("prefetch"), Duration.between(
            Instant.ofEpochSecond(captured.get("capturedAt").asLong()), Instant.now()));
        String path = URI.create(captured.at("/request/url").asText()).getPath();
        assertThat(captured.at("/request/jwtHeader/alg").asText()).isEqualTo("ES384");
        assertThat(captured.at("/request/jwtClaims/iss").asText()).isEqualTo("https://sandbox.cds-hooks.org");

        // when it is sent again, signed with the sandbox's key for this server
        HttpResponse<String> r = server.post(path, server.sandboxToken(path), JSON.writeValueAsBytes(body));

        // then the cards are those the sandbox showed
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        List<String> now = new ArrayList<>();
        JSON.readTree(r.body()).get("cards").forEach(c -> now.add(c.get("indicator").asText() + " "
            + c.get("summary").asText()));
        List<String> then = new ArrayList<>();
        captured.at("/response/cards").forEach(c -> then.add(c.get("indicator").asText() + " "
            + c.get("summary").asText()));
        // the captured cards, plus only cards of rules written after the capture (issue 16: ADA-DOSE-004, a first
        // order above the usual starting dose)
        assertThat(now).containsAll(then);
        assertThat(now.stream().filter(c -> !then.contains(c)))
            .allMatch(c -> c.startsWith("info Starting metformin at "), "a card of a rule newer than the capture");
        assertThat(now).anyMatch(s -> s.startsWith("warning Starting metformin is not recommended at eGFR 37.8"));
        if (fixture.contains("861004-3-pill-bid")) {
            assertThat(now).anyMatch(s -> s.contains("6000 mg/day exceeds the 2550 mg/day maximum"));
        }
    }

    @org.junit.jupiter.api.Test
    void should_answer_both_order_hooks_under_one_service_id_when_the_ehr_uses_it() throws Exception {
        // given the sandbox's order-select and order-sign requests, sent to the one-id service
        for (String fixture : List.of("captured-order-select-metformin-861004-3-pill-bid.json",
            "captured-order-sign-metformin-861004-3-pill-bid.json")) {
            JsonNode captured = JSON.readTree(Fixtures.text("sandbox/" + fixture));
            ObjectNode body = (ObjectNode) captured.at("/request/body").deepCopy();
            shiftDates(body.get("prefetch"), Duration.between(
                Instant.ofEpochSecond(captured.get("capturedAt").asLong()), Instant.now()));
            String path = "/cds-services/dxguard-medication";

            // when
            HttpResponse<String> r = server.post(path, server.sandboxToken(path), JSON.writeValueAsBytes(body));

            // then the same cards as under the per-hook ids
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(r.body()).contains("6000 mg/day exceeds the 2550 mg/day maximum");
        }
    }
}
