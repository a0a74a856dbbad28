package org.dxguard.service.explanations;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.dxguard.reasoner.MedicationSuggestion;
import org.junit.jupiter.api.Test;

/** The explanation page's medication lines: the action is a fixed phrase in the page's language (issue 20). */
class ExplanationMedicationTest {
    @Test
    void should_write_the_action_in_chinese_when_the_page_is_chinese() {
        // given a reviewed suggestion
        MedicationSuggestion m = new MedicationSuggestion("二甲双胍", 500.0, "mg", "每日两次", "start");

        // when
        String zh = ExplanationPage.medication(m, ClinicianPhrases.forLocale(Locale.CHINESE));
        String en = ExplanationPage.medication(m, ClinicianPhrases.forLocale(Locale.ENGLISH));

        // then
        assertThat(zh).isEqualTo("开始 二甲双胍 500 mg, 每日两次");
        assertThat(en).isEqualTo("start 二甲双胍 500 mg, 每日两次");
    }
}
