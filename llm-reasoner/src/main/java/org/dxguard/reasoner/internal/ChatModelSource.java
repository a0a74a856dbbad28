package org.dxguard.reasoner.internal;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.dxguard.model.Candidate;
import org.dxguard.model.Evidence;
import org.dxguard.model.PatientFacts;
import org.dxguard.reasoner.Explanation;
import org.dxguard.reasoner.ExplanationOutcome.Reason;
import org.dxguard.reasoner.ReasonerConfig;
import org.dxguard.reasoner.ReasonerConfig.ResponseFormatMode;
import org.dxguard.reasoner.retrieval.ExcerptRetriever;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link ExplanationSource} over any langchain4j {@link ChatModel} (the OpenAI-compatible client, or a local
 * model behind a ChatModel adapter): de-identified prompt from the versioned template, JSON-schema response format,
 * thinking separated from the answer (both the {@code reasoning_content} field and inline {@code <think>} blocks),
 * answer repaired and validated.
 */
public final class ChatModelSource implements ExplanationSource {
    private static final Logger log = LoggerFactory.getLogger(ChatModelSource.class);

    private final ChatModel model;
    private final ReasonerConfig config;
    private final String modelId;
    private final PromptTemplate template;
    /** The Chinese version of {@link #template} ({@code <version>-zh}), or the template itself when it has none. */
    private final PromptTemplate zhTemplate;
    private final ExcerptRetriever retriever;
    private final PromptFit fit;
    static final int MAX_EXCERPTS = 6;
    private final CaseRenderer renderer = new CaseRenderer();
    private final ModelOutputParser parser = new ModelOutputParser();

    public ChatModelSource(ChatModel model, String modelId, ReasonerConfig config) {
        this(model, modelId, config, ExcerptRetriever.none());
    }

    /** With guideline excerpts retrieved for each case and given to the model (prompt {@code differential-v2}+). */
    public ChatModelSource(ChatModel model, String modelId, ReasonerConfig config, ExcerptRetriever retriever) {
        this(model, modelId, config, retriever, null);
    }

    /**
     * For a local model with a small context ({@code fit} not null): the case is rendered compact (only what the
     * candidates use), and a case whose prompt still leaves no room for the answer is explained by the
     * evidence-only explainer instead (logged at INFO with the token counts, recorded as
     * {@link Reason#EVIDENCE_ONLY_FALLBACK}); the model is not asked.
     */
    public ChatModelSource(ChatModel model, String modelId, ReasonerConfig config, ExcerptRetriever retriever,
                           PromptFit fit) {
        this.fit = fit;
        this.model = Objects.requireNonNull(model, "model");
        this.modelId = Objects.requireNonNull(modelId, "modelId");
        this.config = Objects.requireNonNull(config, "config");
        this.retriever = Objects.requireNonNull(retriever, "retriever");
        this.template = PromptTemplate.load(config.promptVersion());
        this.zhTemplate = PromptTemplate.forLanguage(config.promptVersion(), "zh");
    }

    /** The template of answers in {@code language}. */
    private PromptTemplate template(String language) {
        return "zh".equals(language) ? zhTemplate : template;
    }

    /** The prompt for this case without guideline excerpts, exactly as it is sent (de-identified). */
    public String prompt(CaseRenderer.RenderedCase rendered) {
        return prompt(rendered, List.of());
    }

    /** The prompt for this case with the retrieved excerpts (when the template has a place for them). */
    public String prompt(CaseRenderer.RenderedCase rendered, List<ExcerptRetriever.Retrieved> excerpts) {
        return prompt(rendered, excerpts, config.answerLanguage());
    }

    /** The prompt for this case in {@code language} ({@code en}/{@code zh}: its own prompt version when there is one). */
    public String prompt(CaseRenderer.RenderedCase rendered, List<ExcerptRetriever.Retrieved> excerpts, String language) {
        return prompt(template(language), rendered, language, excerpts);
    }

    /** The prompt a template renders for this case without excerpts (also used to export training examples). */
    public static String prompt(PromptTemplate template, CaseRenderer.RenderedCase rendered, String answerLanguage) {
        return prompt(template, rendered, answerLanguage, List.of());
    }

    /** How the prompts name the answer language: "English", "Simplified Chinese (简体中文)". */
    static String languageName(String answerLanguage) {
        return switch (answerLanguage == null ? "en" : answerLanguage.toLowerCase(java.util.Locale.ROOT)) {
            case "en" -> "English";
            case "zh" -> "Simplified Chinese (简体中文)";
            default -> answerLanguage;
        };
    }

    private static String prompt(PromptTemplate template, CaseRenderer.RenderedCase rendered, String answerLanguage,
                                 List<ExcerptRetriever.Retrieved> excerpts) {
        boolean zh = "zh".equals(answerLanguage);
        Map<String, String> values = new HashMap<>(Map.of(
            "case", rendered.caseText(),
            "candidates", rendered.candidatesText(),
            "evidence_ids", rendered.evidenceIdsText()));
        if (template.placeholders().contains("language")) {
            values.put("language", languageName(answerLanguage));
        }
        if (template.placeholders().contains("excerpts")) {
            values.put("excerpts", excerptsText(excerpts, zh));
            values.put("excerpt_ids", excerpts.isEmpty()
                ? zh ? "（无：guidelineExcerptIds 留空）" : "(none: leave guidelineExcerptIds empty)"
                : excerpts.stream().map(r -> r.excerpt().id()).collect(Collectors.joining(", ")));
        }
        return template.render(values);
    }

