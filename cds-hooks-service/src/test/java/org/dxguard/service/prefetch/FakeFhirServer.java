package org.dxguard.service.prefetch;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.dxguard.fhir.Fixtures;

/**
 * A small real FHIR-ish HTTP server on 127.0.0.1 (JDK HttpServer) for prefetch tests: routes by path, records
 * every request and its Authorization header, optionally requires a bearer token. Public for the fault tests
 * ({@code faults.FhirServerFaultIT}).
 */
public final class FakeFhirServer implements AutoCloseable {
    /** What one route answers. */
    public record Reply(int status, String body) {}

    /** Computes a reply from the request's query (may block, e.g. to be slow). */
    @FunctionalInterface
    public interface Route {
        Reply answer(String query) throws Exception;
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fake-fhir-server");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Route> routes = new ConcurrentHashMap<>();
    final List<String> requests = new CopyOnWriteArrayList<>();
    final List<String> authorizations = new CopyOnWriteArrayList<>();
    private volatile String requiredToken;

    public FakeFhirServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Base URL, e.g. {@code http://127.0.0.1:41234/fhir}. */
    public String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/fhir";
    }

    /** How many requests reached the server. */
    public int requestCount() {
        return requests.size();
    }

    /** The Authorization header of every request, in order ("" when none). */
    public List<String> authorizations() {
        return List.copyOf(authorizations);
    }

    void requireToken(String token) {
        this.requiredToken = token;
    }

    /** Routes {@code /fhir/<path>} to a route. */
    public FakeFhirServer route(String path, Route route) {
        routes.put("/fhir/" + path, route);
        return this;
    }

    /** Routes {@code /fhir/<path>} to a fixture under {@code /fhir/server/}, with {@code {{base}}} filled. */
    FakeFhirServer fixture(String path, String fixture) {
        return route(path, q -> new Reply(200, fixture(fixture)));
    }

    String fixture(String name) {
        return Fixtures.text("server/" + name).replace("{{base}}", base());
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String query = exchange.getRequestURI().getRawQuery();
            requests.add(exchange.getRequestMethod() + " " + path + (query == null ? "" : "?" + query));
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            authorizations.add(auth == null ? "" : auth);
            Reply reply;
            if (requiredToken != null && !("Bearer " + requiredToken).equals(auth)) {
                reply = new Reply(401, outcome("missing or wrong bearer token"));
            } else {
                Route route = routes.get(path);
                try {
                    reply = route == null ? new Reply(404, outcome("no such resource")) : route.answer(query);
                } catch (Exception e) {
                    reply = new Reply(500, outcome(e.toString()));
                }
            }
            byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/fhir+json;charset=UTF-8");
            exchange.sendResponseHeaders(reply.status(), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    public static String outcome(String text) {
        return "{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\",\"code\":\"processing\","
            + "\"diagnostics\":\"" + text.replace("\"", "'") + "\"}]}";
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
