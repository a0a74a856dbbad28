package org.dxguard.reasoner;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.dxguard.reasoner.embedded.EmbeddedModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExplainersTest {

    @Test
    void should_fall_back_to_evidence_only_when_the_embedded_model_file_is_missing(@TempDir Path dir) {
        // given
        Path missing = dir.resolve("missing.gguf");

        // when
        try (Explainer e = Explainers.create(ReasonerConfig.fromEnvironment(Map.of()),
            () -> EmbeddedModel.load(missing, EmbeddedModel.MODEL_ID, 1024, 1))) {
            // then
            assertThat(e.modelId()).isEqualTo("dxguard-evidence-only");
        }
    }

    @Test
    void should_fall_back_to_evidence_only_when_llama_cpp_cannot_load_the_file(@TempDir Path dir) throws Exception {
        // given: a file that is not GGUF, handed to the real engine
        Path notGguf = Files.writeString(dir.resolve("weights.gguf"), "not a model");

        // when
        try (Explainer e = Explainers.create(ReasonerConfig.fromEnvironment(Map.of()),
            () -> EmbeddedModel.load(notGguf, EmbeddedModel.MODEL_ID, 1024, 1))) {
            // then
            assertThat(e.modelId()).isEqualTo("dxguard-evidence-only");
        }
    }

    @Test
    void should_not_try_the_embedded_model_when_a_model_server_is_configured() {
        // given
        ReasonerConfig c = ReasonerConfig.fromEnvironment(Map.of("DXGUARD_LLM_BASE_URL", "http://127.0.0.1:9/v1",
            "DXGUARD_LLM_MODEL", "served"));

        // when
        try (Explainer e = Explainers.create(c, () -> {
            throw new AssertionError("the embedded model must not be loaded");
        })) {
            // then
            assertThat(e.modelId()).isEqualTo("served");
        }
    }
}
