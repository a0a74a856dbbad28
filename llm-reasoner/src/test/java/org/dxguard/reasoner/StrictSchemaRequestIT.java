package org.dxguard.reasoner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dxguard.reasoner.ReplayModelServer.Reply;
import org.junit.jupiter.api.Test;

/**
 * What langchain4j's {@code OpenAiChatModel} actually sends as the strict JSON schema, captured at a local
 * OpenAI-compatible server, checked against what vLLM (>= 0.12, structured outputs through {@code response_format}
 * json_schema) accepts: the {@code response_format} field (not the removed {@code guided_json}), only JSON-schema
 * keywords vLLM's grammar backends support, closed objects, nullable types only for the dose fields (sent as
 * {@code ["number","null"]} / {@code ["string","null"]} type unions), and {@code guidelineExcerptIds} as the last
 * property of each candidate. The captured body is written to {@code target/vllm/request.json} (see
 * llm-reasoner/fine-tune/README.md).
 */
class StrictSchemaRequestIT {
    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    /** JSON-schema keywords that vLLM's structured-output backends (xgrammar, guidance) accept for this schema. */
    private static final Set<String> SUPPORTED = Set.of("type", "properties", "required", "additionalProperties",
        "items", "enum", "description");
    private static final Set<String> TYPES = Set.of("object", "array", "string", "number", "integer", "boolean", "null");

    @Test
    void should_send_a_strict_schema_that_vllm_accepts_when_the_real_client_calls() throws Exception {
        // given the real client against a local server
        try (ReplayModelServer server = new ReplayModelServer();
             Explainer explainer = Explainers.openAiCompatible(ReasonerConfig.builder().baseUrl(server.baseUrl())
                 .model("dxguard").maxRetries(0).timeout(Duration.ofSeconds(10)).build())) {

            // when
            explainer.explain("schema-1", ReasonerFixtures.dkdPatient(), ReasonerFixtures.candidates(),
                Duration.ofSeconds(20));

            // then the request carries response_format json_schema and none of the removed guided_* fields
            JsonNode request = JSON.readTree(server.requests().get(0));
            Path out = Path.of("target", "vllm", "request.json");
            Files.createDirectories(out.getParent());
            Files.writeString(out, JSON.writeValueAsString(request));
            assertThat(request.has("guided_json")).isFalse();
            assertThat(request.has("guided_decoding_backend")).isFalse();
            assertThat(request.path("stream").asBoolean(false)).isFalse();
            JsonNode format = request.path("response_format");
            assertThat(format.path("type").asText()).isEqualTo("json_schema");
            assertThat(format.path("json_schema").path("strict").asBoolean()).isTrue();
            assertThat(format.path("json_schema").path("name").asText()).matches("[a-zA-Z0-9_-]{1,64}");
            JsonNode schema = format.path("json_schema").path("schema");

            // and the schema uses only supported keywords, closed objects, and nullable unions only for doses
            List<String> nullable = new ArrayList<>();
            walk(schema, "$", nullable);
            assertThat(nullable).containsExactlyInAnyOrder(
                "$.candidates[].medications[].doseAmount", "$.candidates[].medications[].doseUnit",
                "$.candidates[].medications[].frequency");
            JsonNode candidate = schema.path("properties").path("candidates").path("items");
            List<String> keys = new ArrayList<>();
            candidate.path("properties").fieldNames().forEachRemaining(keys::add);
            assertThat(keys).last().isEqualTo("guidelineExcerptIds");
            // and the schema the fine-tuning evaluation sends is exactly this one
            assertThat(JSON.readTree(Files.readString(Path.of("fine-tune", "schema.json")))).isEqualTo(schema);
        }
    }

    private static void walk(JsonNode node, String path, List<String> nullable) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            assertThat(SUPPORTED).as("keyword %s at %s", f.getKey(), path).contains(f.getKey());
        }
        JsonNode type = node.path("type");
        if (type.isArray()) {
            List<String> types = new ArrayList<>();
            type.forEach(t -> types.add(t.asText()));
            assertThat(TYPES).as("types at %s", path).containsAll(types);
            assertThat(types).as("a nullable union at %s", path).hasSize(2).contains("null");
            nullable.add(path);
        } else {
            assertThat(TYPES).as("type at %s", path).contains(type.asText());
        }
        if ("object".equals(type.asText())) {
            assertThat(node.path("additionalProperties").isBoolean() && !node.path("additionalProperties").asBoolean())
                .as("closed object at %s", path).isTrue();
            List<String> props = new ArrayList<>();
            node.path("properties").fieldNames().forEachRemaining(props::add);
            node.path("required").forEach(r -> assertThat(props).as("required at %s", path).contains(r.asText()));
            node.path("properties").fields().forEachRemaining(p -> walk(p.getValue(), path + "." + p.getKey(), nullable));
        }
        if (node.has("items")) {
            walk(node.get("items"), path + "[]", nullable);
        }
    }
}
