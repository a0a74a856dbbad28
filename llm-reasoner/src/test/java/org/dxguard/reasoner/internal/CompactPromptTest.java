package org.dxguard.reasoner.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.dxguard.model.Code;
import org.dxguard.model.Condition;
import org.dxguard.model.Observation;
import org.dxguard.model.PatientFacts;
import org.dxguard.reasoner.ExplanationOutcome;
import org.dxguard.reasoner.ExplanationOutcome.Reason;
import org.dxguard.reasoner.Explainers;
import org.dxguard.reasoner.ReasonerConfig;
import org.dxguard.reasoner.ReasonerFixtures;
import org.dxguard.reasoner.retrieval.ExcerptRetriever;
import org.junit.jupiter.api.Test;

/**
 * A local model with a small context gets a compact case (only the findings the candidates use), and a case whose
 * prompt leaves no room for the answer is explained by the evidence-only explainer without asking the model.
 */
class CompactPromptTest {
    private final CaseRenderer renderer = new CaseRenderer();

    /** The DKD patient with years of unrelated labs and conditions, as a real record has. */
    private static PatientFacts longRecord() {
        PatientFacts base = ReasonerFixtures.dkdPatient();
        PatientFacts.Builder b = PatientFacts.builder().ageYears(base.ageYears()).sex(base.sex())
            .weightKg(base.weightKg()).asOf(base.asOf());
        base.conditions().forEach(b::condition);
        base.observations().forEach(b::observation);
        base.activeMedications().forEach(b::activeMedication);
        for (int i = 0; i < 60; i++) {
            b.observation(new Observation("obs-bp-" + i, List.of(new Code(Code.LOINC, "8480-6",
                "Systolic blood pressure")), 120.0 + i, "mm[Hg]", null, null,
                base.asOf().minus(Duration.ofDays(30L * i))));
            b.condition(new Condition("cond-x-" + i, List.of(new Code(Code.SNOMED, String.valueOf(100000 + i) + "00",
                "Unrelated finding " + i)), null, true, null));
        }
        return b.build();
    }

    @Test
    void should_render_only_the_findings_the_candidates_use_when_the_case_is_compact() {
        // when
        CaseRenderer.RenderedCase full = renderer.render(longRecord(), ReasonerFixtures.candidates());
        CaseRenderer.RenderedCase compact = renderer.renderCompact(longRecord(), ReasonerFixtures.candidates());

        // then
        assertThat(compact.caseText()).startsWith("Patient: age 67, female\nFindings:\n")
            .contains("present: eGFR below 30 mL/min/1.73m2 (LOINC 33914-3)")
            .contains("present: type 2 diabetes (SNOMED CT 44054006)")
            .doesNotContain("Systolic").doesNotContain("Unrelated").doesNotContain("metformin")
            .doesNotContain("weight");
        assertThat(compact.candidatesText()).isEqualTo(full.candidatesText());
        assertThat(compact.caseText().length()).isLessThan(full.caseText().length() / 10);
    }

    @Test
    void should_explain_with_the_evidence_only_explainer_without_asking_the_model_when_the_prompt_cannot_fit() {
        // given a local model whose context leaves no room (tokens counted as characters / 4)
        AtomicInteger asked = new AtomicInteger();
        ChatModel model = new ChatModel() {
            @Override
            public ChatResponse doChat(ChatRequest request) {
                asked.incrementAndGet();
                return ChatResponse.builder().aiMessage(AiMessage.from("{}")).build();
            }
        };
        ReasonerConfig config = ReasonerConfig.builder().promptVersion("differential-tiny-v1").build();
        List<Integer> counted = new ArrayList<>();
        var explainer = Explainers.local(model, "dxguard-tiny-local-test", config, p -> {
            counted.add(p.length() / 4);
            return p.length() / 4;
        }, 256);

        // when
        ExplanationOutcome o = explainer.explain("h-1", longRecord(), ReasonerFixtures.candidates(),
            Duration.ofSeconds(10));

        // then
        assertThat(asked).hasValue(0);
        assertThat(o.status()).isEqualTo(ExplanationOutcome.Status.READY);
        assertThat(o.modelId()).isEqualTo(EvidenceOnlyExplainer.MODEL_ID);
        assertThat(o.promptVersion()).isEqualTo(EvidenceOnlyExplainer.VERSION);
        assertThat(o.why()).isEqualTo(Reason.EVIDENCE_ONLY_FALLBACK);
        assertThat(o.detail()).startsWith("the compact prompt has " + counted.get(0) + " tokens, more than the 64 that "
            + "dxguard-tiny-local-test can take with room for its answer about 2 candidates (context 256)");
        assertThat(o.rawOutput()).isNull();
    }

    @Test
    void should_ask_the_model_with_the_compact_prompt_when_it_fits() {
        // given
        List<String> prompts = new ArrayList<>();
        ChatModel model = new ChatModel() {
            @Override
            public ChatResponse doChat(ChatRequest request) {
                prompts.add(request.messages().get(0).toString());
                return ChatResponse.builder().aiMessage(AiMessage.from(ReasonerFixtures.replyContent("good.json")))
                    .build();
            }
        };
        ReasonerConfig config = ReasonerConfig.builder().promptVersion("differential-tiny-v1").build();
        var source = new ChatModelSource(model, "dxguard-tiny-local-test", config, ExcerptRetriever.none(),
            new PromptFit(p -> p.length() / 4, 1024, 64, 64));

        // when
        ExplanationSource.Generation g = source.generate(longRecord(), ReasonerFixtures.candidates());

        // then
        assertThat(prompts).singleElement().asString().doesNotContain("Systolic").contains("Findings:");
        assertThat(g.modelId()).isNull();
    }
}