    /** The excerpts as listed in the prompt; in Chinese where an excerpt has a Chinese text (else its English one). */
    private static String excerptsText(List<ExcerptRetriever.Retrieved> excerpts, boolean zh) {
        if (excerpts.isEmpty()) {
            return zh ? "（无）" : "(none)";
        }
        String lang = zh ? "zh" : "en";
        StringBuilder b = new StringBuilder();
        for (ExcerptRetriever.Retrieved r : excerpts) {
            b.append("- [").append(r.excerpt().id()).append("] ").append(r.excerpt().title(lang))
                .append(zh ? "：" : ": ").append(r.excerpt().text(lang).replaceAll("\\s+", " "))
                .append(zh ? "（来源：" : " (source: ").append(r.excerpt().citation()).append(zh ? "）\n" : ")\n");
        }
        return b.toString().stripTrailing();
    }

    /** One retrieval query per candidate: its name and the labels of its supporting evidence (no identifiers). */
    public static List<String> queries(List<Candidate> candidates) {
        List<String> out = new ArrayList<>();
        for (Candidate c : candidates) {
            String evidence = c.supporting().stream().map(Evidence::label).filter(Objects::nonNull).limit(6)
                .collect(Collectors.joining(", "));
            out.add(c.name() + (evidence.isEmpty() ? "" : ": " + evidence));
        }
        return out;
    }

    /** The excerpts given to the model for these candidates (at most 6; 2 per candidate). */
    public List<ExcerptRetriever.Retrieved> retrieve(List<Candidate> candidates) {
        if (!retriever.enabled() || !template.placeholders().contains("excerpts")) {
            return List.of();
        }
        long t0 = System.nanoTime();
        try {
            List<ExcerptRetriever.Retrieved> r = retriever.retrieve(queries(candidates), 2, MAX_EXCERPTS);
            log.debug("retrieved {} guideline excerpts in {} us", r.size(), (System.nanoTime() - t0) / 1000);
            return r;
        } catch (RuntimeException e) {
            // retrieval is an aid: without it the model explains from the case alone, never not at all
            log.warn("guideline excerpt retrieval failed ({}); explaining without excerpts", e.toString());
            return List.of();
        }
    }

    ChatRequest request(String prompt) {
        ChatRequest.Builder request = ChatRequest.builder()
            .messages(UserMessage.from(prompt))
            .maxOutputTokens(config.maxOutputTokens());
        if (config.temperature() != null) {
            request.temperature(config.temperature());
        }
        if (config.responseFormat() != ResponseFormatMode.NONE) {
            request.responseFormat(ExplanationSchema.responseFormat(config.responseFormat() == ResponseFormatMode.JSON_SCHEMA));
        }
        return request.build();
    }

    @Override
    public Generation generate(PatientFacts facts, List<Candidate> candidates) {
        return generate(facts, candidates, config.answerLanguage());
    }

    @Override
    public Generation generate(PatientFacts facts, List<Candidate> candidates, String language) {
        CaseRenderer.RenderedCase rendered = fit == null ? renderer.render(facts, candidates)
            : renderer.renderCompact(facts, candidates);
        List<ExcerptRetriever.Retrieved> excerpts = retrieve(candidates);
        Set<String> given = excerpts.stream().map(r -> r.excerpt().id()).collect(Collectors.toUnmodifiableSet());
        String prompt = prompt(rendered, excerpts, language);
        if (fit != null) {
            int tokens = fit.tokens().applyAsInt(prompt);
            int limit = fit.promptLimit(candidates.size());
            if (tokens > limit) {
                // counts only: no patient data at INFO
                String why = "the compact prompt has " + tokens + " tokens, more than the " + limit + " that " + modelId
                    + " can take with room for its answer about " + candidates.size() + " candidates (context "
                    + fit.context() + ")";
                log.info("explanation: {}; the evidence-only explainer writes this one", why);
                return Generation.insteadBy(EvidenceOnlyExplainer.explanation(candidates), Reason.EVIDENCE_ONLY_FALLBACK,
                    why + "; evidence-only fallback", EvidenceOnlyExplainer.MODEL_ID, EvidenceOnlyExplainer.VERSION);
            }
        }
        ChatRequest request = request(prompt);
        ChatResponse response;
        try {
            response = model.chat(request);
        } catch (RuntimeException e) {
            ModelCallException failure = ModelFailures.translate(e, config.timeout());
            log.debug("model call failed: {}", failure.getMessage(), e);
            throw failure;
        }
        AiMessage message = response == null ? null : response.aiMessage();
        String content = message == null ? null : message.text();
        ModelOutputParser.ThinkSplit split = ModelOutputParser.splitThinking(content);
        String thinking = join(message == null ? null : message.thinking(), split.thinking());
        try {
            Explanation explanation = parser.parse(split.answer(), rendered.aliases(), language, given);
            return Generation.explained(explanation, split.answer(), thinking);
        } catch (InvalidOutputException e) {
            // the message may quote the model: DEBUG only; the decision record keeps it
            log.debug("model output rejected: {}", e.getMessage());
            return Generation.rejected(e.why(), e.reason(), split.answer(), thinking);
        }
    }

    private static String join(String a, String b) {
        if (a == null || a.isBlank()) {
            return b;
        }
        return b == null ? a.strip() : a.strip() + "\n" + b;
    }

    @Override
    public String modelId() {
        return modelId;
    }

    @Override
    public String promptVersion() {
        return template(config.answerLanguage()).version();
    }

    @Override
    public String promptVersion(String language) {
        return template(language).version();
    }

    @Override
    public String defaultLanguage() {
        return config.answerLanguage();
    }
}
