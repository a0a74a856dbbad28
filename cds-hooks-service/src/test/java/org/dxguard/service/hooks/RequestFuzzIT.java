package org.dxguard.service.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.dxguard.service.Fixtures;
import org.dxguard.service.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Seeded structure-aware fuzzing of hook calls through the real parse → prefetch → FHIR mapping → rules path:
 * whatever the body, the answer is 200, 400 or 412 with a JSON body, never a server error. (Found: HAPI's parser
 * throwing NullPointerException on a Bundle entry with an empty resource, now a 400.)
 */
class RequestFuzzIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** 2000 in every build; {@code -Ddxguard.fuzz.cases=10000} for the long run. */
    private static final int CASES = Integer.getInteger("dxguard.fuzz.cases", 2000);
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(org.dxguard.service.ServiceConfig.builder().graphEnabled(false).auditFsync(false));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void should_never_answer_a_server_error_when_bodies_are_mutated() throws Exception {
        // given
        Random random = new Random(20261129L);
        JsonNode seed = JSON.readTree(Fixtures.bytes("cdshooks/sandbox-order-sign-metformin-egfr25.json"));
        CdsHooksApi api = server.server().api();
        Map<Integer, Integer> statuses = new TreeMap<>();
        List<String> failures = new ArrayList<>();

        for (int i = 0; i < CASES; i++) {
            byte[] body = mutate(seed, random);
            // when
            ApiResult result;
            try {
                result = api.call("dxguard-medication-sign", body, "fuzz");
            } catch (RuntimeException e) {
                failures.add("case " + i + " threw " + e + " at " + java.util.Arrays.stream(e.getStackTrace())
                    .limit(8).map(StackTraceElement::toString).toList());
                continue;
            }
            // then
            statuses.merge(result.status(), 1, Integer::sum);
            if (result.status() >= 500) {
                failures.add("case " + i + " → " + result.status() + ": "
                    + new String(body, StandardCharsets.UTF_8).substring(0, Math.min(300, body.length)));
            }
        }
        org.slf4j.LoggerFactory.getLogger(RequestFuzzIT.class).info("{} fuzzed calls, statuses {}", CASES, statuses);
        assertThat(failures).isEmpty();
        assertThat(statuses).containsKeys(200, 400);
    }

    private static byte[] mutate(JsonNode seed, Random random) {
        int kind = random.nextInt(10);
        byte[] original = seed.toString().replace("__RECENT__", "2026-10-01T00:00:00Z").getBytes(StandardCharsets.UTF_8);
        switch (kind) {
            case 0 -> {
                byte[] b = original.clone();
                for (int n = 0; n < 1 + random.nextInt(8); n++) {
                    b[random.nextInt(b.length)] = (byte) random.nextInt(256);
                }
                return b;
            }
            case 1 -> {
                return java.util.Arrays.copyOf(original, random.nextInt(original.length));
            }
            default -> {
                JsonNode copy = JSON.valueToTree(JSON.convertValue(seed.toString()
                    .replace("__RECENT__", "2026-10-01T00:00:00Z"), String.class));
                JsonNode tree;
                try {
                    tree = JSON.readTree(copy.asText());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                for (int n = 0; n < 1 + random.nextInt(4); n++) {
                    mutateNode(tree, random);
                }
                return tree.toString().getBytes(StandardCharsets.UTF_8);
            }
        }
    }

    private static final JsonNode[] REPLACEMENTS = {
        JsonNodeFactory.instance.nullNode(), JsonNodeFactory.instance.textNode(""),
        JsonNodeFactory.instance.textNode("x".repeat(300)), JsonNodeFactory.instance.numberNode(-1),
        JsonNodeFactory.instance.numberNode(1e308), JsonNodeFactory.instance.numberNode(0),
        JsonNodeFactory.instance.booleanNode(true), JsonNodeFactory.instance.arrayNode(),
        JsonNodeFactory.instance.objectNode(), JsonNodeFactory.instance.textNode("2026-13-45"),
        JsonNodeFactory.instance.textNode("Patient/../../etc"), JsonNodeFactory.instance.textNode("\u0000\u202e"),
    };

    private static void mutateNode(JsonNode root, Random random) {
        List<JsonNode> containers = new ArrayList<>();
        collect(root, containers);
        JsonNode target = containers.get(random.nextInt(containers.size()));
        JsonNode replacement = REPLACEMENTS[random.nextInt(REPLACEMENTS.length)];
        if (target instanceof ObjectNode obj && obj.size() > 0) {
            List<String> names = new ArrayList<>();
            obj.fieldNames().forEachRemaining(names::add);
            String name = names.get(random.nextInt(names.size()));
            if (random.nextInt(4) == 0) {
                obj.remove(name);
            } else {
                obj.set(name, replacement.deepCopy());
            }
        } else if (target instanceof ArrayNode arr && arr.size() > 0) {
            int idx = random.nextInt(arr.size());
            if (random.nextBoolean()) {
                arr.set(idx, replacement.deepCopy());
            } else {
                arr.add(arr.get(idx).deepCopy());
            }
        }
    }

    private static void collect(JsonNode node, List<JsonNode> out) {
        if (node.isContainerNode()) {
            out.add(node);
            for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
                collect(it.next(), out);
            }
        }
    }
}
