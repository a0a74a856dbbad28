package org.dxguard.service.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.dxguard.service.Fixtures;
import org.dxguard.service.TestServerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Malformed HTTP found by the fuzz fault test ({@code faults.RequestFuzzFaultIT}): a body cut short was answered
 * 500 (and logged as an internal error); Jetty's own errors (431 headers too large) came as an HTML page.
 */
class MalformedHttpIT {
    private static final String SIGN = "/cds-services/dxguard-medication-sign";
    @RegisterExtension
    static final TestServerExtension server = new TestServerExtension();

    /** Sends raw bytes, half-closes, returns everything the server answered. */
    private static String raw(byte[] request) throws Exception {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", server.server().port()), 5_000);
            s.setSoTimeout(15_000);
            OutputStream out = s.getOutputStream();
            out.write(request);
            out.flush();
            s.shutdownOutput();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            in.transferTo(answer);
            return answer.toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void should_answer_400_with_json_error_when_the_body_is_shorter_than_its_content_length() throws Exception {
        // given a request declaring 100 more bytes than it sends before the client stops sending
        byte[] json = Fixtures.withRecentDates("cdshooks/sandbox-order-sign-metformin-egfr25.json");
        String head = "POST " + SIGN + " HTTP/1.1\r\nHost: localhost:" + server.server().port()
            + "\r\nAuthorization: Bearer " + server.sandboxToken(SIGN) + "\r\nContent-Type: application/json"
            + "\r\nContent-Length: " + (json.length + 100) + "\r\nConnection: close\r\n\r\n";
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.writeBytes(head.getBytes(StandardCharsets.ISO_8859_1));
        request.writeBytes(json);

        // when
        String answer = raw(request.toByteArray());

        // then
        assertThat(answer).startsWith("HTTP/1.1 400").contains("\"code\":\"DXG-0190\"");
    }

    @Test
    void should_answer_431_with_json_error_when_headers_are_too_large() throws Exception {
        // given
        HttpRequest request = HttpRequest.newBuilder(URI.create(server.url(SIGN)))
            .header("Authorization", "Bearer " + server.sandboxToken(SIGN))
            .header("X-Padding", "x".repeat(20_000))
            .POST(HttpRequest.BodyPublishers.ofString("{}")).build();

        // when
        HttpResponse<String> r = server.send(request);

        // then
        assertThat(r.statusCode()).isEqualTo(431);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("json"));
        assertThat(r.body()).contains("\"code\":\"DXG-0191\"").doesNotContain("<html");
    }
}
