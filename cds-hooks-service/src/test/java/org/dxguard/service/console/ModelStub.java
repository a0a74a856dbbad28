package org.dxguard.service.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.dxguard.reasoner.Explainer;
import org.dxguard.reasoner.Explainers;
import org.dxguard.reasoner.ReasonerConfig;

/** A loopback OpenAI-compatible chat server that answers every completion with one fixed content. */
final class ModelStub implements AutoCloseable {
    static final String MODEL = "deepseek-console-test";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpServer server;

    private ModelStub(HttpServer server) {
        this.server = server;
    }

    static ModelStub answering(String content) {
        try {
            HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            s.createContext("/v1/chat/completions", ex -> {
                ex.getRequestBody().readAllBytes();
                ObjectNode reply = JSON.createObjectNode().put("id", "cmpl-1").put("object", "chat.completion")
                    .put("created", 0).put("model", MODEL);
                ObjectNode choice = reply.putArray("choices").addObject().put("index", 0).put("finish_reason", "stop");
                choice.putObject("message").put("role", "assistant").put("content", content);
                reply.putObject("usage").put("prompt_tokens", 1).put("completion_tokens", 1).put("total_tokens", 2);
                byte[] bytes = JSON.writeValueAsBytes(reply);
                ex.getResponseHeaders().add("Content-Type", "application/json");
                ex.sendResponseHeaders(200, bytes.length);
                ex.getResponseBody().write(bytes);
                ex.close();
            });
            s.start();
            return new ModelStub(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The real langchain4j client pointed at this server. */
    Explainer explainer() {
        return Explainers.openAiCompatible(ReasonerConfig.builder()
            .baseUrl("http://127.0.0.1:" + server.getAddress().getPort() + "/v1").model(MODEL)
            .budget(Duration.ofSeconds(20)).build());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
