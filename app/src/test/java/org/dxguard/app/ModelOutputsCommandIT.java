package org.dxguard.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dxguard safety model-outputs} on a file written by the real {@code reasoner export-training-data}, with the
 * real embedded model and the real veto; and its errors for files it cannot use.
 */
class ModelOutputsCommandIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Path fixture(String name) throws URISyntaxException {
        return Path.of(ModelOutputsCommandIT.class.getResource("/safety/model-outputs/" + name).toURI());
    }

    @Test
    void should_count_vetoes_of_model_answers_and_none_of_the_targets_when_run_on_exported_prompts(@TempDir Path dir)
        throws Exception {
        // given: a small export of the embedded model's prompts, through the real export command
        Path data = dir.resolve("heldout.jsonl");
        CliRun export = CliRun.of("reasoner", "export-training-data", "--out", data.toString(), "--cases", "6",
            "--seed", "3", "--prompt-version", "differential-tiny-v1");
        assertThat(export.code()).as(export.err()).isZero();
        int examples = Files.readAllLines(data, StandardCharsets.UTF_8).size();
        assertThat(examples).isGreaterThanOrEqualTo(3);
        Path review = dir.resolve("review");

        // when: the embedded model answers the first 3 prompts
        CliRun model = CliRun.of("safety", "model-outputs", "--data", data.toString(), "--n", "3", "--out",
            review.toString());

        // then
        assertThat(model.code()).as(model.err()).isZero();
        assertThat(model.values()).containsEntry("source", "model dxguard-tiny-local-v1")
            .containsKeys("vetoed_without_GRD004_GRD005", "GRD004_claims", "GRD005_claims",
                "GRD005_outputs_without_GRD004", "GRD004_without_counted_mispair", "out");
        int answers = model.number("answers");
        assertThat(answers + model.number("parser_rejected")).isEqualTo(3);
        assertThat(model.number("skipped")).isZero();
        int vetoed = model.number("vetoed");
        assertThat(vetoed).isBetween(0, answers);
        assertThat(model.number("vetoed_without_GRD004_GRD005")).isBetween(0, vetoed);
        assertThat(model.number("GRD004_outputs")).isBetween(0, vetoed);
        assertThat(model.number("GRD005_outputs")).isBetween(0, vetoed);
        assertThat(model.number("mispaired_caught_by_GRD004")).isBetween(0, model.number("mispaired_outputs"));
        Map<String, String> byRule = new LinkedHashMap<>(model.values());
        byRule.keySet().removeIf(k -> !k.startsWith("vetoed_by."));
        assertThat(byRule.keySet()).allMatch(k -> k.matches("vetoed_by\\.VETO-[A-Z]+-\\d{3}"));
        assertThat(byRule.values()).allMatch(v -> Integer.parseInt(v) >= 1 && Integer.parseInt(v) <= vetoed);
        if (vetoed > 0) {
            assertThat(byRule).isNotEmpty();
        }
        List<String> reviewed = Files.readAllLines(review.resolve("embedded-outputs.jsonl"), StandardCharsets.UTF_8);
        assertThat(reviewed).hasSize(answers);
        for (String line : reviewed) {
            JsonNode r = JSON.readTree(line);
            assertThat(r.get("answer").asText().strip()).startsWith("{");
            assertThat(r.get("vetoes").isArray()).isTrue();
            assertThat(r.get("mispairs").isArray()).isTrue();
        }
        long reviewedVetoed = reviewed.stream().filter(l -> !l.contains("\"vetoes\":[]")).count();
        assertThat(reviewedVetoed).isEqualTo(vetoed);

        // when: the file's own grounded targets are judged
        CliRun targets = CliRun.of("safety", "model-outputs", "--data", data.toString(), "--n", "300", "--targets");

        // then: every target is read and none is vetoed (each veto would be a false veto)
        assertThat(targets.code()).as(targets.out() + targets.err()).isZero();
        assertThat(targets.values()).containsEntry("source", "targets").containsEntry("answers", "" + examples)
            .containsEntry("parser_rejected", "0").containsEntry("vetoed", "0")
            .containsEntry("mispaired_outputs", "0");

        // when: the same file is also the exclude file
        CliRun excluded = CliRun.of("safety", "model-outputs", "--data", data.toString(), "--exclude", data.toString(),
            "--targets", "true");

        // then: every prompt is skipped
        assertThat(excluded.code()).as(excluded.err()).isZero();
        assertThat(excluded.values()).containsEntry("answers", "0").containsEntry("skipped", "" + examples);
    }

    @Test
    void should_fail_with_a_clear_error_when_the_data_file_is_missing(@TempDir Path dir) {
        // given
        Path missing = dir.resolve("nope.jsonl");

        // when
        CliRun r = CliRun.of("safety", "model-outputs", "--data", missing.toString(), "--targets");

        // then
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("DXG-0632", "--data " + missing + " is not a file",
            "export-training-data --prompt-version differential-tiny-v1");
        assertThat(r.out()).doesNotContain("answers=");
    }

    @Test
    void should_fail_with_a_clear_error_when_a_data_line_is_not_json() throws Exception {
        // given
        Path garbage = fixture("garbage.jsonl");

        // when
        CliRun r = CliRun.of("safety", "model-outputs", "--data", garbage.toString(), "--n", "3");

        // then
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("DXG-0632", garbage + " line 1 is not JSON");
    }

    @Test
    void should_fail_with_a_clear_error_when_the_prompts_are_of_another_prompt_version() throws Exception {
        // given
        Path other = fixture("wrong-prompt-version.jsonl");

        // when
        CliRun r = CliRun.of("safety", "model-outputs", "--data", other.toString(), "--targets");

        // then
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("DXG-0632", "line 1 has prompt version 'differential-v1'",
            "needs differential-tiny-v1");
    }

    @Test
    void should_reject_the_arguments_when_n_is_not_positive() throws Exception {
        // given
        Path other = fixture("wrong-prompt-version.jsonl");

        // when
        CliRun r = CliRun.of("safety", "model-outputs", "--data", other.toString(), "--n", "0");

        // then
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("DXG-0632", "--n and --threads must be at least 1");
    }
}
