package org.dxguard.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.temporal.ChronoUnit;
import java.util.List;
import org.dxguard.model.Code;
import org.dxguard.model.Finding;
import org.junit.jupiter.api.Test;

class ClinicalTextTest {
    private static final ClinicalText TEXT = ClinicalText.withPackagedLexicon();

    private static Mention mention(TextAnalysis a, String text) {
        return a.mentions().stream().filter(m -> m.text().equalsIgnoreCase(text)).findFirst()
            .orElseThrow(() -> new AssertionError("no mention '" + text + "' in " + a.mentions()));
    }

    @Test
    void should_read_sections_contexts_and_durations_when_an_english_note_is_analysed() {
        // when
        TextAnalysis a = TEXT.analyze(Fixtures.text("notes/en-hpi.txt"));

        // then
        assertThat(a.language()).isEqualTo(Language.EN);
        assertThat(a.sections()).extracting(Section::kind).contains(SectionKind.CHIEF_COMPLAINT,
            SectionKind.HISTORY_OF_PRESENT_ILLNESS, SectionKind.PAST_MEDICAL_HISTORY, SectionKind.FAMILY_HISTORY,
            SectionKind.MEDICATIONS, SectionKind.PHYSICAL_EXAM, SectionKind.ASSESSMENT);
        Mention cough = mention(a, "cough");
        assertThat(cough.section()).isEqualTo(SectionKind.CHIEF_COMPLAINT);
        assertThat(cough.duration().amount()).isEqualTo(3);
        assertThat(cough.duration().unit()).isEqualTo(ChronoUnit.WEEKS);
        assertThat(mention(a, "SOB").negation()).isEqualTo(Negation.AFFIRMED); // abbreviation
        assertThat(mention(a, "chest pain").negation()).isEqualTo(Negation.NEGATED);
        assertThat(mention(a, "hemoptysis").negation()).isEqualTo(Negation.NEGATED); // "Denies chest pain or hemoptysis"
        assertThat(mention(a, "abdomen pain").term().code().code()).isEqualTo("21522001"); // spelling variant
        assertThat(mention(a, "diarrhea").negation()).isEqualTo(Negation.NEGATED);
        assertThat(mention(a, "confusion").temporality()).isEqualTo(Temporality.HYPOTHETICAL);
        assertThat(mention(a, "DVT").temporality()).isEqualTo(Temporality.HISTORICAL);
        assertThat(mention(a, "asthma").experiencer()).isEqualTo(Experiencer.OTHER);
        assertThat(mention(a, "edema").negation()).isEqualTo(Negation.NEGATED);
    }

    @Test
    void should_read_markdown_headings_and_ignore_parenthesised_words_when_a_synthea_style_note_is_analysed() {
        // given Synthea's note layout: Markdown headings, list items, SNOMED CT semantic tags in parentheses
        String note = "2026-01-18\n\n# Chief Complaint\n- Thirst\n- Fatigue\n\n# History of Present Illness\n"
            + "Patient has a history of acute viral pharyngitis (disorder), stress (finding).\n\n"
            + "# Assessment and Plan\nPatient is presenting with fatigue (finding).\n\n## Plan\n"
            + "The patient was placed on a careplan.\n";

        // when
        TextAnalysis a = TEXT.analyze(note);

        // then: the four headings, marks included; "(finding)" opens no "findings" section inside a sentence
        List<Section> headed = a.sections().stream().filter(x -> x.kind() != SectionKind.UNLABELED).toList();
        assertThat(headed).extracting(Section::kind).containsExactly(SectionKind.CHIEF_COMPLAINT,
            SectionKind.HISTORY_OF_PRESENT_ILLNESS, SectionKind.ASSESSMENT, SectionKind.PLAN);
        assertThat(headed).extracting(Section::heading).startsWith("# Chief Complaint");
        assertThat(mention(a, "Thirst").section()).isEqualTo(SectionKind.CHIEF_COMPLAINT);
        assertThat(mention(a, "viral pharyngitis").section()).isEqualTo(SectionKind.HISTORY_OF_PRESENT_ILLNESS);
    }

