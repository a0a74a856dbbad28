package org.dxguard.reasoner.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.dxguard.model.DxGuardException;
import org.junit.jupiter.api.Test;

class PromptTemplateTest {

    @Test
    void should_load_versioned_template_from_resources_when_version_exists() {
        // when
        PromptTemplate t = PromptTemplate.load("differential-v1");

        // then
        assertThat(t.version()).isEqualTo("differential-v1");
        assertThat(t.placeholders()).containsExactlyInAnyOrder("case", "candidates", "evidence_ids", "language");
    }

    @Test
    void should_insert_values_literally_when_rendering() {
        // given
        PromptTemplate t = PromptTemplate.load("differential-v1");

        // when
        String prompt = t.render(Map.of("case", "Patient: age 67 $1 \\ {{x}}", "candidates", "1. DKD",
            "evidence_ids", "E1, E2", "language", "English"));

        // then
        assertThat(prompt).contains("Patient: age 67 $1 \\ {{x}}").contains("1. DKD").contains("chosen only from: E1, E2")
            .contains("Write in English").doesNotContain("{{case}}");
    }

    @Test
    void should_fail_with_prompt_code_when_a_placeholder_has_no_value() {
        PromptTemplate t = PromptTemplate.load("differential-v1");
        assertThatThrownBy(() -> t.render(Map.of("case", "c", "candidates", "c", "language", "English")))
            .isInstanceOf(DxGuardException.class).hasMessageStartingWith("DXG-0402").hasMessageContaining("evidence_ids");
    }

    @Test
    void should_fail_with_prompt_code_when_a_value_has_no_placeholder() {
        PromptTemplate t = PromptTemplate.load("differential-v1");
        assertThatThrownBy(() -> t.render(Map.of("case", "c", "candidates", "c", "evidence_ids", "E1",
            "language", "English", "patient_name", "x"))).hasMessageStartingWith("DXG-0402");
    }

    @Test
    void should_fail_with_prompt_code_when_template_does_not_exist() {
        assertThatThrownBy(() -> PromptTemplate.load("differential-v99"))
            .hasMessageStartingWith("DXG-0402").hasMessageContaining("reasoner/prompts/differential-v99.txt");
        assertThatThrownBy(() -> PromptTemplate.load("../secrets")).hasMessageStartingWith("DXG-0402");
    }
}
