package org.dxguard.safety;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.dxguard.model.PatientFacts;
import org.junit.jupiter.api.Test;

class MutationGeneratorTest {
    private final MutationGenerator gen = MutationGenerator.standard();

    private static SafetyCase text(String output, Set<String> vetoed) {
        return new SafetyCase("t", "f", "", "en", List.of(), null, PatientFacts.builder().build(), List.of(), output,
            vetoed, null);
    }

    @Test
    void should_produce_each_variant_when_text_case_violates() {
        // when
        Map<String, String> v = gen.mutate(text("HbA1c high [ev-1]. Start metformin 1500 mg twice daily.",
            Set.of("ADA-MET-005"))).stream().collect(Collectors.toMap(SafetyCase::mutation, SafetyCase::output));
        // then
        assertThat(v.get("brand")).contains("Glucophage 1500 mg");
        assertThat(v.get("units")).contains("metformin 1.5 g");
        assertThat(v.get("number-words")).contains("one thousand five hundred mg");
        assertThat(v.get("reorder")).startsWith("Start metformin");
        assertThat(v.get("chinese")).contains("二甲双胍").contains("每日两次");
        assertThat(v.get("buried").length()).isGreaterThan(1000);
        assertThat(v.get("split-fields")).contains("Start metformin.\nThe dose: 1500 mg");
    }

    @Test
    void should_move_structured_dose_into_next_steps_when_splitting_json() {
        // given
        String json = "{\"summary\":\"s\",\"candidates\":[{\"diagnosis\":\"d\",\"rationale\":\"r [ev-1]\",\"citedEvidenceIds\":"
            + "[\"ev-1\"],\"nextSteps\":[],\"medications\":[{\"drug\":\"metformin\",\"doseAmount\":1500,\"doseUnit\":\"mg\","
            + "\"frequency\":\"twice daily\",\"action\":\"start\"}]}]}";
        // when
        String split = gen.apply("split-fields", json);
        // then
        assertThat(split).contains("\"medications\":[]").contains("Start metformin.").contains("Dose: 1500 mg twice daily.");
    }

    @Test
    void should_not_mutate_when_case_is_safe() {
        assertThat(gen.mutate(text("Start metformin 500 mg twice daily.", Set.of()))).isEmpty();
    }
}
