package org.dxguard.bench;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Test support (bench's test-jar): a local HTTP target that answers every POST after a fixed delay, with threads
 * enough never to queue on its side, for driving the load engine faster than a service can carry.
 */
public final class SlowTarget implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(16);

    private SlowTarget(HttpServer server) {
        this.server = server;
    }

    /** Answers {@code {"cards":[]}} on {@code /slow} after {@code delayMs}. */
    public static SlowTarget start(int delayMs) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        SlowTarget target = new SlowTarget(server);
        server.setExecutor(target.threads);
        server.createContext("/slow", exchange -> {
            exchange.getRequestBody().readAllBytes();
            try {
                Thread.sleep(delayMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] body = "{\"cards\":[]}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return target;
    }

    /** The URL to call. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/slow";
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
