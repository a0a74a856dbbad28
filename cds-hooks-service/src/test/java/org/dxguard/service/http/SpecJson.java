package org.dxguard.service.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/** The spec's JSON rule: no null and no empty string, array or object, except {@code cards: []}. */
final class SpecJson {
    private SpecJson() {}

    static void assertNoNullOrEmpty(JsonNode response) {
        walk(response, "");
    }

    private static void walk(JsonNode node, String path) {
        assertThat(node.isNull()).as("null at %s", path).isFalse();
        if (node.isTextual()) {
            assertThat(node.asText()).as("empty string at %s", path).isNotEmpty();
        } else if (node.isArray()) {
            if (!path.equals("/cards")) {
                assertThat(node.size()).as("empty array at %s", path).isPositive();
            }
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), path + "/" + i);
            }
        } else if (node.isObject()) {
            assertThat(node.size()).as("empty object at %s", path).isPositive();
            for (var it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                walk(e.getValue(), path + "/" + e.getKey());
            }
        }
    }
}
