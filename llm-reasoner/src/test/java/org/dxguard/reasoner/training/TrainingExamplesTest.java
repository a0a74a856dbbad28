package org.dxguard.reasoner.training;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.List;
import java.util.Optional;
import org.dxguard.model.Candidate;
import org.dxguard.model.Code;
import org.dxguard.model.Evidence;
import org.dxguard.reasoner.CandidateExplanation;
import org.dxguard.reasoner.ReasonerFixtures;
import org.dxguard.reasoner.internal.CaseRenderer;
import org.dxguard.reasoner.internal.ChatModelSource;
import org.dxguard.reasoner.internal.PromptTemplate;
import org.junit.jupiter.api.Test;

class TrainingExamplesTest {
    private static final JsonMapper JSON = new JsonMapper();

    @Test
    void should_render_the_prompt_exactly_as_the_explainer_does_when_exporting_a_case() {
        // given
        TrainingExamples examples = TrainingExamples.forPrompt("differential-v1");

        // when
        TrainingExample e = examples.example("synthea-000001", "synthea", ReasonerFixtures.dkdPatient(),
            ReasonerFixtures.candidates()).orElseThrow();

        // then
        String expected = ChatModelSource.prompt(PromptTemplate.load("differential-v1"),
            new CaseRenderer().render(ReasonerFixtures.dkdPatient(), ReasonerFixtures.candidates()), "en");
        assertThat(e.user()).isEqualTo(expected).doesNotContain("example-1");
        assertThat(e.system()).isEqualTo(TrainingExamples.systemPrompt()).contains("JSON");
        assertThat(e.promptVersion()).isEqualTo("differential-v1");
    }

    @Test
    void should_write_a_grounded_target_in_schema_order_when_exporting_a_case() throws Exception {
        // given
        List<Candidate> candidates = ReasonerFixtures.candidates();

        // when
        TrainingExample e = TrainingExamples.forPrompt("differential-tiny-v1")
            .example("synthea-000002", "synthea", ReasonerFixtures.dkdPatient(), candidates).orElseThrow();

        // then: aliases in the text, every candidate object ends with an empty guidelineExcerptIds
        JsonNode answer = JSON.readTree(e.assistant());
        assertThat(answer.fieldNames()).toIterable().containsExactly("summary", "candidates");
        assertThat(answer.get("candidates")).hasSize(2);
        for (JsonNode c : answer.get("candidates")) {
            assertThat(c.fieldNames()).toIterable().containsExactly("diagnosis", "rationale", "citedEvidenceIds",
                "wouldConfirm", "wouldExclude", "nextSteps", "medications", "guidelineExcerptIds");
            assertThat(c.get("guidelineExcerptIds")).isEmpty();
            assertThat(c.get("medications")).isEmpty();
            for (JsonNode id : c.get("citedEvidenceIds")) {
                assertThat(id.asText()).matches("E\\d+");
                assertThat(e.user()).contains("[" + id.asText() + "]");
            }
        }
        assertThat(answer.at("/candidates/0/diagnosis").asText()).isEqualTo("Diabetic kidney disease");
        assertThat(answer.at("/candidates/0/rationale").asText())
            .contains("eGFR below 30 mL/min/1.73m2 [E1]").contains("Not reported yet: urine albumin");
        // and the explanation the veto sees cites the case's real evidence ids, only supporting ones
        CandidateExplanation first = e.explanation().candidates().get(0);
        assertThat(first.citedEvidenceIds()).containsExactly("ev-egfr-low", "ev-t2dm");
        assertThat(first.wouldConfirm()).containsExactly("urine albumin/creatinine ratio above 30 mg/g");
        assertThat(first.nextSteps()).containsExactly("Order urine albumin/creatinine ratio above 30 mg/g");
    }

