package org.dxguard.service.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.dxguard.model.Candidate;
import org.dxguard.model.Code;
import org.dxguard.model.Evidence;
import org.dxguard.model.Finding;
import org.dxguard.model.FindingSource;
import org.dxguard.model.Observation;
import org.dxguard.model.PatientFacts;
import org.dxguard.service.notes.MeasuredValues;
import org.junit.jupiter.api.Test;

/**
 * A measured value quoted as differential evidence (issue 20): named in the card's language by its LOINC code, the
 * value as recorded, the unit as clinicians read it; a code without a Chinese name keeps the record's display, marked.
 */
class DifferentialMeasuredTest {
    private static final Instant NOW = Instant.parse("2026-12-07T09:00:00Z");
    private static final Code FEVER = Code.snomed("386661006");
    private static final Map<String, String> NAMES = Map.of();

    private static Finding measured(String loinc, String display, double value, String unit) {
        Code code = new Code(Code.LOINC, loinc, display);
        String quote = display + " " + value + " " + unit;
        return new Finding(new Code(FEVER.system(), FEVER.code(), "Fever"), true, null, FindingSource.measured(
            "Observation/t1", NOW, quote, new FindingSource.Measured(code, value, unit)));
    }

    private static String detail(Finding f, Locale locale) {
        Candidate flu = new Candidate(Code.snomed("6142004"), "Influenza", 0.6, 3,
            List.of(new Evidence("ev:fever", f.code(), "Fever", 0.8)), List.of());
        return new DifferentialCard(List.of(f), NOW, locale, NAMES).card(List.of(flu), List.of(), List.of(), "kb@1",
            "_e_", null).detail();
    }

    @Test
    void should_name_the_value_in_chinese_with_a_clinical_unit_when_the_card_is_chinese() {
        // given a body temperature the record sends as LOINC 8310-5 in UCUM Cel
        Finding f = measured("8310-5", "Body temperature", 38.6, "Cel");

        // when
        String zh = detail(f, Locale.SIMPLIFIED_CHINESE);
        String en = detail(f, Locale.ENGLISH);

        // then the Chinese card names it 体温 and neither card shows the UCUM code "Cel"
        assertThat(zh).contains("体温 38.6 °C").doesNotContain("Body temperature").doesNotContain("Cel");
        assertThat(en).contains("Body temperature 38.6 °C").doesNotContain(" Cel");
    }

    @Test
    void should_keep_the_record_display_marked_when_the_code_has_no_chinese_name() {
        // given a local code the result-kind table does not list
        Finding f = measured("99999-9", "Core temperature probe", 38.9, "Cel");

        // when
        String zh = detail(f, Locale.SIMPLIFIED_CHINESE);

        // then the record's display as sent, marked, never a made-up translation
        assertThat(zh).contains("Core temperature probe（无中文名） 38.9 °C");
    }

    @Test
    void should_carry_the_code_value_and_unit_when_a_vital_sign_crosses_its_threshold() {
        // given a record with a fever measured this morning
        Observation o = new Observation("t1", List.of(new Code(Code.LOINC, "8310-5", "Body temperature")), 38.6,
            "Cel", null, null, NOW.minusSeconds(3600));
        PatientFacts facts = PatientFacts.builder().patientRef("Patient/p1").observation(o).asOf(NOW).build();

        // when
        List<Finding> found = MeasuredValues.findings(facts, NOW);

        // then the source keeps the English quote for the record and the structured value for the card
        assertThat(found).singleElement().satisfies(x -> {
            assertThat(x.source().quote()).isEqualTo("Body temperature 38.6 Cel");
            assertThat(x.source().measured().code().code()).isEqualTo("8310-5");
            assertThat(x.source().measured().value()).isEqualTo(38.6);
            assertThat(x.source().measured().unit()).isEqualTo("Cel");
        });
    }

    @Test
    void should_name_the_note_section_in_chinese_when_a_quoted_finding_is_cited_on_a_chinese_card() {
        // given a finding read in the history of present illness of today's note
        Finding cough = new Finding(new Code("urn:dxguard:synthea:symptom", "cough", "Cough"), true, null,
            new FindingSource("DocumentReference/n1", FindingSource.NOTE, NOW, "HPI", 0, 5, "咳嗽三周"));
        Candidate flu = new Candidate(Code.snomed("6142004"), "Influenza", 0.6, 3,
            List.of(new Evidence("ev:cough", cough.code(), "Cough", 0.8)), List.of());

        // when
        String zh = new DifferentialCard(List.of(cough), NOW, Locale.SIMPLIFIED_CHINESE, NAMES)
            .card(List.of(flu), List.of(), List.of(), "kb@1", "_e_", null).detail();
        String en = new DifferentialCard(List.of(cough), NOW, Locale.ENGLISH, NAMES)
            .card(List.of(flu), List.of(), List.of(), "kb@1", "_e_", null).detail();

        // then
        assertThat(zh).contains("病历记录，现病史：").doesNotContain("HPI");
        assertThat(en).contains("note of today, HPI: ");
    }
}
