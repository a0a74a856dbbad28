package org.dxguard.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dxguard reasoner export-training-data} over the Synthea graph, and {@code reasoner bench} on its output. */
class ReasonerCommandIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void should_export_grounded_chat_examples_and_time_the_embedded_model_on_them(@TempDir Path dir) throws Exception {
        // given
        Path file = dir.resolve("train.jsonl");

        // when
        CliRun export = CliRun.of("reasoner", "export-training-data", "--out", file.toString(), "--cases", "6",
            "--seed", "7", "--prompt-version", "differential-tiny-v1");

        // then
        assertThat(export.code()).as(export.err()).isZero();
        assertThat(export.out()).contains("source=synthea", "cases=6", "vetoed=0", "prompt_version=differential-tiny-v1");
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertThat(export.out()).contains("written=" + lines.size());
        assertThat(lines).hasSizeGreaterThanOrEqualTo(5);
        for (String line : lines) {
            JsonNode e = JSON.readTree(line);
            assertThat(e.get("messages")).extracting(m -> m.get("role").asText())
                .containsExactly("system", "user", "assistant");
            assertThat(e.at("/meta/source").asText()).isEqualTo("synthea");
            assertThat(e.at("/meta/schema").asText()).isEqualTo("dxguard_differential_explanation");
            assertThat(e.at("/messages/1/content").asText()).startsWith("Explain each candidate").contains("Candidates:");
            JsonNode answer = JSON.readTree(e.at("/messages/2/content").asText());
            assertThat(answer.at("/candidates/0/guidelineExcerptIds").isArray()).isTrue();
        }

        // when: the same seed again gives the same file
        Path again = dir.resolve("again.jsonl");
        CliRun second = CliRun.of("reasoner", "export-training-data", "--out", again.toString(), "--cases", "6",
            "--seed", "7", "--prompt-version", "differential-tiny-v1");

        // then
        assertThat(second.code()).as(second.err()).isZero();
        assertThat(Files.readAllLines(again, StandardCharsets.UTF_8)).isEqualTo(lines);

        // when
        CliRun bench = CliRun.of("reasoner", "bench", "--data", file.toString(), "--n", "3");

        // then
        assertThat(bench.code()).as(bench.err()).isZero();
        assertThat(bench.out()).contains("model=dxguard-tiny-local-v1", "explanations=3", "json_valid=3",
            "generation_tokens_per_s=", "latency_ms_p50=");
    }

    @Test
    void should_export_chinese_examples_with_the_chinese_prompt_when_the_language_is_zh(@TempDir Path dir)
        throws Exception {
        // given
        Path file = dir.resolve("train-zh.jsonl");

        // when
        CliRun export = CliRun.of("reasoner", "export-training-data", "--out", file.toString(), "--cases", "6",
            "--seed", "7", "--prompt-version", "differential-v2", "--language", "zh");

        // then every example pairs the Chinese prompt with a Chinese target that passed the veto
        assertThat(export.code()).as(export.err()).isZero();
        assertThat(export.out()).contains("prompt_version=differential-v2-zh", "language=zh", "vetoed=0");
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertThat(lines).hasSizeGreaterThanOrEqualTo(5);
        for (String line : lines) {
            JsonNode e = JSON.readTree(line);
            assertThat(e.at("/meta/promptVersion").asText()).isEqualTo("differential-v2-zh");
            assertThat(e.at("/messages/1/content").asText()).contains("用简体中文书写").contains("病例（已去标识化");
            JsonNode answer = JSON.readTree(e.at("/messages/2/content").asText());
            assertThat(answer.path("summary").asText()).containsPattern("\\p{IsHan}{4}");
            assertThat(answer.at("/candidates/0/rationale").asText()).contains("[E1]");
        }

        // when an unsupported language is asked for
        CliRun fr = CliRun.of("reasoner", "export-training-data", "--out", dir.resolve("fr.jsonl").toString(),
            "--cases", "1", "--language", "fr");

        // then
        assertThat(fr.code()).isNotZero();
        assertThat(fr.err()).contains("--language must be en or zh");
    }
}
