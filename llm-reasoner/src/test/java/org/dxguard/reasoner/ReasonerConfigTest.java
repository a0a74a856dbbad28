package org.dxguard.reasoner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.dxguard.model.DxGuardException;
import org.junit.jupiter.api.Test;

class ReasonerConfigTest {

    @Test
    void should_use_documented_defaults_when_nothing_is_set() {
        // when
        ReasonerConfig c = ReasonerConfig.fromEnvironment(Map.of());

        // then
        assertThat(c.hasModelServer()).isFalse();
        assertThat(c.timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.maxRetries()).isEqualTo(1);
        assertThat(c.budget()).isEqualTo(Duration.ofMillis(400));
        assertThat(c.cacheSize()).isEqualTo(10_000);
        assertThat(c.breakerFailureThreshold()).isEqualTo(5);
        assertThat(c.responseFormat()).isEqualTo(ReasonerConfig.ResponseFormatMode.JSON_SCHEMA);
        assertThat(c.strictJsonSchema()).isTrue();
        assertThat(c.promptVersion()).isEqualTo("differential-v2");
    }

    @Test
    void should_read_every_setting_when_environment_names_them() {
        // given
        Map<String, String> env = Map.ofEntries(
            Map.entry("DXGUARD_LLM_BASE_URL", "http://gpu-1:8000/v1"),
            Map.entry("DXGUARD_LLM_MODEL", "dxguard-dsr1-qwen7b-lora"),
            Map.entry("DXGUARD_LLM_API_KEY", "sk-secret-value"),
            Map.entry("DXGUARD_LLM_MODEL_ID", "deepseek-r1-distill-qwen-7b+lora-v1"),
            Map.entry("DXGUARD_LLM_TIMEOUT", "20s"),
            Map.entry("DXGUARD_LLM_MAX_RETRIES", "0"),
            Map.entry("DXGUARD_LLM_BUDGET", "250ms"),
            Map.entry("DXGUARD_LLM_CACHE_SIZE", "50"),
            Map.entry("DXGUARD_LLM_CACHE_TTL", "PT10M"),
            Map.entry("DXGUARD_LLM_BREAKER_FAILURES", "3"),
            Map.entry("DXGUARD_LLM_BREAKER_OPEN", "1m"),
            Map.entry("DXGUARD_LLM_RESPONSE_FORMAT", "json_object"),
            Map.entry("DXGUARD_LLM_STRICT_SCHEMA", "false"),
            Map.entry("DXGUARD_LLM_MAX_TOKENS", "2048"),
            Map.entry("DXGUARD_LLM_CONCURRENCY", "4"),
            Map.entry("DXGUARD_LLM_TEMPERATURE", "0.6"));

        // when
        ReasonerConfig c = ReasonerConfig.fromEnvironment(env);

        // then
        assertThat(c.hasModelServer()).isTrue();
        assertThat(c.baseUrl()).isEqualTo("http://gpu-1:8000/v1");
        assertThat(c.model()).isEqualTo("dxguard-dsr1-qwen7b-lora");
        assertThat(c.modelId()).isEqualTo("deepseek-r1-distill-qwen-7b+lora-v1");
        assertThat(c.apiKey()).isEqualTo("sk-secret-value");
        assertThat(c.timeout()).isEqualTo(Duration.ofSeconds(20));
        assertThat(c.maxRetries()).isZero();
        assertThat(c.budget()).isEqualTo(Duration.ofMillis(250));
        assertThat(c.cacheSize()).isEqualTo(50);
        assertThat(c.cacheTtl()).isEqualTo(Duration.ofMinutes(10));
        assertThat(c.breakerFailureThreshold()).isEqualTo(3);
        assertThat(c.breakerOpenDuration()).isEqualTo(Duration.ofMinutes(1));
        assertThat(c.responseFormat()).isEqualTo(ReasonerConfig.ResponseFormatMode.JSON_OBJECT);
        assertThat(c.strictJsonSchema()).isFalse();
        assertThat(c.maxOutputTokens()).isEqualTo(2048);
        assertThat(c.maxConcurrentCalls()).isEqualTo(4);
        assertThat(c.temperature()).isEqualTo(0.6);
        assertThat(c.toString()).doesNotContain("sk-secret-value").contains("apiKey=***");
    }

    @Test
    void should_default_model_id_to_model_name_when_no_model_id_is_set() {
        ReasonerConfig c = ReasonerConfig.builder().baseUrl("http://localhost:11434/v1").model("deepseek-r1:7b").build();
        assertThat(c.modelId()).isEqualTo("deepseek-r1:7b");
    }

