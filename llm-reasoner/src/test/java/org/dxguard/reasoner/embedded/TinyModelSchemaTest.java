package org.dxguard.reasoner.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.langchain4j.internal.JsonSchemaElementUtils;
import org.dxguard.reasoner.internal.ExplanationSchema;
import org.junit.jupiter.api.Test;

class TinyModelSchemaTest {
    private static final JsonMapper JSON = new JsonMapper();

    private static JsonNode explanationSchema() {
        return JSON.valueToTree(JsonSchemaElementUtils.toMap(ExplanationSchema.jsonSchema().rootElement(), true));
    }

    @Test
    void should_allow_only_empty_medications_and_a_trailing_excerpt_list_when_narrowing_the_explanation_schema() {
        // when
        JsonNode narrowed = TinyModelSchema.narrow(explanationSchema());

        // then
        JsonNode candidate = narrowed.at("/properties/candidates/items");
        assertThat(candidate.get("properties").fieldNames()).toIterable().containsExactly("diagnosis", "rationale",
            "citedEvidenceIds", "wouldConfirm", "wouldExclude", "nextSteps", "medications", "guidelineExcerptIds");
        assertThat(candidate.at("/properties/medications").toString()).isEqualTo("{\"const\":[]}");
        assertThat(candidate.at("/properties/guidelineExcerptIds/items/type").asText()).isEqualTo("string");
        assertThat(candidate.get("required")).extracting(JsonNode::asText).endsWith("guidelineExcerptIds");
        assertThat(narrowed.at("/properties/summary/type").asText()).isEqualTo("string");
    }

    @Test
    void should_keep_an_excerpt_list_the_schema_already_has_when_narrowing() {
        // given: the schema as it will be once retrieval adds the field
        JsonNode schema = explanationSchema();
        ((com.fasterxml.jackson.databind.node.ObjectNode) schema.at("/properties/candidates/items/properties"))
            .putObject("guidelineExcerptIds").put("type", "array").put("description", "from retrieval");

        // when
        JsonNode narrowed = TinyModelSchema.narrow(schema);

        // then
        assertThat(narrowed.at("/properties/candidates/items/properties/guidelineExcerptIds/description").asText())
            .isEqualTo("from retrieval");
    }
}
