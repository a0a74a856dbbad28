package org.dxguard.graph.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Lay-language synonyms for DDXPlus evidences (DDXPlus gives only questions), shipped as
 * {@code ddxplus-synonyms.tsv}: {@code E_xx<TAB>synonym|synonym|…}. Used by the free-text finding matcher.
 */
final class DdxplusSynonyms {
    private static final Map<String, List<String>> TABLE = load();

    private DdxplusSynonyms() {}

    static List<String> of(String evidence) {
        return TABLE.getOrDefault(evidence, List.of());
    }

    private static Map<String, List<String>> load() {
        Map<String, List<String>> m = new HashMap<>();
        try (InputStream in = DdxplusSynonyms.class.getResourceAsStream("/org/dxguard/graph/ddxplus-synonyms.tsv")) {
            if (in == null) {
                return m;
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] parts = line.split("\t", 2);
                List<String> syn = new ArrayList<>();
                for (String s : parts[1].split("\\|")) {
                    if (!s.isBlank()) {
                        syn.add(s.trim());
                    }
                }
                m.put(parts[0].trim(), List.copyOf(syn));
            }
            return m;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
