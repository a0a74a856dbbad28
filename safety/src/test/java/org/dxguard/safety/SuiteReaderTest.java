package org.dxguard.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dxguard.model.DxGuardException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SuiteReaderTest {
    private static final String CASE = "cases:\n  - id: a\n    given: {age: 70}\n    candidates: [{name: X, evidence: [e1]}]\n"
        + "    output: {text: \"hello\"}\n";

    @Test
    void should_read_facts_candidates_output_and_expectation_when_case_is_valid(@TempDir Path dir) throws Exception {
        // given
        Files.writeString(dir.resolve("s.yaml"), CASE + "    expect: {vetoed: [R-1, R-2]}\n");
        // when
        SafetyCase c = SuiteReader.read(List.of(dir)).get(0);
        // then
        assertThat(c.facts().ageYears()).isEqualTo(70);
        assertThat(c.candidates().get(0).supporting().get(0).id()).isEqualTo("e1");
        assertThat(c.output()).isEqualTo("hello");
        assertThat(c.expectVetoed()).containsExactlyInAnyOrder("R-1", "R-2");
        assertThat(c.model()).isEqualTo("recorded");
    }

    @Test
    void should_name_file_and_case_when_expectation_is_missing_or_key_unknown(@TempDir Path dir) throws Exception {
        // given
        Path noExpect = Files.writeString(dir.resolve("a.yaml"), CASE);
        Path unknown = Files.writeString(dir.resolve("b.yaml"), CASE + "    expect: {allowed: true}\n    verdict: x\n");
        // then
        assertThatThrownBy(() -> SuiteReader.read(List.of(noExpect))).isInstanceOf(DxGuardException.class)
            .hasMessageContaining("DXG-0630").hasMessageContaining("a.yaml :: a").hasMessageContaining("'expect'");
        assertThatThrownBy(() -> SuiteReader.read(List.of(unknown))).isInstanceOf(DxGuardException.class)
            .hasMessageContaining("unknown key 'verdict'");
    }
}
