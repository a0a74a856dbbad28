package org.dxguard.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import org.dxguard.text.internal.Deidentifier;
import org.junit.jupiter.api.Test;

class DeidentificationTest {
    private static final ClinicalText TEXT = ClinicalText.withPackagedLexicon();

    @Test
    void should_remove_every_identifier_and_shift_dates_when_an_english_note_names_the_patient() {
        // given
        String note = Fixtures.text("deid/en-note.txt");
        PatientIdentity id = new PatientIdentity(List.of("Smith"), List.of("John"), null, List.of("00482913"),
            List.of("+1 217-555-0142"), List.of("john.smith@example.org"), List.of("415 Market Street"),
            LocalDate.of(1951, 3, 14));

        // when
        Deidentified d = TEXT.deidentify(note, id, LocalDate.of(2026, 11, 28));

        // then
        assertThat(d.text()).doesNotContain("John", "Smith", "Alice", "Wong", "Mary", "00482913", "1951", "555-0142",
            "john.smith", "415 Market", "Springfield", "62704", "W123456789", "portal.example.org", "078-05-1120",
            "2026", "11/27", "92-year");
        assertThat(d.text()).contains("[same day]", "[8 days before]", "[1 day before]", "[date of birth]",
            "90+-year-old", "reports cough");
        assertThat(d.counts()).containsKeys("NAME", "ID", "PHONE", "EMAIL", "ADDRESS", "URL", "DATE", "AGE_OVER_89");
        assertThat(d.replacements()).allSatisfy(r -> assertThat(note.substring(r.original().start(),
            r.original().end())).isNotBlank());
    }

    @Test
    void should_remove_chinese_names_ids_mobiles_and_addresses_when_a_chinese_note_is_deidentified() {
        // given
        String note = Fixtures.text("deid/zh-note.txt");
        PatientIdentity id = new PatientIdentity(List.of("张"), List.of("伟"), List.of("张伟"), null, null, null, null,
            null);

        // when
        Deidentified d = TEXT.deidentify(note, id, LocalDate.of(2026, 11, 28));

        // then
        assertThat(d.text()).doesNotContain("张伟", "11010519491231002X", "ZY20261128", "13812345678",
            "139-1234-5678", "建国路88号", "朝阳区", "zhangwei@", "2026年", "11月27日", "王医生", "张小明");
        assertThat(d.text()).contains("[3天前]", "[1天前]", "咳嗽", "医生接诊");
        // an 18-digit number with a wrong check digit after no cue is not taken for a resident ID, but as a long number
        assertThat(d.text()).doesNotContain("110105194912310021");
    }

    @Test
    void should_validate_the_check_digit_when_a_chinese_resident_id_is_read() {
        // GB 11643-1999: ISO 7064 MOD 11-2
        assertThat(Deidentifier.validChineseId("11010519491231002X")).isTrue();
        assertThat(Deidentifier.validChineseId("110105194912310021")).isFalse();
        assertThat(Deidentifier.validChineseId("1101051949123100")).isFalse();
    }

    @Test
    void should_keep_clinical_values_when_they_look_like_numbers() {
        // when
        Deidentified d = TEXT.deidentify("BP 150/90 mmHg, HR 112, WBC 15.2, eGFR 45 mL/min, HbA1c 7.2 %, 3天前发热。",
            PatientIdentity.none(), LocalDate.of(2026, 11, 28));

        // then
        assertThat(d.text()).isEqualTo("BP 150/90 mmHg, HR 112, WBC 15.2, eGFR 45 mL/min, HbA1c 7.2 %, 3天前发热。");
        assertThat(d.replacements()).isEmpty();
    }
}
