package org.dxguard.reasoner;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A local OpenAI-compatible server ({@code POST /v1/chat/completions}) on 127.0.0.1 that replays reply fixtures from
 * the classpath folder {@code reasoner/replies/} (this module's test resources, or the same folder in a module that
 * uses this class from llm-reasoner's test-jar) or answers written from the request (the prompt), or raw bodies
 * that are no chat completion at all (an HTML error page), with a scripted status and delay, and records every
 * request body. {@link #close()} closes its port, so that later calls are refused (a model server that is down).
 * Shared with cds-hooks-service's integration and fault tests through the {@code test-jar} of llm-reasoner.
 */
public final class ReplayModelServer implements AutoCloseable {
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    /**
     * One scripted answer: HTTP status (0 = drop the connection without answering), fixture file, delay before
     * answering, or (when {@code answer} is set) the assistant content written from the request body, sent as the
     * whole response body instead when {@code raw}.
     */
    public record Reply(int status, String fixture, long delayMillis, Function<String, String> answer, boolean raw) {
        public Reply(int status, String fixture, long delayMillis) {
            this(status, fixture, delayMillis, null, false);
        }

        public Reply(int status, String fixture, long delayMillis, Function<String, String> answer) {
            this(status, fixture, delayMillis, answer, false);
        }

        public static Reply ok(String fixture) {
            return new Reply(200, fixture, 0);
        }

        public static Reply slow(String fixture, long delayMillis) {
            return new Reply(200, fixture, delayMillis);
        }

        public static Reply error(int status) {
            return new Reply(status, "error-" + status + ".json", 0);
        }

        /** A 200 chat completion whose content is {@code answer} applied to the request body, after a delay. */
        public static Reply content(Function<String, String> answer, long delayMillis) {
            return new Reply(200, null, delayMillis, answer);
        }

        /** A response whose whole body is {@code body} applied to the request body (not wrapped in a completion). */
        public static Reply raw(int status, Function<String, String> body) {
            return new Reply(status, null, 0, body, true);
        }

        /** The connection is closed without an HTTP answer (a crashed or restarting model server). */
        public static Reply drop() {
            return new Reply(0, null, 0);
        }
    }

    /** The user prompt ({@code messages[last].content}) of a recorded chat-completion request body. */
    public static String prompt(String requestBody) {
        try {
            var messages = JSON.readTree(requestBody).path("messages");
            return messages.path(messages.size() - 1).path("content").asText();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A chat-completion response body carrying {@code content} as the assistant's message. */
    public static String completion(String content) {
        var reply = JSON.createObjectNode().put("id", "cmpl-replay").put("object", "chat.completion")
            .put("created", 0).put("model", "replay");
        var choice = reply.putArray("choices").addObject().put("index", 0).put("finish_reason", "stop");
        choice.putObject("message").put("role", "assistant").put("content", content);
        reply.putObject("usage").put("prompt_tokens", 1).put("completion_tokens", 1).put("total_tokens", 2);
        return reply.toString();
    }

    private static String fixture(String name) {
        String path = "reasoner/replies/" + name;
        try (var in = ReplayModelServer.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("missing test resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "replay-model-server");
        t.setDaemon(true);
        return t;
    });
    private final ConcurrentLinkedQueue<Reply> script = new ConcurrentLinkedQueue<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<com.sun.net.httpserver.Headers> headers = new CopyOnWriteArrayList<>();
    private volatile Reply fallback = Reply.ok("good.json");
    private volatile boolean closed;

    public ReplayModelServer() throws IOException {
        // a backlog for load tests: many clients may connect at once
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 100);
        server.createContext("/v1/chat/completions", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** The base URL to configure, e.g. {@code http://127.0.0.1:PORT/v1}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    /** Replies to the next requests, in order; afterwards {@link #always(Reply)}'s reply. */
    public ReplayModelServer then(Reply... replies) {
        script.addAll(List.of(replies));
        return this;
    }

    public ReplayModelServer always(Reply reply) {
        this.fallback = reply;
        return this;
    }

    public List<String> requests() {
        return List.copyOf(requests);
    }

    /** How many requests have reached the server so far. */
    public int requestCount() {
        return requests.size();
    }

    /** The request headers received, in order. */
    public List<com.sun.net.httpserver.Headers> requestHeaders() {
        return List.copyOf(headers);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            headers.add(exchange.getRequestHeaders());
            String request = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(request);
            Reply reply = script.poll();
            if (reply == null) {
                reply = fallback;
            }
            if (reply.delayMillis() > 0) {
                try {
                    Thread.sleep(reply.delayMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            if (reply.status() == 0) {
                return; // closed without an answer
            }
            String text = reply.answer() == null ? fixture(reply.fixture())
                : reply.raw() ? reply.answer().apply(request) : completion(reply.answer().apply(request));
            byte[] body = text.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(reply.status(), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        } catch (IOException e) {
            // the client gave up (timeout); nothing to answer
        }
    }

    /** Stops answering: the port is closed (connection refused), like a model server that is down. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            server.stop(0);
            executor.shutdownNow();
        }
    }
}
