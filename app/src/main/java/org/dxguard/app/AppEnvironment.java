package org.dxguard.app;

import java.util.Map;
import java.util.TreeMap;

/**
 * The one place dxguard reads its process environment: the {@code DXGUARD_*} variables, read once when the command
 * line starts. Flags take their defaults from the same variables through picocli's {@code ${env:...}}; the variables
 * without a flag ({@code DXGUARD_NEO4J_*}, {@code DXGUARD_LLM_*}) reach the service and the graph from here. The
 * libraries below (service, graph, reasoner, guideline loader) never read the environment themselves.
 */
final class AppEnvironment {
    private static final String PREFIX = "DXGUARD_";
    private static final Map<String, String> VARIABLES = read(System.getenv());

    private AppEnvironment() {}

    /** The {@code DXGUARD_*} variables of this process, as read at start. */
    static Map<String, String> variables() {
        return VARIABLES;
    }

    /** The {@code DXGUARD_*} entries of {@code env}, sorted. */
    static Map<String, String> read(Map<String, String> env) {
        Map<String, String> out = new TreeMap<>();
        env.forEach((k, v) -> {
            if (k.startsWith(PREFIX) && v != null) {
                out.put(k, v);
            }
        });
        return Map.copyOf(out);
    }
}
