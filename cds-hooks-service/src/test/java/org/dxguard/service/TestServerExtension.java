package org.dxguard.service;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.dxguard.service.auth.TestTokens;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real service for all tests of a class, started before the first and closed after the last; the class is
 * skipped when {@code ../shared}'s sandbox key (to sign the calls) is absent. Used as
 * <pre>{@code @RegisterExtension static final TestServerExtension server = new TestServerExtension();}</pre>
 * and then like a {@link TestServer} ({@code server.post(path, server.sandboxToken(path), body)}).
 */
public final class TestServerExtension implements BeforeAllCallback, AfterAllCallback {
    private final Supplier<TestServer> starter;
    private TestServer server;

    /** The default test service: sandbox trust, no knowledge graph, the evidence-only explainer. */
    public TestServerExtension() {
        this(TestServer::start);
    }

    /** A service started by {@code starter}, e.g. {@code () -> TestServer.start(ServiceConfig.builder()…)}. */
    public TestServerExtension(Supplier<TestServer> starter) {
        this.starter = starter;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        assumeTrue(TestTokens.sandboxKeyAvailable(), "../shared/data/cds-hooks-sandbox is needed to sign");
        server = starter.get();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    private TestServer running() {
        if (server == null) {
            throw new IllegalStateException("the test server runs only within its test class");
        }
        return server;
    }

    /** The running test server, for code that takes a {@link TestServer}. */
    public TestServer get() {
        return running();
    }

    public DxGuardServer server() {
        return running().server();
    }

    public Path dataDir() {
        return running().dataDir();
    }

    public String url(String path) {
        return running().url(path);
    }

    public String sandboxToken(String path) {
        return running().sandboxToken(path);
    }

    public HttpResponse<String> get(String path, String token) {
        return running().get(path, token);
    }

    public HttpResponse<String> post(String path, String token, byte[] body) {
        return running().post(path, token, body);
    }

    public HttpResponse<String> send(HttpRequest request) {
        return running().send(request);
    }
}
