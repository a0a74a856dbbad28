package org.dxguard.reasoner;

import dev.langchain4j.http.client.jdk.JdkHttpClientBuilder;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import java.net.http.HttpClient;
import java.util.Objects;
import org.dxguard.reasoner.embedded.EmbeddedModel;
import org.dxguard.reasoner.internal.BudgetedExplainer;
import org.dxguard.reasoner.internal.ChatModelSource;
import org.dxguard.reasoner.internal.EvidenceOnlyExplainer;
import org.dxguard.reasoner.internal.PromptFit;
import org.dxguard.reasoner.retrieval.ExcerptRetriever;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Factories for {@link Explainer}s. */
public final class Explainers {
    private static final Logger log = LoggerFactory.getLogger(Explainers.class);

    private Explainers() {}

    /**
     * OpenAI-compatible when the config names a model server; else the embedded small local model
     * ({@link #embedded}) unless it is switched off ({@code DXGUARD_LLM_EMBEDDED=off}) or cannot load here (logged,
     * with the reason); else evidence-only.
     */
    public static Explainer create(ReasonerConfig config) {
        return create(config, ExcerptRetriever.none());
    }

    /**
     * As {@link #create(ReasonerConfig)}, giving a model server the guideline excerpts {@code retriever} finds for
     * each case (the embedded small model was not trained with excerpts, and the evidence-only explainer needs none).
     */
    public static Explainer create(ReasonerConfig config, ExcerptRetriever retriever) {
        return create(config, retriever, () -> EmbeddedModel.loadDefault(config.embeddedThreads()));
    }

    /** {@link #create(ReasonerConfig)} with the embedded model loaded by {@code loader}. */
    static Explainer create(ReasonerConfig config, java.util.function.Supplier<EmbeddedModel> loader) {
        return create(config, ExcerptRetriever.none(), loader);
    }

    private static Explainer create(ReasonerConfig config, ExcerptRetriever retriever,
                                    java.util.function.Supplier<EmbeddedModel> loader) {
        if (config.hasModelServer()) {
            log.info("reasoner: OpenAI-compatible model {} at {}", config.model(), config.baseUrl());
            return openAiCompatible(config, retriever);
        }
        if (!config.embeddedModel()) {
            log.info("reasoner: no DXGUARD_LLM_BASE_URL set and DXGUARD_LLM_EMBEDDED=off; using the evidence-only explainer");
            return evidenceOnly(config);
        }
        try {
            Explainer e = embedded(config, loader);
            log.info("reasoner: no DXGUARD_LLM_BASE_URL set; using the embedded small local model {}", e.modelId());
            return e;
        } catch (LinkageError | RuntimeException e) {
            log.warn("reasoner: the embedded small local model cannot run here ({}); using the evidence-only "
                + "explainer (set DXGUARD_LLM_EMBEDDED=off to skip the attempt)", e.toString());
            return evidenceOnly(config);
        }
    }

    /**
     * The embedded small local model ({@link EmbeddedModel#MODEL_ID}) behind the same validation, budget, cache and
     * circuit breaker as any {@link #chatModel}, with its own prompt version ({@link EmbeddedModel#PROMPT_VERSION}),
     * at most {@code min(maxOutputTokens, 768)} tokens, and a compact prompt (only the findings the candidates use)
     * that must leave room for the answer in its context: a case that does not fit is explained by the
     * evidence-only explainer instead (logged at INFO, noted in the outcome as
     * {@link ExplanationOutcome.Reason#EVIDENCE_ONLY_FALLBACK}). Closing the
     * explainer frees the model. Throws when the weights or the native library cannot load.
     */
    public static Explainer embedded(ReasonerConfig config) {
        return embedded(config, () -> EmbeddedModel.loadDefault(config.embeddedThreads()));
    }

    /** Answer tokens reserved in the embedded model's context: the JSON frame and summary. */
    static final int EMBEDDED_ANSWER_BASE = 64;
    /**
     * Answer tokens reserved per candidate (its held-out answers for 5 candidates took 194 and 239 tokens, see the
     * model card): 5 candidates leave a 1024-token context 640 for the prompt.
     */
    static final int EMBEDDED_ANSWER_PER_CANDIDATE = 64;

