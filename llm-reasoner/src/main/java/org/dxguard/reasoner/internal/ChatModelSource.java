package org.dxguard.reasoner.internal;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.dxguard.model.Candidate;
import org.dxguard.model.PatientFacts;
import org.dxguard.reasoner.Explanation;
import org.dxguard.reasoner.ReasonerConfig;
import org.dxguard.reasoner.ReasonerConfig.ResponseFormatMode;
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
    private final CaseRenderer renderer = new CaseRenderer();
    private final ModelOutputParser parser = new ModelOutputParser();

    public ChatModelSource(ChatModel model, String modelId, ReasonerConfig config) {
        this.model = Objects.requireNonNull(model, "model");
        this.modelId = Objects.requireNonNull(modelId, "modelId");
        this.config = Objects.requireNonNull(config, "config");
        this.template = PromptTemplate.load(config.promptVersion());
    }

    /** The prompt for this case, exactly as it is sent (de-identified). */
    public String prompt(CaseRenderer.RenderedCase rendered) {
        return prompt(template, rendered, config.answerLanguage());
    }

    /** The prompt a template renders for this case (also used to export training examples). */
    public static String prompt(PromptTemplate template, CaseRenderer.RenderedCase rendered, String answerLanguage) {
        return template.render(Map.of(
            "case", rendered.caseText(),
            "candidates", rendered.candidatesText(),
            "evidence_ids", rendered.evidenceIdsText(),
            "language", "en".equalsIgnoreCase(answerLanguage) ? "English" : answerLanguage));
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
        CaseRenderer.RenderedCase rendered = renderer.render(facts, candidates);
        ChatRequest request = request(prompt(rendered));
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
            Explanation explanation = parser.parse(split.answer(), rendered.aliases(), config.answerLanguage());
            return new Generation(explanation, null, split.answer(), thinking);
        } catch (InvalidOutputException e) {
            log.debug("model output rejected: {}", e.getMessage());
            return new Generation(null, e.reason(), split.answer(), thinking);
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
        return template.version();
    }
}