    @Test
    void should_fail_with_config_code_when_base_url_has_no_model() {
        assertThatThrownBy(() -> ReasonerConfig.fromEnvironment(Map.of("DXGUARD_LLM_BASE_URL", "http://gpu:8000/v1")))
            .isInstanceOf(DxGuardException.class)
            .hasMessageStartingWith("DXG-0401")
            .hasMessageContaining("DXGUARD_LLM_MODEL");
    }

    @Test
    void should_ask_for_chinese_answers_when_the_language_is_zh() {
        // when
        ReasonerConfig zh = ReasonerConfig.fromEnvironment(Map.of("DXGUARD_LLM_LANGUAGE", "zh"));
        ReasonerConfig alias = ReasonerConfig.fromEnvironment(Map.of("DXGUARD_LLM_LANGUAGE", "zh-CN"));
        ReasonerConfig dflt = ReasonerConfig.fromEnvironment(Map.of());

        // then
        assertThat(zh.answerLanguage()).isEqualTo("zh");
        assertThat(alias.answerLanguage()).isEqualTo("zh");
        assertThat(dflt.answerLanguage()).isEqualTo("en");
        assertThatThrownBy(() -> ReasonerConfig.fromEnvironment(Map.of("DXGUARD_LLM_LANGUAGE", "fr")))
            .hasMessageStartingWith("DXG-0401").hasMessageContaining("DXGUARD_LLM_LANGUAGE");
    }

    @Test
    void should_fail_with_config_code_when_a_value_is_malformed() {
        assertThatThrownBy(() -> ReasonerConfig.fromEnvironment(Map.of("DXGUARD_LLM_BUDGET", "soon")))
            .hasMessageStartingWith("DXG-0401").hasMessageContaining("DXGUARD_LLM_BUDGET");
        assertThatThrownBy(() -> ReasonerConfig.fromEnvironment(Map.of("DXGUARD_LLM_BASE_URL", "gpu:8000",
            "DXGUARD_LLM_MODEL", "m"))).hasMessageStartingWith("DXG-0401");
        assertThatThrownBy(() -> ReasonerConfig.fromEnvironment(Map.of("DXGUARD_LLM_RESPONSE_FORMAT", "xml")))
            .hasMessageStartingWith("DXG-0401");
        assertThatThrownBy(() -> ReasonerConfig.builder().budget(Duration.ZERO).build())
            .hasMessageStartingWith("DXG-0401");
    }

    @Test
    void should_create_evidence_only_explainer_when_no_base_url_is_set_and_the_embedded_model_is_off() {
        // when
        try (Explainer explainer = Explainers.create(ReasonerConfig.fromEnvironment(
            Map.of("DXGUARD_LLM_EMBEDDED", "off")))) {
            // then
            assertThat(explainer.modelId()).isEqualTo("dxguard-evidence-only");
        }
    }

    @Test
    void should_create_model_explainer_when_base_url_is_set() {
        // given
        ReasonerConfig c = ReasonerConfig.fromEnvironment(Map.of("DXGUARD_LLM_BASE_URL", "http://127.0.0.1:9/v1",
            "DXGUARD_LLM_MODEL", "deepseek-r1-distill-qwen-7b"));

        // when
        try (Explainer explainer = Explainers.create(c)) {
            // then
            assertThat(explainer.modelId()).isEqualTo("deepseek-r1-distill-qwen-7b");
        }
    }

    @Test
    void should_read_the_embedded_switch_when_set_and_reject_other_values() {
        // then
        assertThat(ReasonerConfig.fromEnvironment(Map.of()).embeddedModel()).isTrue();
        assertThat(ReasonerConfig.fromEnvironment(Map.of("DXGUARD_LLM_EMBEDDED", "off")).embeddedModel()).isFalse();
        assertThat(ReasonerConfig.fromEnvironment(Map.of("DXGUARD_LLM_EMBEDDED", "ON")).embeddedModel()).isTrue();
        assertThat(ReasonerConfig.fromEnvironment(Map.of("DXGUARD_LLM_EMBEDDED_THREADS", "3")).embeddedThreads())
            .isEqualTo(3);
        assertThatThrownBy(() -> ReasonerConfig.fromEnvironment(Map.of("DXGUARD_LLM_EMBEDDED", "maybe")))
            .hasMessageStartingWith("DXG-0401").hasMessageContaining("DXGUARD_LLM_EMBEDDED");
    }
}
