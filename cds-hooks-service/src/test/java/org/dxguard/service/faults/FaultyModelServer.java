package org.dxguard.service.faults;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local OpenAI-compatible model server ({@code POST /v1/chat/completions}, JDK HttpServer on 127.0.0.1, as in
 * {@code http.VetoedExplanationIT}) whose behaviour the test switches: stalled, answering garbage, answering 503.
 * {@link #stop()} closes its port, so that calls are refused. Counts the requests that reach it.
 */
final class FaultyModelServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    enum Mode { STALL, GARBAGE, ERROR_503 }

    /** What a model that lost the plot sends back, in turn: none of it is a valid explanation. */
    private static final String[] GARBAGE_CONTENT = {
        "I think the patient probably has a cold, but I am not sure.",
        "{\"candidates\": [{\"diagnosis\": \"Pneumo",
        "{\"answer\": 42, \"candidates\": \"none\"}",
        "```json\n[1, 2, 3]\n```",
        "\u0000\u0001\u0002 \ufffd\ufffd \u202e",
        "",
    };

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "faulty-model-server");
        t.setDaemon(true);
        return t;
    });
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger garbageTurn = new AtomicInteger();
    private volatile Mode mode = Mode.STALL;
    private volatile long stallMillis = 3_000;
    private volatile boolean stopped;

    FaultyModelServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 100);
        server.setExecutor(executor);
        server.createContext("/v1/chat/completions", this::handle);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    FaultyModelServer stall(long millis) {
        this.stallMillis = millis;
        this.mode = Mode.STALL;
        return this;
    }

    FaultyModelServer mode(Mode m) {
        this.mode = m;
        return this;
    }

    /** Requests that reached the server so far. */
    int requests() {
        return requests.get();
    }

    /** Closes the port: from now on connections are refused. */
    void stop() {
        if (!stopped) {
            stopped = true;
            server.stop(0);
            executor.shutdownNow();
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            requests.incrementAndGet();
            Mode m = mode;
            int status = 200;
            byte[] body;
            switch (m) {
                case STALL -> {
                    try {
                        Thread.sleep(stallMillis);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    body = envelope("{\"candidates\": []}");
                }
                case GARBAGE -> {
                    int turn = garbageTurn.getAndIncrement();
                    body = turn % 7 == 6 ? "<html><body>502 Bad Gateway</body></html>".getBytes(StandardCharsets.UTF_8)
                        : envelope(GARBAGE_CONTENT[turn % 7]);
                }
                default -> {
                    status = 503;
                    body = "{\"error\":{\"message\":\"model is loading\",\"type\":\"server_error\"}}"
                        .getBytes(StandardCharsets.UTF_8);
                }
            }
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        } catch (IOException e) {
            // the client gave up on a stalled call
        }
    }

    private static byte[] envelope(String content) throws IOException {
        ObjectNode reply = JSON.createObjectNode().put("id", "cmpl-fault").put("object", "chat.completion")
            .put("created", 0).put("model", "deepseek-faulty");
        ObjectNode choice = reply.putArray("choices").addObject().put("index", 0).put("finish_reason", "stop");
        choice.putObject("message").put("role", "assistant").put("content", content);
        reply.putObject("usage").put("prompt_tokens", 1).put("completion_tokens", 1).put("total_tokens", 2);
        return JSON.writeValueAsBytes(reply);
    }

    @Override
    public void close() {
        stop();
    }
}
