package org.dxguard.service.observability;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A parser for the Prometheus text exposition format (0.0.4), enough to check samples in tests. */
public final class PrometheusText {
    public record Sample(String name, Map<String, String> labels, double value) {}

    private final List<Sample> samples;
    private final Map<String, String> types;

    private PrometheusText(List<Sample> samples, Map<String, String> types) {
        this.samples = samples;
        this.types = types;
    }

    /** Parses every sample and {@code # TYPE} line; throws on a line that is neither. */
    public static PrometheusText parse(String text) {
        List<Sample> samples = new ArrayList<>();
        Map<String, String> types = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            if (line.startsWith("# TYPE ")) {
                String[] p = line.substring(7).split(" ");
                types.put(p[0], p[1]);
                continue;
            }
            if (line.startsWith("#")) {
                continue;
            }
            int brace = line.indexOf('{');
            int space = line.lastIndexOf(' ');
            Map<String, String> labels = new LinkedHashMap<>();
            String name;
            if (brace >= 0 && brace < space) {
                name = line.substring(0, brace);
                int close = line.lastIndexOf('}');
                parseLabels(line.substring(brace + 1, close), labels);
            } else {
                name = line.substring(0, line.indexOf(' '));
            }
            String value = line.substring(space + 1);
            samples.add(new Sample(name, labels, value.equals("+Inf") ? Double.POSITIVE_INFINITY
                : value.equals("NaN") ? Double.NaN : Double.parseDouble(value)));
        }
        return new PrometheusText(samples, types);
    }

    private static void parseLabels(String s, Map<String, String> out) {
        int i = 0;
        while (i < s.length()) {
            int eq = s.indexOf('=', i);
            String key = s.substring(i, eq).trim();
            int start = eq + 2; // after ="
            StringBuilder v = new StringBuilder();
            int j = start;
            while (s.charAt(j) != '"') {
                if (s.charAt(j) == '\\') {
                    j++;
                }
                v.append(s.charAt(j));
                j++;
            }
            out.put(key, v.toString());
            i = j + 1;
            if (i < s.length() && s.charAt(i) == ',') {
                i++;
            }
        }
    }

    /** The sum of the samples called {@code name} whose labels include {@code labels}; 0 when there is none. */
    public double value(String name, Map<String, String> labels) {
        return samples.stream().filter(s -> s.name().equals(name))
            .filter(s -> s.labels().entrySet().containsAll(labels.entrySet()))
            .mapToDouble(Sample::value).sum();
    }

    public boolean has(String name) {
        return samples.stream().anyMatch(s -> s.name().equals(name));
    }

    public String type(String family) {
        return types.get(family);
    }

    public List<Sample> samples() {
        return samples;
    }
}
