package org.dxguard.reasoner.training;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import org.dxguard.reasoner.Explanation;
import org.dxguard.reasoner.internal.ExplanationSchema;

/**
 * One training example: the chat messages (system, user = the rendered prompt, assistant = the target answer) and
 * the target as an {@link Explanation} with the case's real evidence ids (what the veto checks).
 *
 * @param source {@code synthea} or {@code ddxplus}
 */
public record TrainingExample(String id, String source, String promptVersion, String system, String user,
                              String assistant, Explanation explanation) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public TrainingExample {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(promptVersion, "promptVersion");
        Objects.requireNonNull(system, "system");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(assistant, "assistant");
        Objects.requireNonNull(explanation, "explanation");
    }

    /**
     * One JSONL line: {@code {"messages":[system,user,assistant],"meta":{"id","source","promptVersion","schema"}}}
     * (no trailing newline).
     */
    public String toJsonLine() {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode messages = root.putArray("messages");
        messages.addObject().put("role", "system").put("content", system);
        messages.addObject().put("role", "user").put("content", user);
        messages.addObject().put("role", "assistant").put("content", assistant);
        root.putObject("meta").put("id", id).put("source", source).put("promptVersion", promptVersion)
            .put("schema", ExplanationSchema.NAME);
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a training example as JSON", e);
        }
    }
}