    @Test
    void should_read_one_word_abbreviations_and_british_ise_spellings_when_they_are_written() {
        // when
        TextAnalysis a = TEXT.analyze("HPI: 5 kg wt loss over 2 months. Family hx of asthma.");

        // then: "wt loss" is weight loss, "family hx" makes the asthma a relative's; -ised folds to -ized
        assertThat(mention(a, "wt loss").term().code().code()).isEqualTo("89362005");
        assertThat(mention(a, "asthma").experiencer()).isEqualTo(Experiencer.OTHER);
        assertThat(org.dxguard.text.internal.Tokenizer.key("generalised anxiety, immunisations, hospitalising"))
            .isEqualTo("generalized anxiety , immunization , hospitalizing");
        assertThat(org.dxguard.text.internal.Tokenizer.key("advised, raised")).isEqualTo("advised , raised");
    }

    @Test
    void should_count_only_the_patients_current_or_historical_disease_findings_when_findings_are_read() {
        // when
        List<Finding> f = TEXT.analyze(Fixtures.text("notes/en-hpi.txt")).findings();

        // then
        assertThat(f).contains(Finding.present(Code.snomed("49727002")), Finding.absent(Code.snomed("29857009")),
            Finding.present(Code.snomed("44054006")), Finding.present(Code.snomed("128053003")));
        assertThat(f).extracting(x -> x.code().code())
            .doesNotContain("195967001", "230690007") // the mother's asthma, the father's stroke
            .doesNotContain("286933003"); // "return if he develops confusion"
    }

    @Test
    void should_read_chinese_cues_when_a_chinese_note_is_analysed() {
        // when
        TextAnalysis a = TEXT.analyze(Fixtures.text("notes/zh-hpi.txt"));

        // then
        assertThat(a.language()).isEqualTo(Language.ZH);
        assertThat(a.sections()).extracting(Section::kind).contains(SectionKind.CHIEF_COMPLAINT,
            SectionKind.HISTORY_OF_PRESENT_ILLNESS, SectionKind.PAST_MEDICAL_HISTORY, SectionKind.FAMILY_HISTORY,
            SectionKind.DIAGNOSIS);
        assertThat(a.mentions().stream().filter(m -> m.text().equals("咳嗽")).toList())
            .allMatch(m -> m.negation() == Negation.AFFIRMED); // 无明显诱因出现咳嗽: pseudo-negation
        assertThat(mention(a, "胸痛").negation()).isEqualTo(Negation.NEGATED); // 无胸痛
        assertThat(mention(a, "恶心").negation()).isEqualTo(Negation.NEGATED); // 否认恶心、呕吐
        assertThat(mention(a, "呕吐").negation()).isEqualTo(Negation.NEGATED);
        assertThat(mention(a, "腹泻").negation()).isEqualTo(Negation.NEGATED); // 不伴腹泻
        assertThat(mention(a, "气促").negation()).isEqualTo(Negation.AFFIRMED); // 伴气促
        assertThat(mention(a, "高血压").temporality()).isEqualTo(Temporality.HISTORICAL);
        assertThat(mention(a, "冠心病").experiencer()).isEqualTo(Experiencer.OTHER); // 父亲有冠心病
        assertThat(mention(a, "肺栓塞").negation()).isEqualTo(Negation.POSSIBLE); // 肺栓塞待排
        assertThat(mention(a, "发热").duration().amount()).isEqualTo(2);
    }

    @Test
    void should_read_vitals_labs_and_medications_when_they_are_written_in_either_language() {
        // when
        TextAnalysis en = TEXT.analyze(Fixtures.text("notes/en-hpi.txt"));
        TextAnalysis zh = TEXT.analyze(Fixtures.text("notes/zh-hpi.txt"));

        // then
        assertThat(en.measurements()).extracting(Measurement::kind, Measurement::value, Measurement::unit)
            .contains(org.assertj.core.groups.Tuple.tuple("temperature", 38.6, "Cel"),
                org.assertj.core.groups.Tuple.tuple("heart-rate", 112.0, "/min"),
                org.assertj.core.groups.Tuple.tuple("oxygen-saturation", 89.0, "%"),
                org.assertj.core.groups.Tuple.tuple("leukocytes", 15.2, "10*9/L"),
                org.assertj.core.groups.Tuple.tuple("creatinine", 1.4, "mg/dL"));
        assertThat(zh.measurements()).extracting(Measurement::kind, Measurement::value)
            .contains(org.assertj.core.groups.Tuple.tuple("temperature", 39.2),
                org.assertj.core.groups.Tuple.tuple("heart-rate", 112.0),
                org.assertj.core.groups.Tuple.tuple("blood-pressure", 150.0));
        assertThat(en.medications()).extracting(m -> m.drug().text(), MedicationMention::doseValue,
                MedicationMention::frequencyCode)
            .contains(org.assertj.core.groups.Tuple.tuple("metformin", 500.0, "BID"),
                org.assertj.core.groups.Tuple.tuple("aspirin", 81.0, "QD"));
        assertThat(zh.medications()).extracting(m -> m.drug().text(), MedicationMention::doseUnit,
                MedicationMention::frequencyCode)
            .contains(org.assertj.core.groups.Tuple.tuple("二甲双胍", "g", "BID"),
                org.assertj.core.groups.Tuple.tuple("阿司匹林", "mg", "QD"));
        assertThat(TEXT.measuredFindings(en)).extracting(m -> m.rule().id())
            .contains("fever", "tachycardia", "tachypnea", "hypoxemia", "leukocytosis");
    }

