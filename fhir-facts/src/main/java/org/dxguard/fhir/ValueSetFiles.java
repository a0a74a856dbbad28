package org.dxguard.fhir;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The value sets the mapping reads from {@code guidelines/terminology} (copied into this module at build time, see
 * the pom): CSV with a header row, {@code #} comment lines, double-quoted fields allowed. Package-private.
 */
final class ValueSetFiles {
    private ValueSetFiles() {}

    /** The rows of {@code valuesets/<name>} as column → value (blank → absent); fails when the file is missing. */
    static List<Map<String, String>> rows(String name) {
        try (InputStream in = ValueSetFiles.class.getResourceAsStream("valuesets/" + name)) {
            if (in == null) {
                throw new IllegalStateException("value set " + name + " is missing from fhir-facts' classpath "
                    + "(copied from guidelines/terminology at build time)");
            }
            List<Map<String, String>> out = new ArrayList<>();
            List<String> header = null;
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\r?\n")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                List<String> fields = split(line);
                if (header == null) {
                    header = fields;
                    continue;
                }
                Map<String, String> row = new HashMap<>();
                for (int i = 0; i < Math.min(header.size(), fields.size()); i++) {
                    if (!fields.get(i).isBlank()) {
                        row.put(header.get(i), fields.get(i).strip());
                    }
                }
                out.add(row);
            }
            return List.copyOf(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                if (quoted && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else {
                    quoted = !quoted;
                }
            } else if (c == ',' && !quoted) {
                out.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        out.add(field.toString());
        return out;
    }
}
