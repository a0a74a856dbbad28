package org.dxguard.reasoner.ask;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.dxguard.reasoner.Explainers;
import org.dxguard.reasoner.ExplanationOutcome.Reason;
import org.dxguard.reasoner.ReasonerConfig;
import org.dxguard.reasoner.internal.ModelCallException;
import org.dxguard.reasoner.internal.ModelFailures;
import org.dxguard.reasoner.internal.ModelOutputParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Factories for {@link Answerer}s. With a model server ({@code DXGUARD_LLM_BASE_URL}) the answer is written by
 * langchain4j's OpenAI-compatible client with the explanation's settings (timeout, retries, temperature, maximum
 * tokens, concurrency); without one, {@link #none()}: questions get the evidence-only answer. The embedded small
 * local model is not used for questions: it was trained to explain differentials only.
 */
public final class Answerers {
    private static final Logger LOG = LoggerFactory.getLogger(Answerers.class);
    /** The model id of an answer written without a model. */
    public static final String EVIDENCE_ONLY = "dxguard-evidence-only";
    private static final String SYSTEM = "You are dxguard's assistant for clinicians. You answer from the material "
        + "given only, cite its ids, and never recommend what the guideline rules forbid. The clinician decides.";

    private Answerers() {}

    /** The model server of {@code config}, or {@link #none()} without one. */
    public static Answerer create(ReasonerConfig config) {
        return config.hasModelServer() ? chatModel(Explainers.openAiChatModel(config), config.modelId(), config)
            : none();
    }

    /** No model: every question gets the evidence-only answer. */
    public static Answerer none() {
        return new Answerer() {
            @Override
            public String kind() {
                return "none";
            }

            @Override
            public String modelId() {
                return EVIDENCE_ONLY;
            }

            @Override
            public CompletableFuture<ModelAnswer> answer(AskMaterial material) {
                return CompletableFuture.completedFuture(ModelAnswer.failed(Reason.MODEL_UNAVAILABLE,
                    "no model server is configured", EVIDENCE_ONLY, Duration.ZERO));
            }

            @Override
            public void close() {
            }
        };
    }

    /** Any langchain4j chat model (an OpenAI-compatible server, or a stand-in in tests). */
    public static Answerer chatModel(ChatModel model, String modelId, ReasonerConfig config) {
        return new ChatModelAnswerer(model, modelId, config);
    }

    private static final class ChatModelAnswerer implements Answerer {
        private final ChatModel model;
        private final String modelId;
        private final ReasonerConfig config;
        private final ExecutorService executor;

        ChatModelAnswerer(ChatModel model, String modelId, ReasonerConfig config) {
            this.model = Objects.requireNonNull(model, "model");
            this.modelId = Objects.requireNonNull(modelId, "modelId");
            this.config = Objects.requireNonNull(config, "config");
            AtomicInteger n = new AtomicInteger();
            ThreadPoolExecutor pool = new ThreadPoolExecutor(config.maxConcurrentCalls(), config.maxConcurrentCalls(),
                30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(Math.max(1, config.maxQueuedCalls())), r -> {
                    Thread t = new Thread(r, "dxguard-ask-model-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
            pool.allowCoreThreadTimeOut(true);
            this.executor = pool;
        }

        @Override
        public String kind() {
            return "model-server";
        }

        @Override
        public String modelId() {
            return modelId;
        }

        @Override
        public CompletableFuture<ModelAnswer> answer(AskMaterial material) {
            String prompt = AskPrompt.render(material);
            String version = AskPrompt.version(material.language());
            long start = System.nanoTime();
            try {
                return CompletableFuture.supplyAsync(() -> call(prompt, start).withPromptVersion(version), executor);
            } catch (RejectedExecutionException e) {
                return CompletableFuture.completedFuture(ModelAnswer.failed(Reason.OVERLOADED,
                    "too many answers are being written at once (queue full)", modelId, elapsed(start))
                    .withPromptVersion(version));
            }
        }

        private ModelAnswer call(String prompt, long start) {
            ChatRequest.Builder request = ChatRequest.builder()
                .messages(SystemMessage.from(SYSTEM), UserMessage.from(prompt))
                .maxOutputTokens(config.maxOutputTokens());
            if (config.temperature() != null) {
                request.temperature(config.temperature());
            }
            try {
                ChatResponse response = model.chat(request.build());
                AiMessage message = response == null ? null : response.aiMessage();
                String content = message == null ? null : message.text();
                if (content == null || content.isBlank()) {
                    return ModelAnswer.failed(Reason.UNREADABLE, "the model returned no text", modelId, elapsed(start));
                }
                ModelOutputParser.ThinkSplit split = ModelOutputParser.splitThinking(content);
                String thinking = message.thinking() == null || message.thinking().isBlank() ? split.thinking()
                    : split.thinking() == null ? message.thinking() : message.thinking() + "\n" + split.thinking();
                if (split.answer() == null || split.answer().isBlank()) {
                    return ModelAnswer.failed(Reason.UNREADABLE, "the model's answer was only thinking", modelId,
                        elapsed(start));
                }
                return ModelAnswer.written(split.answer().strip(), thinking, modelId, elapsed(start));
            } catch (RuntimeException e) {
                ModelCallException failure = ModelFailures.translate(e, config.timeout());
                // the reason key and the plain detail: the exception's message may quote the server
                LOG.debug("ask: model call failed: {}", failure.getMessage(), e);
                return ModelAnswer.failed(failure.why(), failure.reason(), modelId, elapsed(start));
            }
        }

        private static Duration elapsed(long start) {
            return Duration.ofNanos(System.nanoTime() - start);
        }

        @Override
        public void close() {
            executor.shutdownNow();
        }
    }
}
