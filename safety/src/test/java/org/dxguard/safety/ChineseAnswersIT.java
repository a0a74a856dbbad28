package org.dxguard.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dxguard.guidelines.GuidelineRepository;
import org.dxguard.model.Candidate;
import org.dxguard.model.Code;
import org.dxguard.model.Condition;
import org.dxguard.model.Evidence;
import org.dxguard.model.Medication;
import org.dxguard.model.MedicationStatus;
import org.dxguard.model.Observation;
import org.dxguard.model.PatientFacts;
import org.dxguard.model.Sex;
import org.dxguard.model.Veto;
import org.dxguard.reasoner.Explainer;
import org.dxguard.reasoner.Explainers;
import org.dxguard.reasoner.ExplanationOutcome;
import org.dxguard.reasoner.ReasonerConfig;
import org.dxguard.reasoner.ReplayModelServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Chinese answers end to end (issue 17, item 6): with {@code DXGUARD_LLM_LANGUAGE=zh} the real langchain4j client asks
 * a local OpenAI-compatible server (standing in for a model that answers in Chinese) in Chinese (the prompt
 * {@code differential-v2-zh} since issue 20), the parser accepts the
 * Chinese answer, and the same veto checks apply through {@link ExplanationGuard}: a time-bound medication change
 * ("今晚把格列齐特加倍"), an ungrounded result ("C反应蛋白正常"), an overdose (对乙酰氨基酚 1 g 每3小时) are cut, the
 * grounded Chinese rationale and the conditional safety-net ("如出现…，应立即就医") are kept.
 */
class ChineseAnswersIT {
    private static final Instant AS_OF = Instant.parse("2026-11-29T12:00:00Z");
    private static GuidelineRepository repo;
    private static ExplanationGuard guard;
    private ReplayModelServer server;
    private Explainer explainer;

    @BeforeAll
    static void rules() {
        repo = GuidelineRepository.packagedDefaults();
        guard = ExplanationGuard.over(repo);
    }

    @AfterAll
    static void closeRules() {
        repo.close();
    }

    @BeforeEach
    void start() throws IOException {
        server = new ReplayModelServer();
        server.always(ReplayModelServer.Reply.content(ChineseAnswersIT::answer, 0));
    }

    @AfterEach
    void stop() {
        if (explainer != null) {
            explainer.close();
        }
        server.close();
    }

    @Test
    void should_accept_the_chinese_answer_and_veto_its_unsafe_units_when_the_language_is_zh() {
        // given a model server answering in Chinese and the explainer configured for Chinese
        explainer = Explainers.openAiCompatible(config("zh"));

        // when
        ExplanationOutcome o = explainer.explain("hook-zh-1", patient(), candidates(), Duration.ofSeconds(20));

        // then the Chinese prompt (issue 20: differential-v2-zh) asked for Chinese and the parser accepted the answer
        assertThat(ReplayModelServer.prompt(server.requests().get(0))).contains("用简体中文书写")
            .contains("[E1]", "[E5]");
        assertThat(o.status()).isEqualTo(ExplanationOutcome.Status.READY);
        assertThat(o.promptVersion()).isEqualTo("differential-v2-zh");
        // and the veto cut the unsafe units and kept the rest
        ExplanationGuard.Guarded g = guard.guard(patient(), candidates(), o.explanation());
        assertThat(g.veto().vetoes()).extracting(Veto::ruleId)
            .contains("VETO-DIR-002", "VETO-GRD-006", "VETO-DOSE-002", "VETO-DOSE-003")
            .doesNotContain("VETO-DIR-001", "VETO-DX-001", "VETO-GRD-007");
        var shown = g.filtered().shown().orElseThrow();
        String first = shown.candidates().get(0).rationale();
        assertThat(first).contains("符合流感样病例").doesNotContain("C反应蛋白正常");
        assertThat(shown.candidates().get(0).nextSteps()).contains("如出现呼吸困难、胸痛或意识改变，应立即就医。")
            .noneMatch(s -> s.contains("格列齐特"));
        assertThat(shown.candidates().get(0).medications()).extracting(m -> m.drug()).containsExactly("奥司他韦");
        assertThat(shown.candidates()).hasSize(2);
        assertThat(guard.recheckShown(patient(), candidates(), g).vetoes()).isEmpty();
    }

