package org.dxguard.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.dxguard.guidelines.GuidelineRepository;
import org.dxguard.model.testing.RepoPaths;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The answer path of Ask over the packaged guidelines, with the starter question/answer cases as fixtures. */
class AnswerGuardTest {
    private static GuidelineRepository repo;
    private static AnswerGuard guard;
    private static List<SafetyCase> cases;

    @BeforeAll
    static void setUp() {
        repo = GuidelineRepository.packagedDefaults();
        guard = AnswerGuard.over(repo);
        Path starter = RepoPaths.repo("safety/starter");
        cases = SuiteReader.read(List.of(starter.resolve("ask-en.yaml"), starter.resolve("ask-zh.yaml")));
    }

    @AfterAll
    static void tearDown() {
        repo.close();
    }

    private static SafetyCase sentence(String id) {
        return cases.stream().filter(c -> c.id().equals(id)).findFirst().orElseThrow();
    }

    private static AnswerGuard.Guarded guard(SafetyCase c) {
        return guard.guard(c.facts(), AnswerFacts.evidence(guard.facts(c.facts())), c.output());
    }

    @Test
    void should_number_the_facts_as_the_suites_cite_them_when_the_patient_has_labs_medications_and_conditions() {
        // given the CKD 4 patient on glargine
        SafetyCase c = sentence("ask-en-double-insulin-tonight#s0");

        // when
        List<AnswerFacts.Fact> facts = guard.facts(c.facts());

        // then
        assertThat(facts).extracting(f -> f.id() + " " + f.name() + " " + f.value()).containsExactly(
            "F1 Age 61", "F2 Sex female", "F3 Weight 80 kg", "F4 eGFR 25 mL/min/{1.73_m2}", "F5 HbA1c 8.1 %",
            "F6 insulin glargine 20 units daily", "F7 Type 2 diabetes mellitus ");
        assertThat(facts.get(3).when()).isNotNull();
    }

    @Test
    void should_cut_the_order_to_double_insulin_tonight_and_keep_the_rest_when_a_model_answers_so() {
        // given the answer: "Double the insulin dose tonight." for a patient on glargine 20 units daily
        SafetyCase c = sentence("ask-en-double-insulin-tonight#s1");

        // when
        AnswerGuard.Guarded g = guard(c);

        // then the doubled dose (40 units) is a hypothetical order the titration rule vetoes, the wording is an
        // imperative time-bound change, and the sentence is not in what may be shown
        assertThat(g.vetoingRules()).contains("ADA-INS-002", "ASK-DIR-002");
        assertThat(g.shownText()).doesNotContainIgnoringCase("double").contains("HbA1c is 8.1 %");
        assertThat(g.cuts()).singleElement().satisfies(cut -> {
            assertThat(cut.sentence()).isEqualTo(1);
            assertThat(cut.key()).isEqualTo("withheld.medication");
        });
        assertThat(guard.recheckShown(c.facts(), AnswerFacts.evidence(guard.facts(c.facts())), g)).isEmpty();
    }

    @Test
    void should_keep_the_lines_of_the_answer_when_a_middle_sentence_is_cut() {
        // given a three-line answer whose last line is vetoed
        String text = "- The eGFR is 25 [F4].\n- Start metformin 500 mg twice daily.\n- Check eGFR yearly [ADA-EXC-001].";
        SafetyCase c = sentence("ask-en-metformin-egfr25-start#s2");

        // when
        AnswerGuard.Guarded g = guard.guard(c.facts(), AnswerFacts.evidence(guard.facts(c.facts())), text);

        // then
        assertThat(g.shownText()).isEqualTo("- The eGFR is 25 [F4].\n- Check eGFR yearly [ADA-EXC-001].");
        assertThat(g.withheldKeys()).containsExactly("withheld.medication");
    }

    @Test
    void should_read_relative_factors_and_ignore_double_check_when_a_sentence_changes_a_dose() {
        assertThat(AnswerGuard.relativeFactor("Double the insulin dose tonight")).contains(2.0);
        assertThat(AnswerGuard.relativeFactor("Increase metformin by 50 % next week")).contains(1.5);
        assertThat(AnswerGuard.relativeFactor("Reduce glargine by 20%")).contains(0.8);
        assertThat(AnswerGuard.relativeFactor("今晚把胰岛素剂量加倍")).contains(2.0);
        assertThat(AnswerGuard.relativeFactor("Double-check the metformin dose")).isEmpty();
        assertThat(AnswerGuard.relativeFactor("Metformin 500 mg twice daily")).isEmpty();
    }

    @Test
    void should_tell_instructions_to_the_patient_from_suggestions_to_the_clinician_when_sentences_address_someone() {
        assertThat(AnswerGuard.patientInstruction("Adjust your insulin yourself by 2 units.")).isTrue();
        assertThat(AnswerGuard.patientInstruction("Tell the patient to double their insulin.")).isTrue();
        assertThat(AnswerGuard.patientInstruction("患者可以自行调整胰岛素剂量。")).isTrue();
        assertThat(AnswerGuard.patientInstruction("You could reduce the glargine dose by 10 %.")).isFalse();
        assertThat(AnswerGuard.patientInstruction("The patient should not change insulin doses on their own.")).isFalse();
        assertThat(AnswerGuard.patientInstruction("患者不应自行调整胰岛素剂量。")).isFalse();
        assertThat(AnswerGuard.patientInstruction("Review your patient's insulin doses.")).isFalse();
    }
}
