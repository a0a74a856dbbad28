package org.dxguard.service.console;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import org.dxguard.reasoner.Explainer;
import org.dxguard.reasoner.Explainers;
import org.dxguard.reasoner.ReasonerConfig;
import org.dxguard.reasoner.ReplayModelServer;
import org.dxguard.reasoner.ReplayModelServer.Reply;

/** llm-reasoner's loopback OpenAI-compatible {@link ReplayModelServer}, answering every completion with one content. */
final class ModelStub implements AutoCloseable {
    static final String MODEL = "deepseek-console-test";
    private final ReplayModelServer server;

    private ModelStub(ReplayModelServer server) {
        this.server = server;
    }

    static ModelStub answering(String content) {
        try {
            return new ModelStub(new ReplayModelServer().always(Reply.content(request -> content, 0)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The real langchain4j client pointed at this server. */
    Explainer explainer() {
        return Explainers.openAiCompatible(ReasonerConfig.builder().baseUrl(server.baseUrl()).model(MODEL)
            .budget(Duration.ofSeconds(20)).build());
    }

    @Override
    public void close() {
        server.close();
    }
}