    @Test
    void should_write_one_chat_jsonl_line_when_serialized() throws Exception {
        // given
        TrainingExample e = TrainingExamples.forPrompt("differential-tiny-v1")
            .example("synthea-000003", "synthea", ReasonerFixtures.dkdPatient(), ReasonerFixtures.candidates())
            .orElseThrow();

        // when
        String line = e.toJsonLine();

        // then
        assertThat(line).doesNotContain("\n");
        JsonNode root = JSON.readTree(line);
        assertThat(root.fieldNames()).toIterable().containsExactly("messages", "meta");
        assertThat(root.get("messages")).extracting(m -> m.get("role").asText())
            .containsExactly("system", "user", "assistant");
        assertThat(root.at("/messages/2/content").asText()).isEqualTo(e.assistant());
        assertThat(root.get("meta").toString()).isEqualTo("{\"id\":\"synthea-000003\",\"source\":\"synthea\","
            + "\"promptVersion\":\"differential-tiny-v1\",\"schema\":\"dxguard_differential_explanation\"}");
    }

    @Test
    void should_give_no_example_when_a_candidate_has_no_evidence_at_all() {
        // given
        Candidate bare = new Candidate(Code.snomed("22298006"), "Myocardial infarction", 0.1, 1, List.of(), List.of());

        // when
        Optional<TrainingExample> e = TrainingExamples.forPrompt("differential-v1").example("x", "synthea",
            ReasonerFixtures.dkdPatient(), List.of(ReasonerFixtures.candidates().get(0), bare));

        // then
        assertThat(e).isEmpty();
    }

    @Test
    void should_cite_the_key_missing_finding_when_a_candidate_has_no_supporting_evidence() {
        // given
        Evidence chestPain = new Evidence("ev:chest-pain", Code.snomed("29857009"), "Chest pain", 0.9);
        Candidate mi = new Candidate(Code.snomed("22298006"), "Myocardial infarction", 0.1, 1, List.of(),
            List.of(chestPain));

        // when
        TrainingExample e = TrainingExamples.forPrompt("differential-v1").example("x", "synthea",
            ReasonerFixtures.dkdPatient(), List.of(ReasonerFixtures.candidates().get(0), mi)).orElseThrow();

        // then
        CandidateExplanation second = e.explanation().candidates().get(1);
        assertThat(second.citedEvidenceIds()).containsExactly("ev:chest-pain");
        assertThat(second.rationale()).contains("without supporting findings").contains("Chest pain [ev:chest-pain]");
    }

    @Test
    void should_pair_the_chinese_prompt_with_a_chinese_target_when_exporting_in_zh() throws Exception {
        // given
        TrainingExamples examples = TrainingExamples.forPrompt("differential-v2", "zh");

        // when
        TrainingExample e = examples.example("synthea-000004", "synthea", ReasonerFixtures.dkdPatient(),
            ReasonerFixtures.candidates()).orElseThrow();

        // then the user message is the Chinese prompt as the explainer sends it to a Chinese request
        String expected = ChatModelSource.prompt(PromptTemplate.load("differential-v2-zh"),
            new CaseRenderer().render(ReasonerFixtures.dkdPatient(), ReasonerFixtures.candidates()), "zh");
        assertThat(e.user()).isEqualTo(expected).contains("用简体中文书写");
        assertThat(e.promptVersion()).isEqualTo("differential-v2-zh");
        assertThat(examples.language()).isEqualTo("zh");
        // and the target is Chinese, grounded on the same evidence, and cites only the prompt's aliases
        JsonNode answer = JSON.readTree(e.assistant());
        assertThat(answer.path("summary").asText()).contains("是最可能的候选诊断");
        assertThat(answer.at("/candidates/0/rationale").asText()).contains("支持它的发现有")
            .contains("eGFR below 30 mL/min/1.73m2 [E1]").contains("尚未记录");
        assertThat(answer.at("/candidates/0/nextSteps/0").asText()).startsWith("检查 urine");
        assertThat(e.explanation().candidates().get(0).citedEvidenceIds()).containsExactly("ev-egfr-low", "ev-t2dm");
        assertThat(JSON.readTree(e.toJsonLine()).at("/meta/promptVersion").asText()).isEqualTo("differential-v2-zh");
    }

    @Test
    void should_refuse_a_language_without_prompts_when_exporting() {
        // then
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TrainingExamples.forPrompt("differential-v2", "fr"))
            .hasMessageStartingWith("DXG-0402").hasMessageContaining("en or zh");
    }
}