    static Explainer embedded(ReasonerConfig config, java.util.function.Supplier<EmbeddedModel> loader) {
        EmbeddedModel model = loader.get();
        ReasonerConfig c = config.toBuilder()
            .promptVersion(EmbeddedModel.PROMPT_VERSION)
            .maxOutputTokens(Math.min(config.maxOutputTokens(), 768))
            .modelId(EmbeddedModel.MODEL_ID)
            .build();
        Explainer explainer = local(model, EmbeddedModel.MODEL_ID, c, model::promptTokens, model.context());
        return new Explainer() {
            @Override
            public ExplanationOutcome explain(String hookInstance, org.dxguard.model.PatientFacts facts,
                                              java.util.List<org.dxguard.model.Candidate> candidates,
                                              java.time.Duration budget) {
                return explainer.explain(hookInstance, facts, candidates, budget);
            }

            @Override
            public ExplanationOutcome explain(ExplanationRequest request) {
                return explainer.explain(request);
            }

            @Override
            public java.util.Optional<ExplanationOutcome> lookup(String hookInstance) {
                return explainer.lookup(hookInstance);
            }

            // late explanations: without these the service never reviews a late answer and its page never exists
            @Override
            public java.util.Optional<java.util.concurrent.CompletableFuture<ExplanationOutcome>> claimLateReview(
                String hookInstance) {
                return explainer.claimLateReview(hookInstance);
            }

            @Override
            public void keepReviewed(String hookInstance, ExplanationOutcome reviewed) {
                explainer.keepReviewed(hookInstance, reviewed);
            }

            @Override
            public java.util.Optional<ExplanationOutcome> lookupReviewed(String hookInstance) {
                return explainer.lookupReviewed(hookInstance);
            }

            @Override
            public String modelId() {
                return explainer.modelId();
            }

            @Override
            public void close() {
                explainer.close();
                model.close();
            }
        };
    }

    /**
     * A local model with a small context (the embedded one, or another in-process model behind a {@link ChatModel}):
     * the same validation, budget, cache and circuit breaker as {@link #chatModel}, but the case is rendered compact
     * (only the findings the candidates use), and a case whose prompt leaves no room in {@code context} for the
     * answer (about 64 tokens plus 64 per candidate) is explained by the evidence-only explainer instead: logged at
     * INFO with the token counts (no patient data), noted in the outcome as
     * {@link ExplanationOutcome.Reason#EVIDENCE_ONLY_FALLBACK}, the model not asked.
     *
     * @param promptTokens the tokens a user message takes as the model's prompt (its tokenizer, template, BOS)
     */
    public static Explainer local(ChatModel model, String modelId, ReasonerConfig config,
                                  java.util.function.ToIntFunction<String> promptTokens, int context) {
        Objects.requireNonNull(modelId, "modelId");
        PromptFit fit = new PromptFit(promptTokens, context, EMBEDDED_ANSWER_BASE, EMBEDDED_ANSWER_PER_CANDIDATE);
        return new BudgetedExplainer(new ChatModelSource(model, modelId, config, ExcerptRetriever.none(), fit), config);
    }

    /** The deterministic explainer labelled {@code dxguard-evidence-only}. */
    public static Explainer evidenceOnly(ReasonerConfig config) {
        return new EvidenceOnlyExplainer(config);
    }

    public static Explainer evidenceOnly() {
        return evidenceOnly(ReasonerConfig.builder().build());
    }

    /** langchain4j's {@link OpenAiChatModel} against {@code config.baseUrl()} (vLLM, SGLang, Ollama, DeepSeek API). */
    public static Explainer openAiCompatible(ReasonerConfig config) {
        return openAiCompatible(config, ExcerptRetriever.none());
    }

    /** As {@link #openAiCompatible(ReasonerConfig)}, with guideline excerpts retrieved for each case. */
    public static Explainer openAiCompatible(ReasonerConfig config, ExcerptRetriever retriever) {
        if (!config.hasModelServer()) {
            throw new org.dxguard.model.DxGuardException(ReasonerErrors.INVALID_CONFIG,
                "an OpenAI-compatible explainer needs DXGUARD_LLM_BASE_URL");
        }
        return chatModel(openAiChatModel(config), config.modelId(), config, retriever);
    }

    /**
     * Any langchain4j {@link ChatModel} (for example a local model behind a ChatModel adapter) with the same prompt,
     * schema, validation, budget, cache and circuit breaker.
     */
    public static Explainer chatModel(ChatModel model, String modelId, ReasonerConfig config) {
        return chatModel(model, modelId, config, ExcerptRetriever.none());
    }

    /** As {@link #chatModel(ChatModel, String, ReasonerConfig)}, with guideline excerpts retrieved for each case. */
    public static Explainer chatModel(ChatModel model, String modelId, ReasonerConfig config,
                                      ExcerptRetriever retriever) {
        Objects.requireNonNull(modelId, "modelId");
        return new BudgetedExplainer(new ChatModelSource(model, modelId, config, retriever), config);
    }

    /**
     * The langchain4j client as configured: timeouts, retries, strict schema, reasoning_content kept, and HTTP/1.1.
     * The JDK client defaults to HTTP/2, which over cleartext {@code http://} sends an h2c upgrade; uvicorn (vLLM,
     * SGLang) then drops the request body and answers 400 (langchain4j issues #3682, #3883; vLLM #57203).
     */
    public static OpenAiChatModel openAiChatModel(ReasonerConfig config) {
        return OpenAiChatModel.builder()
            .httpClientBuilder(new JdkHttpClientBuilder()
                .httpClientBuilder(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)))
            .baseUrl(config.baseUrl())
            .apiKey(config.apiKey() == null ? "not-needed" : config.apiKey())
            .modelName(config.model())
            .timeout(config.timeout())
            .maxRetries(config.maxRetries())
            .strictJsonSchema(config.strictJsonSchema())
            .returnThinking(true)
            .build();
    }
}
