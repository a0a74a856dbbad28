package org.dxguard.reasoner.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.internal.JsonSchemaElementUtils;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExplanationSchemaTest {

    @SuppressWarnings("unchecked")
    private static Map<String, Object> props(Map<String, Object> schema) {
        return (Map<String, Object>) schema.get("properties");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> items(Object arraySchema) {
        return (Map<String, Object>) ((Map<String, Object>) arraySchema).get("items");
    }

    @Test
    void should_send_non_nullable_types_except_dose_fields_when_schema_is_strict() {
        // when: the same conversion OpenAiChatModel applies with strictJsonSchema(true)
        Map<String, Object> root = JsonSchemaElementUtils.toMap(ExplanationSchema.root(), true);

        // then
        assertThat(root).containsEntry("additionalProperties", false);
        assertThat(((Map<String, Object>) props(root).get("summary")).get("type")).isEqualTo("string");
        Map<String, Object> candidate = items(props(root).get("candidates"));
        assertThat(candidate).containsEntry("additionalProperties", false);
        assertThat((java.util.List<String>) candidate.get("required")).containsExactlyInAnyOrder("diagnosis",
            "rationale", "citedEvidenceIds", "wouldConfirm", "wouldExclude", "nextSteps", "medications",
            "guidelineExcerptIds");
        // the small local model is trained on this key as the LAST property of each candidate
        assertThat(props(candidate).keySet()).last().isEqualTo("guidelineExcerptIds");
        assertThat(((Map<String, Object>) props(candidate).get("guidelineExcerptIds")).get("type")).isEqualTo("array");
        for (String field : new String[] {"diagnosis", "rationale"}) {
            assertThat(((Map<String, Object>) props(candidate).get(field)).get("type")).isEqualTo("string");
        }
        Map<String, Object> medication = items(props(candidate).get("medications"));
        assertThat(((Map<String, Object>) props(medication).get("drug")).get("type")).isEqualTo("string");
        assertThat((String[]) ((Map<String, Object>) props(medication).get("doseAmount")).get("type"))
            .containsExactly("number", "null");
        assertThat((String[]) ((Map<String, Object>) props(medication).get("doseUnit")).get("type"))
            .containsExactly("string", "null");
        assertThat(((Map<String, Object>) props(medication).get("action")).get("enum"))
            .isEqualTo(java.util.List.of("change", "continue", "start", "stop"));
    }
}
