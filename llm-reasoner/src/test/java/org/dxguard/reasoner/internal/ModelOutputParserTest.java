package org.dxguard.reasoner.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.dxguard.reasoner.CandidateExplanation;
import org.dxguard.reasoner.Explanation;
import org.dxguard.reasoner.ExplanationOutcome;
import org.dxguard.reasoner.MedicationSuggestion;
import org.dxguard.reasoner.ReasonerFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ModelOutputParserTest {

    private final ModelOutputParser parser = new ModelOutputParser();

    /** The aliases the prompt for the fixture candidates assigns: E1 ev-egfr-low, E2 ev-t2dm, E3 ev-uacr-high, E4 ev-htn. */
    private static EvidenceAliases aliases() {
        return new CaseRenderer().render(ReasonerFixtures.dkdPatient(), ReasonerFixtures.candidates()).aliases();
    }

    private Explanation parse(String fixture) {
        ModelOutputParser.ThinkSplit split = ModelOutputParser.splitThinking(ReasonerFixtures.replyContent(fixture));
        return parser.parse(split.answer(), aliases(), "en");
    }

    @Test
    void should_map_aliases_back_to_evidence_ids_when_answer_is_good() {
        // when
        Explanation e = parse("good.json");

        // then
        assertThat(e.candidates()).hasSize(2);
        CandidateExplanation dkd = e.candidates().get(0);
        assertThat(dkd.diagnosis()).isEqualTo("Diabetic kidney disease");
        assertThat(dkd.citedEvidenceIds()).containsExactly("ev-egfr-low", "ev-t2dm");
        assertThat(dkd.rationale()).contains("[ev-egfr-low]").contains("[ev-t2dm]").doesNotContain("[E1]");
        assertThat(dkd.medications()).containsExactly(new MedicationSuggestion("metformin", null, null, null, "stop"));
        assertThat(e.candidates().get(1).medications())
            .containsExactly(new MedicationSuggestion("lisinopril", 10.0, "mg", "once daily", "continue"));
        assertThat(e.summary()).startsWith("Reduced kidney function");
    }

    @Test
    void should_keep_only_the_guideline_excerpt_ids_that_were_given_when_the_answer_cites_others() {
        // given an answer citing a given excerpt (in other case and brackets), an invented one and a known-but-not-given one
        String answer = ReasonerFixtures.replyContent("good.json").replace("\"medications\": [{\"drug\": \"metformin\"",
            "\"guidelineExcerptIds\": [\"[ada-exc-001]\", \"ADA-EXC-999\", \"DX-EXC-013\"], "
                + "\"medications\": [{\"drug\": \"metformin\"");

        // when
        Explanation e = parser.parse(answer, aliases(), "en", java.util.Set.of("ADA-EXC-001", "ADA-EXC-011"));

        // then
        assertThat(e.candidates().get(0).guidelineExcerptIds()).containsExactly("ADA-EXC-001");
        assertThat(e.candidates().get(1).guidelineExcerptIds()).isEmpty();
        assertThat(e.citedExcerptIds()).containsExactly("ADA-EXC-001");
    }

    @ParameterizedTest
    @ValueSource(strings = {"think-block.json", "think-close-only.json", "fenced.json", "trailing-text.json",
        "reasoning-content.json"})
    void should_repair_to_the_good_explanation_when_answer_is_wrapped(String fixture) {
        // when / then
        assertThat(parse(fixture)).isEqualTo(parse("good.json"));
    }

    @Test
    void should_separate_thinking_when_content_starts_with_a_think_block() {
        // when
        ModelOutputParser.ThinkSplit split =
            ModelOutputParser.splitThinking(ReasonerFixtures.replyContent("think-block.json"));

        // then
        assertThat(split.thinking()).startsWith("Okay, the eGFR is low").doesNotContain("<think>");
        assertThat(split.answer()).startsWith("{").doesNotContain("Okay, the eGFR").doesNotContain("think>");
    }

    @Test
    void should_treat_text_before_a_lone_closing_tag_as_thinking_when_template_opened_the_block() {
        // when
        ModelOutputParser.ThinkSplit split =
            ModelOutputParser.splitThinking(ReasonerFixtures.replyContent("think-close-only.json"));

        // then
        assertThat(split.thinking()).startsWith("Okay, the eGFR is low");
        assertThat(split.answer()).startsWith("{");
    }

    @Test
    void should_keep_no_answer_when_think_block_is_never_closed() {
        // when
        ModelOutputParser.ThinkSplit split =
            ModelOutputParser.splitThinking(ReasonerFixtures.replyContent("unclosed-think.json"));

        // then
        assertThat(split.answer()).isEmpty();
        assertThat(split.thinking()).contains("The answer would be");
        assertThatThrownBy(() -> parser.parse(split.answer(), aliases(), "en"))
            .isInstanceOf(InvalidOutputException.class).hasMessageContaining("the answer is empty");
    }

    @Test
    void should_repair_types_when_number_is_a_string_and_list_is_a_single_string() {
        // when
        Explanation e = parse("repairable-types.json");

        // then
        assertThat(e.candidates().get(1).medications().get(0).doseAmount()).isEqualTo(10.0);
        assertThat(e.candidates().get(1).nextSteps()).containsExactly("Review home blood pressure readings");
    }

    @Test
    void should_reject_with_reason_when_json_is_truncated() {
        assertThatThrownBy(() -> parse("truncated.json"))
            .isInstanceOf(InvalidOutputException.class)
            .hasMessageContaining("model output failed schema validation: truncated JSON");
    }

    @Test
    void should_reject_with_reason_when_json_is_malformed() {
        assertThatThrownBy(() -> parse("malformed.json"))
            .isInstanceOf(InvalidOutputException.class)
            .hasMessageContaining("model output failed schema validation: not valid JSON");
    }

    @Test
    void should_reject_with_reason_when_answer_has_the_wrong_schema() {
        assertThatThrownBy(() -> parse("wrong-schema.json"))
            .isInstanceOf(InvalidOutputException.class)
            .hasMessageContaining("'candidates' is missing");
    }

    @Test
    void should_reject_with_reason_when_answer_cites_evidence_not_in_the_case() {
        assertThatThrownBy(() -> parse("unknown-evidence.json"))
            .isInstanceOf(InvalidOutputException.class)
            .hasMessageContaining("candidates[0] cites evidence id 'E9' which is not in the case");
    }

    @Test
    void should_reject_with_reason_when_answer_is_in_chinese_and_english_is_configured() {
        assertThatThrownBy(() -> parse("chinese.json"))
            .isInstanceOf(InvalidOutputException.class)
            .hasMessageContaining("not in the configured language (en)");
    }

    @Test
    void should_give_each_rejection_its_stable_reason_key_when_the_answer_is_unusable() {
        // the key is what a clinician may be told (as the product's phrase); the message is for the record only
        java.util.Map<String, ExplanationOutcome.Reason> expected = java.util.Map.of(
            "truncated.json", ExplanationOutcome.Reason.UNREADABLE,
            "malformed.json", ExplanationOutcome.Reason.UNREADABLE,
            "wrong-schema.json", ExplanationOutcome.Reason.INCOMPLETE,
            "unknown-evidence.json", ExplanationOutcome.Reason.CITES_UNKNOWN_EVIDENCE,
            "chinese.json", ExplanationOutcome.Reason.WRONG_LANGUAGE);
        expected.forEach((fixture, why) -> assertThatThrownBy(() -> parse(fixture))
            .as(fixture).isInstanceOfSatisfying(InvalidOutputException.class,
                e -> assertThat(e.why()).isEqualTo(why)));
    }

    @Test
    void should_reject_with_reason_when_answer_has_no_chinese_and_chinese_is_configured() {
        // given an English answer
        String answer = ReasonerFixtures.replyContent("good.json");

        // then
        assertThatThrownBy(() -> parser.parse(answer, aliases(), "zh"))
            .isInstanceOfSatisfying(InvalidOutputException.class,
                e -> assertThat(e.why()).isEqualTo(ExplanationOutcome.Reason.WRONG_LANGUAGE))
            .hasMessageContaining("not in the configured language (zh)");
    }

    @Test
    void should_accept_chinese_answer_when_chinese_is_configured() {
        // given
        String answer = ReasonerFixtures.replyContent("chinese.json");

        // when
        Explanation e = parser.parse(answer, aliases(), "zh");

        // then
        assertThat(e.candidates().get(0).diagnosis()).isEqualTo("糖尿病肾病");
        assertThat(e.candidates().get(0).citedEvidenceIds()).containsExactly("ev-egfr-low", "ev-t2dm");
    }

    @Test
    void should_reject_with_reason_when_a_candidate_cites_nothing() {
        // given
        String answer = "{\"summary\":\"s\",\"candidates\":[{\"diagnosis\":\"DKD\",\"rationale\":\"because\","
            + "\"citedEvidenceIds\":[],\"wouldConfirm\":[],\"wouldExclude\":[],\"nextSteps\":[],\"medications\":[]}]}";

        // when / then
        assertThatThrownBy(() -> parser.parse(answer, aliases(), "en"))
            .hasMessageContaining("candidates[0] cites no evidence id");
    }

    @Test
    void should_reject_with_reason_when_medication_action_is_unknown() {
        // given
        String answer = "{\"summary\":\"s\",\"candidates\":[{\"diagnosis\":\"DKD\",\"rationale\":\"low eGFR [E1]\","
            + "\"citedEvidenceIds\":[\"E1\"],\"medications\":[{\"drug\":\"metformin\",\"action\":\"double it\"}]}]}";

        // when / then
        assertThatThrownBy(() -> parser.parse(answer, aliases(), "en"))
            .isInstanceOf(InvalidOutputException.class)
            .hasMessageContaining("candidates[0].medications[0]").hasMessageContaining("action");
    }

    @Test
    void should_take_citations_from_the_rationale_when_the_list_is_missing() {
        // given
        String answer = "{\"summary\":\"s\",\"candidates\":[{\"diagnosis\":\"DKD\",\"rationale\":\"low eGFR [E1], "
            + "diabetes [e2]\",}],}";

        // when
        Explanation e = parser.parse(answer, aliases(), "en");

        // then
        assertThat(e.candidates().get(0).citedEvidenceIds()).containsExactly("ev-egfr-low", "ev-t2dm");
    }

    @Test
    void should_skip_braces_in_prose_when_the_json_object_comes_later() {
        // given
        String answer = "Sure {as requested}: " + ReasonerFixtures.replyContent("good.json") + " {end}";

        // when
        Explanation e = parser.parse(answer, aliases(), "en");

        // then
        assertThat(e).isEqualTo(parse("good.json"));
    }
}
