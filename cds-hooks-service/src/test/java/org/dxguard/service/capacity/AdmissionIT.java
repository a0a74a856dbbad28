package org.dxguard.service.capacity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.dxguard.service.Fixtures;
import org.dxguard.service.ServiceConfig;
import org.dxguard.service.TestServer;
import org.dxguard.service.observability.PrometheusText;
import org.junit.jupiter.api.Test;

/**
 * Bounded admission over real HTTP with real tokens: one decision slot, held by a call whose body is still arriving
 * (the slot is taken before the body is read), so that the next hook call finds the service at capacity.
 */
class AdmissionIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SIGN = "/cds-services/dxguard-medication-sign";

    /** An order-sign call on a raw socket that has sent its headers and half its body, holding its slot. */
    private static final class HeldCall implements AutoCloseable {
        private final Socket socket;
        private final byte[] rest;

        HeldCall(TestServer server, byte[] body) throws Exception {
            socket = new Socket("localhost", server.server().port());
            socket.setSoTimeout(120_000);
            int half = body.length / 2;
            rest = Arrays.copyOfRange(body, half, body.length);
            String head = "POST " + SIGN + " HTTP/1.1\r\nHost: localhost:" + server.server().port() + "\r\n"
                + "Authorization: Bearer " + server.sandboxToken(SIGN) + "\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(body, 0, half);
            out.flush();
        }

        /** Sends the rest of the body; the status line of the answer. */
        String finish() throws Exception {
            OutputStream out = socket.getOutputStream();
            out.write(rest);
            out.flush();
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
                .readLine();
        }

        @Override
        public void close() throws Exception {
            socket.close();
        }
    }

    private static PrometheusText metrics(TestServer server) {
        return PrometheusText.parse(server.get("/metrics", null).body());
    }

    private static void awaitInFlight(TestServer server, int n) throws InterruptedException {
        for (int i = 0; i < 600; i++) {
            if (metrics(server).value("dxguard_admission_in_flight", Map.of()) == n) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the held call never took its slot");
    }

    private static HttpResponse<String> sign(TestServer server, byte[] body, String token) {
        return server.post(SIGN, token, body);
    }

    @Test
    void should_answer_503_with_retry_after_and_count_it_when_the_only_slot_is_busy() throws Exception {
        // given
        byte[] body = Fixtures.bytes("cdshooks/order-sign-request.json");
        try (TestServer server = TestServer.start(ServiceConfig.builder().graphEnabled(false)
                .capacity(new ServiceConfig.Capacity(1, 0, Duration.ZERO, Duration.ZERO)));
             HeldCall held = new HeldCall(server, body)) {
            awaitInFlight(server, 1);
            String token = server.sandboxToken(SIGN);

            // when
            HttpResponse<String> shed = sign(server, body, token);

            // then: refused while the first call still holds the slot, i.e. at once, not after it
            assertThat(shed.statusCode()).isEqualTo(503);
            assertThat(shed.headers().firstValue("Retry-After")).contains("1");
            JsonNode error = JSON.readTree(shed.body()).path("error");
            assertThat(error.path("code").asText()).isEqualTo("DXG-0670");
            assertThat(error.path("message").asText()).contains("at capacity").contains("queue is full");
            PrometheusText m = metrics(server);
            assertThat(m.value("dxguard_admission_rejected_total", Map.of("reason", "queue-full"))).isEqualTo(1.0);
            assertThat(m.value("dxguard_admission_rejected_total", Map.of("reason", "wait-timeout"))).isZero();
            assertThat(m.value("dxguard_http_server_requests_seconds_count",
                Map.of("service", "dxguard-medication-sign", "hook", "order-sign", "status", "503"))).isEqualTo(1.0);
            assertThat(m.value("dxguard_admission_limit", Map.of())).isEqualTo(1.0);
            // what is never shed: discovery, readiness, liveness, metrics
            assertThat(server.get("/cds-services", server.sandboxToken("/cds-services")).statusCode()).isEqualTo(200);
            assertThat(server.get("/health/ready", null).statusCode()).isEqualTo(200);
            assertThat(server.get("/health/live", null).statusCode()).isEqualTo(200);
            // the held call is answered once its body is complete, and the shed call's token was not used up
            assertThat(held.finish()).startsWith("HTTP/1.1 200");
            awaitInFlight(server, 0);
            assertThat(sign(server, body, token).statusCode()).isEqualTo(200);
            assertThat(metrics(server).value("dxguard_admission_rejected_total", Map.of("reason", "queue-full")))
                .isEqualTo(1.0);
        }
    }

    @Test
    void should_answer_503_after_the_maximum_queue_wait_when_no_slot_frees_up() throws Exception {
        // given
        byte[] body = Fixtures.bytes("cdshooks/order-sign-request.json");
        Duration maxWait = Duration.ofMillis(300);
        try (TestServer server = TestServer.start(ServiceConfig.builder().graphEnabled(false)
                .capacity(new ServiceConfig.Capacity(1, 4, maxWait, Duration.ZERO)));
             HeldCall held = new HeldCall(server, body)) {
            awaitInFlight(server, 1);

            // when
            long start = System.nanoTime();
            HttpResponse<String> shed = sign(server, body, server.sandboxToken(SIGN));
            long tookMillis = (System.nanoTime() - start) / 1_000_000;

            // then
            assertThat(shed.statusCode()).isEqualTo(503);
            assertThat(shed.headers().firstValue("Retry-After")).contains("1");
            assertThat(JSON.readTree(shed.body()).at("/error/message").asText()).contains("maximum queue wait");
            assertThat(tookMillis).as("it waited in the queue before it was refused").isGreaterThanOrEqualTo(280);
            PrometheusText m = metrics(server);
            assertThat(m.value("dxguard_admission_rejected_total", Map.of("reason", "wait-timeout"))).isEqualTo(1.0);
            assertThat(m.value("dxguard_admission_waiting", Map.of())).isZero();
            assertThat(held.finish()).startsWith("HTTP/1.1 200");
        }
    }
}