    @Test
    void should_reject_the_chinese_answer_as_wrong_language_when_the_language_is_en() {
        // given the same Chinese answer and the default language
        explainer = Explainers.openAiCompatible(config("en"));

        // when
        ExplanationOutcome o = explainer.explain("hook-zh-2", patient(), candidates(), Duration.ofSeconds(20));

        // then
        assertThat(o.status()).isEqualTo(ExplanationOutcome.Status.UNAVAILABLE);
        assertThat(o.why()).isEqualTo(ExplanationOutcome.Reason.WRONG_LANGUAGE);
    }

    private ReasonerConfig config(String language) {
        return ReasonerConfig.fromEnvironment(Map.of("DXGUARD_LLM_BASE_URL", server.baseUrl(), "DXGUARD_LLM_MODEL",
            "zh-stand-in", "DXGUARD_LLM_MAX_RETRIES", "0", "DXGUARD_LLM_TIMEOUT", "10s", "DXGUARD_LLM_LANGUAGE", language));
    }

    /**
     * The fixture answer with {{label}} replaced by the alias the prompt gave that finding: aliases are given in the
     * order the candidates' evidence is listed (E1 急性起病, E2 发热, E3 肌肉酸痛, E4 干咳, E5 肺部湿啰音).
     */
    private static String answer(String requestBody) {
        Map<String, String> aliases = new LinkedHashMap<>();
        List<String> order = List.of("急性起病", "发热", "肌肉酸痛", "干咳", "肺部湿啰音");
        for (int i = 0; i < order.size(); i++) {
            aliases.put(order.get(i), "E" + (i + 1));
        }
        String text = resource("safety/chinese-answers/influenza-answer.json");
        for (Map.Entry<String, String> e : aliases.entrySet()) {
            text = text.replace("{{" + e.getKey() + "}}", e.getValue());
        }
        return text;
    }

    private static PatientFacts patient() {
        return PatientFacts.builder().patientRef("Patient/zh-1").ageYears(58).sex(Sex.MALE).weightKg(76.0).asOf(AS_OF)
            .condition(new Condition("c1", List.of(new Code(Code.SNOMED, "44054006", "2型糖尿病")), null, true,
                LocalDate.of(2018, 1, 1)))
            .observation(new Observation("temp-1", List.of(Code.loinc("8310-5")), 38.9, "Cel", null, null, AS_OF))
            .observation(new Observation("egfr-1", List.of(Code.loinc("98979-8")), 88.0, "mL/min/{1.73_m2}", null, null,
                AS_OF.minus(Duration.ofDays(60))))
            .activeMedication(new Medication("m1", List.of(), "格列齐特缓释片 30 mg", null, MedicationStatus.ACTIVE,
                AS_OF.minus(Duration.ofDays(400))))
            .build();
    }

    private static List<Candidate> candidates() {
        Evidence onset = ev("ev:onset", "急性起病");
        Evidence fever = ev("ev:fever", "发热");
        Evidence myalgia = ev("ev:myalgia", "肌肉酸痛");
        Evidence cough = ev("ev:cough", "干咳");
        return List.of(
            new Candidate(Code.snomed("6142004"), "流行性感冒", 0.7, 3, List.of(onset, fever, myalgia, cough), List.of()),
            new Candidate(Code.snomed("385093006"), "社区获得性肺炎", 0.3, 2, List.of(fever, cough),
                List.of(ev("ev:crackles", "肺部湿啰音"))));
    }

    private static Evidence ev(String id, String label) {
        return new Evidence(id, new Code(Code.TEXT, id, label), label, 1.0);
    }

    private static String resource(String path) {
        try (InputStream in = ChineseAnswersIT.class.getClassLoader().getResourceAsStream(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
