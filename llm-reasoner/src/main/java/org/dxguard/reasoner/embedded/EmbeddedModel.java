package org.dxguard.reasoner.embedded;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import de.kherud.llama.InferenceParameters;
import de.kherud.llama.LlamaModel;
import de.kherud.llama.LlamaOutput;
import de.kherud.llama.ModelParameters;
import de.kherud.llama.args.LogFormat;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.internal.JsonSchemaElementUtils;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.dxguard.model.DxGuardException;
import org.dxguard.reasoner.ReasonerErrors;
import org.dxguard.reasoner.internal.ExplanationSchema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A langchain4j {@link ChatModel} over a GGUF model run in-process by llama.cpp (java-llama.cpp), made for dxguard's
 * own tiny explainer model: the user messages are joined and followed by {@link #PROMPT_SUFFIX} (the model's training
 * format; system messages are not part of it and are ignored), decoding is greedy (temperature 0, top-k 1; a
 * request's temperature is ignored) and bounded by the request's {@code maxOutputTokens} and the context, and a JSON
 * schema response format becomes a llama.cpp grammar ({@link LlamaModel#jsonSchemaToGrammar}) so the answer is
 * always schema-shaped JSON. One model per process; calls are serialized (thread-safe, one generation at a time);
 * {@link #close()} frees it.
 *
 * <p>java-llama.cpp attaches its worker thread to the JVM as a non-daemon thread and leaves it attached after
 * close, so a JVM that only returns from {@code main} does not exit; dxguard's CLI ends with {@code System.exit}.
 */
public final class EmbeddedModel implements ChatModel, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedModel.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The shipped model's version, part of {@link #MODEL_ID}. */
    public static final String VERSION = "v1";
    /** The label of every outcome produced with the shipped model. */
    public static final String MODEL_ID = "dxguard-tiny-local-" + VERSION;
    /** The classpath resource holding the shipped weights. */
    public static final String RESOURCE = "reasoner/embedded/dxguard-tiny-" + VERSION + ".gguf";
    /** The prompt template the shipped model was trained on. */
    public static final String PROMPT_VERSION = "differential-tiny-v1";
    /** What follows the user text in the model's training format. */
    public static final String PROMPT_SUFFIX = "\n### Answer\n";
    /** The context the shipped model was trained with. */
    public static final int CONTEXT = 1024;
    static final int DEFAULT_MAX_TOKENS = 768;

    private final LlamaModel model;
    private final String modelName;
    private final int context;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, String> grammars = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /** Timings of one generation (for benchmarks): prompt tokens (BOS included), generated tokens, nanoseconds. */
    public record Generation(String text, int promptTokens, int outputTokens, long promptNanos, long totalNanos,
                             boolean truncated) {
        /** Prompt evaluation speed (time to the first generated token counts as prompt evaluation). */
        public double promptTokensPerSecond() {
            return promptNanos <= 0 ? 0 : promptTokens * 1e9 / promptNanos;
        }

        /** Generation speed after the first token. */
        public double outputTokensPerSecond() {
            long gen = totalNanos - promptNanos;
            return outputTokens <= 1 || gen <= 0 ? 0 : (outputTokens - 1) * 1e9 / gen;
        }
    }

    private EmbeddedModel(LlamaModel model, String modelName, int context) {
        this.model = model;
        this.modelName = modelName;
        this.context = context;
    }

    /**
     * Loads the shipped model from the classpath (copied to a temporary file: llama.cpp reads files). Throws a
     * {@link DxGuardException} ({@link ReasonerErrors#MODEL_UNAVAILABLE}) when the weights are missing or llama.cpp
     * cannot load them, and {@link LinkageError} when the native library cannot load on this platform.
     */
    public static EmbeddedModel loadDefault(int threads) {
        Path file;
        try (InputStream in = EmbeddedModel.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new DxGuardException(ReasonerErrors.MODEL_UNAVAILABLE, "the embedded model " + RESOURCE
                    + " is not on the class path; rebuild llm-reasoner or set DXGUARD_LLM_EMBEDDED=off");
            }
            file = Files.createTempFile("dxguard-tiny-", ".gguf");
            file.toFile().deleteOnExit();
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new DxGuardException(ReasonerErrors.MODEL_UNAVAILABLE, "cannot copy the embedded model " + RESOURCE
                + " to a temporary file (" + e.getMessage() + "); check the temporary directory", e);
        }
        return load(file, MODEL_ID, CONTEXT, threads);
    }

    /** Loads a GGUF file with the given context size and CPU threads. */
    public static EmbeddedModel load(Path gguf, String modelName, int context, int threads) {
        Objects.requireNonNull(gguf, "gguf");
        if (!Files.isRegularFile(gguf)) {
            throw new DxGuardException(ReasonerErrors.MODEL_UNAVAILABLE, "model file " + gguf + " does not exist");
        }
        Logging.install();
        int n = Math.max(1, threads);
        try {
            LlamaModel m = new LlamaModel(new ModelParameters()
                .setModel(gguf.toAbsolutePath().toString())
                .setCtxSize(context)
                .setBatchSize(context)
                .setThreads(n)
                .setThreadsBatch(n)
                .setSeed(0)
                .skipWarmup());
            log.info("embedded model {} loaded from {} (context {}, {} threads)", modelName, gguf.getFileName(),
                context, n);
            return new EmbeddedModel(m, modelName, context);
        } catch (RuntimeException e) {
            throw new DxGuardException(ReasonerErrors.MODEL_UNAVAILABLE, "llama.cpp cannot load " + gguf + ": "
                + e.getMessage(), e);
        }
    }

    @Override
    public ChatResponse doChat(ChatRequest request) {
        StringBuilder user = new StringBuilder();
        for (ChatMessage m : request.messages()) {
            if (m instanceof UserMessage u && u.hasSingleText()) {
                if (!user.isEmpty()) {
                    user.append('\n');
                }
                user.append(u.singleText());
            }
        }
        if (user.isEmpty()) {
            throw new IllegalArgumentException("the embedded model needs a user message with text");
        }
        Integer max = request.parameters() == null ? null : request.parameters().maxOutputTokens();
        Generation g = generate(user + PROMPT_SUFFIX, grammarFor(request.responseFormat()),
            max == null ? DEFAULT_MAX_TOKENS : max);
        return ChatResponse.builder()
            .aiMessage(AiMessage.from(g.text()))
            .modelName(modelName)
            .tokenUsage(new TokenUsage(g.promptTokens(), g.outputTokens()))
            .finishReason(g.truncated() ? FinishReason.LENGTH : FinishReason.STOP)
            .build();
    }

    /**
     * Greedy generation from a raw prompt (the model's own format: user text + {@link #PROMPT_SUFFIX}), constrained by
     * a llama.cpp grammar when one is given; at most {@code maxTokens} and never past the context.
     */
    public Generation generate(String prompt, String grammar, int maxTokens) {
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("the embedded model is closed");
            }
            int promptTokens = model.encode(prompt).length + 1;
            int room = context - promptTokens;
            if (room < 16) {
                throw new DxGuardException(ReasonerErrors.PROMPT_TOO_LONG, "the prompt has " + promptTokens
                    + " tokens, too many for the embedded model's context of " + context + "; fewer candidates fit");
            }
            int n = Math.min(Math.max(1, maxTokens), room);
            InferenceParameters p = new InferenceParameters(prompt)
                .setTemperature(0f)
                .setTopK(1)
                .setSeed(0)
                .setCachePrompt(false)
                .setNPredict(n);
            if (grammar != null) {
                p.setGrammar(grammar);
            }
            StringBuilder text = new StringBuilder();
            int outputs = 0;
            long start = System.nanoTime();
            long first = 0;
            for (LlamaOutput o : model.generate(p)) {
                if (o.text.isEmpty()) {
                    continue;       // the final "stop" message carries no token
                }
                if (outputs == 0) {
                    first = System.nanoTime() - start;
                }
                outputs++;          // one streamed piece per token (a multi-byte character split over tokens
                text.append(o.text); // arrives as one piece; the shipped model writes ASCII answers)
            }
            long total = System.nanoTime() - start;
            return new Generation(text.toString(), promptTokens, outputs, first == 0 ? total : first, total,
                outputs >= n);
        } finally {
            lock.unlock();
        }
    }

    /** The grammar of a JSON-schema response format (cached per schema), or null for free text. */
    String grammarFor(ResponseFormat format) {
        if (format == null || format.jsonSchema() == null) {
            return null;
        }
        return grammarFor(format.jsonSchema());
    }

    /**
     * The llama.cpp grammar of a langchain4j JSON schema (strict: every listed property, in order), narrowed to what
     * the shipped model was trained to write ({@link TinyModelSchema}).
     */
    public String grammarFor(JsonSchema schema) {
        String json;
        try {
            ObjectNode tree = JSON.valueToTree(JsonSchemaElementUtils.toMap(schema.rootElement(), true));
            json = JSON.writeValueAsString(TinyModelSchema.narrow(tree));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot write the JSON schema " + schema.name(), e);
        }
        return grammars.computeIfAbsent(json, LlamaModel::jsonSchemaToGrammar);
    }

    /**
     * The tokens a user text takes as this model's prompt: the text, {@link #PROMPT_SUFFIX} and BOS (what
     * {@link #doChat} sends). Waits while a generation runs.
     */
    public int promptTokens(String userText) {
        return tokenize(userText + PROMPT_SUFFIX).length + 1;
    }

    /** The context size the model was loaded with. */
    public int context() {
        return context;
    }

    /** The grammar of the differential explanation's schema, as the embedded explainer constrains its answers. */
    public String explanationGrammar() {
        return grammarFor(ExplanationSchema.jsonSchema());
    }

    /** Token ids of a text as the model's tokenizer splits it (no BOS). */
    public int[] tokenize(String text) {
        lock.lock();
        try {
            return model.encode(text);
        } finally {
            lock.unlock();
        }
    }

    public String modelName() {
        return modelName;
    }

    @Override
    public Set<Capability> supportedCapabilities() {
        return Set.of(Capability.RESPONSE_FORMAT_JSON_SCHEMA);
    }

    /** Frees the model after any running generation has finished. Idempotent. */
    @Override
    public void close() {
        lock.lock();
        try {
            if (!closed) {
                closed = true;
                model.close();
            }
        } finally {
            lock.unlock();
        }
    }

    /** llama.cpp's log lines go to SLF4J at DEBUG (they may carry prompt text, which is de-identified anyway). */
    static final class Logging {
        private static final Logger LLAMA = LoggerFactory.getLogger("org.dxguard.reasoner.embedded.llama");
        private static volatile boolean installed;

        private Logging() {}

        static synchronized void install() {
            if (!installed) {
                LlamaModel.setLogger(LogFormat.TEXT, (level, message) -> {
                    if (LLAMA.isDebugEnabled()) {
                        LLAMA.debug("{} {}", level, message.stripTrailing());
                    }
                });
                installed = true;
            }
        }
    }
}