    @Test
    void should_not_read_a_date_dose_or_phone_number_as_a_vital_sign_when_values_are_implausible() {
        // when
        TextAnalysis a = TEXT.analyze("Seen 2024-03-05. HR 1500. Temp 380. Call 555-0142.");

        // then
        assertThat(a.measurements()).isEmpty();
    }

    @Test
    void should_match_terms_supplied_at_run_time_when_the_lexicon_is_extended() {
        // given a graph finding with a value and an implied finding
        Term location = Term.builder("graph:E_55=V_197", TermKind.FINDING)
            .code("urn:dxguard:ddxplus:evidence", "E_55").value("V_197")
            .en("epigastric pain", "pain in the epigastrium").zh("上腹部疼痛", "上腹痛")
            .implies(Code.of("urn:dxguard:ddxplus:evidence", "E_53")).build();
        ClinicalText text = ClinicalText.builder().lexicon(Lexicon.packaged().toBuilder().add(location).build()).build();

        // when
        List<Finding> en = text.analyze("Pain in the epigastrium and lower chest since this morning.").findings();
        List<Finding> zh = text.analyze("上腹痛2小时。").findings();

        // then
        Finding epi = new Finding(Code.of("urn:dxguard:ddxplus:evidence", "E_55"), true, "V_197");
        Finding pain = Finding.present(Code.of("urn:dxguard:ddxplus:evidence", "E_53"));
        assertThat(en).contains(epi, pain);
        assertThat(zh).contains(epi, pain);
    }

    @Test
    void should_share_a_head_or_prefix_across_a_list_when_terms_are_coordinated() {
        // given
        Term epi = Term.builder("epi", TermKind.FINDING).code("urn:t", "epi").en("epigastric pain").zh("上腹部疼痛")
            .build();
        Term chest = Term.builder("chest", TermKind.FINDING).code("urn:t", "chest").en("lower chest pain")
            .zh("下胸部疼痛").build();
        ClinicalText text = ClinicalText.builder().lexicon(Lexicon.builder().add(epi).add(chest).build()).build();

        // when / then
        assertThat(text.analyze("Epigastric and lower chest pain.").findings()).extracting(f -> f.code().code())
            .containsExactlyInAnyOrder("epi", "chest");
        assertThat(text.analyze("Pain in the lower chest and epigastric.").findings()).extracting(f -> f.code().code())
            .containsExactlyInAnyOrder("epi", "chest");
        assertThat(text.analyze("上腹部、下胸部疼痛。").findings()).extracting(f -> f.code().code())
            .containsExactlyInAnyOrder("epi", "chest");
        assertThat(text.analyze("No epigastric or lower chest pain.").findings()).allMatch(f -> !f.present());
    }

    @Test
    void should_count_family_history_terms_for_the_patient_when_they_name_a_relatives_disease() {
        // given
        Term fh = Term.builder("fh-asthma", TermKind.FAMILY_HISTORY).code("urn:t", "E_87")
            .en("family history of asthma").zh("哮喘家族史").build();
        ClinicalText text = ClinicalText.builder().lexicon(Lexicon.packaged().toBuilder().add(fh).build()).build();

        // when
        List<Finding> f = text.analyze("Family history: family history of asthma.").findings();

        // then
        assertThat(f).contains(Finding.present(Code.of("urn:t", "E_87")));
    }
}
