package org.dxguard.service;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.dxguard.service.auth.TestTokens;

/** A real service on a free loopback port with a temporary data directory, and an HTTP client for it. */
public final class TestServer implements AutoCloseable {
    private final DxGuardServer server;
    private final Path dataDir;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();

    private TestServer(DxGuardServer server, Path dataDir) {
        this.server = server;
        this.dataDir = dataDir;
    }

    /** Starts with the default (sandbox) trust and no knowledge graph (tests that need it enable it). */
    public static TestServer start() {
        return start(ServiceConfig.builder().graphEnabled(false));
    }

    /**
     * With the model server the config names ({@code reasoner(...)}), else the evidence-only explainer (the embedded
     * model's own tests are EmbeddedDefaultIT and llm-reasoner's).
     */
    public static TestServer start(ServiceConfig.Builder config) {
        boolean modelServer = config.port(0).dataDir(Path.of(".")).build().reasoner() != null;
        return start(config, modelServer ? null : org.dxguard.reasoner.Explainers.evidenceOnly());
    }

    /** With a given explainer (e.g. a real OpenAI-compatible client pointed at a local test server). */
    public static TestServer start(ServiceConfig.Builder config, org.dxguard.reasoner.Explainer explainer) {
        try {
            Path dataDir = Files.createTempDirectory("dxguard-it");
            return new TestServer(DxGuardServer.start(config.port(0).dataDir(dataDir).build(), explainer), dataDir);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** On a given data directory (a restart: what the previous server stored there is read back). */
    public static TestServer startOn(Path dataDir, ServiceConfig.Builder config) {
        return startIn(dataDir, config, org.dxguard.reasoner.Explainers.evidenceOnly());
    }

    /**
     * In a data directory prepared beforehand (e.g. a graph imported into {@code dataDir/graph} as
     * {@code dxguard graph import} does), with a given explainer; the directory is the caller's.
     */
    public static TestServer startIn(Path dataDir, ServiceConfig.Builder config,
                                     org.dxguard.reasoner.Explainer explainer) {
        return new TestServer(DxGuardServer.start(config.port(0).dataDir(dataDir).build(), explainer), dataDir);
    }

    /**
     * Waits until the knowledge graph is ready, at most {@code limit} (a busy build machine starts the embedded Neo4j
     * slowly), and fails with the graph's status when it is not.
     */
    public void awaitGraph(java.time.Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (server.graph().current().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(250);
        }
        if (server.graph().current().isEmpty()) {
            throw new AssertionError("knowledge graph not ready after " + limit + ": " + server.graph().status());
        }
    }

    public DxGuardServer server() {
        return server;
    }

    public Path dataDir() {
        return dataDir;
    }

    public String url(String path) {
        return "http://localhost:" + server.port() + path;
    }

    /** A fresh sandbox-signed token for the exact URL of {@code path}. */
    public String sandboxToken(String path) {
        return TestTokens.sandboxToken(url(path));
    }

    public HttpResponse<String> get(String path, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path))).GET();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return send(b.build());
    }

    public HttpResponse<String> post(String path, String token, byte[] body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path)))
            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return send(b.build());
    }

    public HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
