package org.dxguard.reasoner.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/**
 * Narrows the explanation schema to what the shipped model was trained to write, before it becomes a grammar:
 * <ul>
 *   <li>{@code medications} must be an empty list: the training targets never suggest a medication (the model's
 *   knowledge is the graph's evidence, not pharmacology), so anything it wrote there would be invented;</li>
 *   <li>every candidate object may end with {@code guidelineExcerptIds} (a list of strings), as the training targets
 *   do, when the schema does not list it yet (the answer parser ignores properties it does not know).</li>
 * </ul>
 * Without this, the grammar rejects the model's trained continuation after {@code nextSteps} and the best allowed
 * token leads it into a medication object it has never seen, which it fills with nonsense.
 */
final class TinyModelSchema {
    static final String MEDICATIONS = "medications";
    static final String EXCERPT_IDS = "guidelineExcerptIds";

    private TinyModelSchema() {}

    /** The schema (a JSON schema tree, changed in place) with every object holding {@code medications} narrowed. */
    static JsonNode narrow(JsonNode schema) {
        if (schema instanceof ObjectNode o) {
            JsonNode props = o.get("properties");
            if (props instanceof ObjectNode p && p.has(MEDICATIONS)) {
                ObjectNode empty = p.objectNode();
                empty.putArray("const");     // exactly [] (llama.cpp b4916 turns "maxItems": 0 into "at most one")
                p.set(MEDICATIONS, empty);
                if (!p.has(EXCERPT_IDS)) {
                    ObjectNode ids = p.putObject(EXCERPT_IDS);
                    ids.put("type", "array");
                    ids.putObject("items").put("type", "string");
                    JsonNode required = o.get("required");
                    if (required instanceof ArrayNode r) {
                        r.add(EXCERPT_IDS);
                    }
                }
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
                narrow(it.next().getValue());
            }
        } else if (schema instanceof ArrayNode a) {
            a.forEach(TinyModelSchema::narrow);
        }
        return schema;
    }
}
