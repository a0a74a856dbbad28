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

/**
 * A local OpenAI-compatible server ({@code POST /v1/chat/completions}) on 127.0.0.1 that replays reply fixtures from
 * {@code src/test/resources/reasoner/replies/} with a scripted status and delay, and records every request body.
 */
final class ReplayModelServer implements AutoCloseable {

    /** One scripted answer: HTTP status, fixture file, delay before answering. */
    record Reply(int status, String fixture, long delayMillis) {
        static Reply ok(String fixture) {
            return new Reply(200, fixture, 0);
        }

        static Reply slow(String fixture, long delayMillis) {
            return new Reply(200, fixture, delayMillis);
        }

        static Reply error(int status) {
            return new Reply(status, "error-" + status + ".json", 0);
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

    ReplayModelServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/chat/completions", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** The base URL to configure, e.g. {@code http://127.0.0.1:PORT/v1}. */
    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    /** Replies to the next requests, in order; afterwards {@link #always(Reply)}'s reply. */
    ReplayModelServer then(Reply... replies) {
        script.addAll(List.of(replies));
        return this;
    }

    ReplayModelServer always(Reply reply) {
        this.fallback = reply;
        return this;
    }

    List<String> requests() {
        return List.copyOf(requests);
    }

    /** The request headers received, in order. */
    List<com.sun.net.httpserver.Headers> requestHeaders() {
        return List.copyOf(headers);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            headers.add(exchange.getRequestHeaders());
            requests.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
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
            byte[] body = ReasonerFixtures.reply(reply.fixture()).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(reply.status(), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        } catch (IOException e) {
            // the client gave up (timeout); nothing to answer
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
