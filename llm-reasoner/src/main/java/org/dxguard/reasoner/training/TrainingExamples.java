package org.dxguard.reasoner.training;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.dxguard.model.Candidate;
import org.dxguard.model.DxGuardException;
import org.dxguard.model.PatientFacts;
import org.dxguard.reasoner.Explanation;
import org.dxguard.reasoner.ReasonerErrors;
import org.dxguard.reasoner.internal.CaseRenderer;
import org.dxguard.reasoner.internal.ChatModelSource;
import org.dxguard.reasoner.internal.InvalidOutputException;
import org.dxguard.reasoner.internal.ModelOutputParser;
import org.dxguard.reasoner.internal.PromptTemplate;

/**
 * Builds training examples (case → grounded explanation) for one prompt version. Thread-safe.
 *
 * <pre>{@code
 * TrainingExamples examples = TrainingExamples.forPrompt("differential-tiny-v1");
 * Optional<TrainingExample> e = examples.example("synthea-000001", "synthea", facts, rankedCandidates);
 * e.ifPresent(x -> out.println(x.toJsonLine()));     // after the veto has passed x.explanation()
 * }</pre>
 *
 * <p>The user message is the prompt exactly as the explainer sends it for this version ({@link CaseRenderer} and
 * {@link PromptTemplate}); the system message is {@code reasoner/prompts/system-v1.txt}. The target (assistant
 * message) is written from the candidates' evidence only (see {@link GroundedTargets}), serialized in the schema's
 * property order, and must parse back through the explainer's {@link ModelOutputParser} into the same explanation;
 * a case whose target cannot be grounded (a candidate with no evidence at all) gives no example.
 */
public final class TrainingExamples {
    /** The resource holding the system message of every exported example. */
    public static final String SYSTEM_PROMPT = "reasoner/prompts/system-v1.txt";

    private final PromptTemplate template;
    private final String language;
    private final String system;
    private final CaseRenderer renderer = new CaseRenderer();
    private final ModelOutputParser parser = new ModelOutputParser();

    private TrainingExamples(PromptTemplate template, String language, String system) {
        this.template = template;
        this.language = language;
        this.system = system;
    }

    /** English examples rendered with prompt {@code reasoner/prompts/<promptVersion>.txt}. */
    public static TrainingExamples forPrompt(String promptVersion) {
        return forPrompt(promptVersion, "en");
    }

    /**
     * Examples in {@code language} ({@code en} or {@code zh}): for {@code zh} the user message is the prompt the
     * explainer sends a Chinese request ({@code <promptVersion>-zh} when it exists, else {@code <promptVersion>} asking
     * for Simplified Chinese) and the target is written in Chinese ({@link GroundedTargets}); it must pass the
     * explainer's parser for that language, as a model's answer would.
     */
    public static TrainingExamples forPrompt(String promptVersion, String language) {
        if (!"en".equals(language) && !"zh".equals(language)) {
            throw new DxGuardException(ReasonerErrors.PROMPT_TEMPLATE,
                "training examples are written in en or zh, not " + language);
        }
        return new TrainingExamples(PromptTemplate.forLanguage(promptVersion, language), language, systemPrompt());
    }

    /** {@code en} or {@code zh}. */
    public String language() {
        return language;
    }

    /** The system message of the exported examples (also the default system message of the embedded model). */
    public static String systemPrompt() {
        try (InputStream in = TrainingExamples.class.getClassLoader().getResourceAsStream(SYSTEM_PROMPT)) {
            if (in == null) {
                throw new DxGuardException(ReasonerErrors.PROMPT_TEMPLATE, SYSTEM_PROMPT + " is not on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new DxGuardException(ReasonerErrors.PROMPT_TEMPLATE, "cannot read " + SYSTEM_PROMPT, e);
        }
    }

    public String promptVersion() {
        return template.version();
    }

    /**
     * The example for this case and its ranked candidates (as the knowledge graph returned them), or empty when
     * there is no candidate or a candidate has no evidence to ground its rationale in.
     */
    public Optional<TrainingExample> example(String id, String source, PatientFacts facts, List<Candidate> candidates) {
        Objects.requireNonNull(facts, "facts");
        if (candidates == null || candidates.isEmpty()) {
            return Optional.empty();
        }
        CaseRenderer.RenderedCase rendered = renderer.render(facts, candidates);
        Optional<Explanation> grounded = GroundedTargets.explanation(candidates, e -> e, language);
        if (grounded.isEmpty()) {
            return Optional.empty();
        }
        Explanation aliased = GroundedTargets.explanation(candidates, rendered.aliases()::aliasOf, language)
            .orElseThrow();
        String answer = GroundedTargets.toJson(aliased);
        Explanation parsed;
        try {
            parsed = parser.parse(answer, rendered.aliases(), language);
        } catch (InvalidOutputException e) {
            throw new IllegalStateException("a grounded target does not pass the explainer's parser: " + e.getMessage(), e);
        }
        if (!parsed.equals(grounded.get())) {
            throw new IllegalStateException("a grounded target parses into a different explanation:\n" + parsed
                + "\n" + grounded.get());
        }
        String user = ChatModelSource.prompt(template, rendered, language);
        return Optional.of(new TrainingExample(id, source, template.version(), system, user, answer, grounded.get()));
    }
}
