package org.dxguard.safety;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dxguard.model.DxGuardException;

/**
 * Turns each violating case into variants that must be vetoed just the same, to probe the veto's recall:
 * {@code brand} (generic names → brand names), {@code units} (mg → g), {@code number-words} (1500 → "one thousand
 * five hundred"), {@code reorder} (sentences in reverse order), {@code chinese} (drug names and common wording in
 * Chinese), {@code buried} (inside long neutral prose), {@code split-fields} (drug and dose in different fields or
 * sentences). A mutation that does not change a case is skipped. Safe cases are not mutated.
 */
public final class MutationGenerator {
    public static final List<String> MUTATIONS =
        List.of("brand", "units", "number-words", "reorder", "chinese", "buried", "split-fields");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> KEEP_FIELDS = Set.of("citedEvidenceIds", "action", "diagnosis");
    private static final Pattern MG = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*mg\\b");
    private static final Pattern DOSE_NUMBER = Pattern.compile("(?<![\\d.])(\\d{1,4})(\\s*(?:mg|milligrams?|units?|g)\\b)(?!\\s*/)");
    private static final String FILLER = "The history was reviewed together with the recent notes and the medication list. "
        + "Social circumstances, diet and activity were discussed at the last visit and remain unchanged. "
        + "Adherence has been reported as good and no new symptoms were mentioned by the family. "
        + "Follow-up in clinic is planned as usual, with the usual monitoring. "
        + "The remainder of the review of systems was unremarkable and the patient feels well overall. ";
    private static final Map<String, String> ZH_PHRASES = new LinkedHashMap<>();

    static {
        ZH_PHRASES.put("twice daily", "每日两次");
        ZH_PHRASES.put("twice a day", "每日两次");
        ZH_PHRASES.put("three times daily", "每日三次");
        ZH_PHRASES.put("once daily", "每日一次");
        ZH_PHRASES.put("once weekly", "每周一次");
        ZH_PHRASES.put("daily", "每日");
        ZH_PHRASES.put("bid", "每日两次");
        ZH_PHRASES.put("Recommend starting", "建议开始使用");
        ZH_PHRASES.put("recommend starting", "建议开始使用");
        ZH_PHRASES.put("Recommend", "建议");
        ZH_PHRASES.put("recommend", "建议");
        ZH_PHRASES.put("Start", "开始使用");
        ZH_PHRASES.put("start", "开始使用");
        ZH_PHRASES.put("Add", "加用");
        ZH_PHRASES.put("add", "加用");
        ZH_PHRASES.put("Increase", "增加");
        ZH_PHRASES.put("increase", "增加");
        ZH_PHRASES.put("Continue", "继续");
        ZH_PHRASES.put("immediately", "立即");
        ZH_PHRASES.put("units", "单位");
        ZH_PHRASES.put("mg", "毫克");
    }

    private final Map<String, String> brand;
    private final Map<String, String> chinese;
    private final List<String> ingredientsLongestFirst;

    private MutationGenerator(Map<String, String> brand, Map<String, String> chinese) {
        this.brand = brand;
        this.chinese = chinese;
        List<String> names = new ArrayList<>(brand.keySet());
        chinese.keySet().stream().filter(k -> !names.contains(k)).forEach(names::add);
        names.sort(Comparator.comparingInt(String::length).reversed());
        this.ingredientsLongestFirst = List.copyOf(names);
    }

    /** Over the claim extractor's synonym table (the first brand and the first Chinese name of each ingredient). */
    public static MutationGenerator standard() {
        Map<String, String> brand = new LinkedHashMap<>();
        Map<String, String> zh = new LinkedHashMap<>();
        try (InputStream in = MutationGenerator.class.getResourceAsStream("/reasoner/claims/drug-synonyms.csv")) {
            if (in == null) {
                throw new DxGuardException(SafetyErrors.SUITE_INVALID, "drug-synonyms.csv is missing from the classpath");
            }
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\\R")) {
                String[] c = line.split(",", -1);
                if (line.startsWith("#") || c.length < 3 || c[0].equals("synonym")) {
                    continue;
                }
                String ing = c[1].strip();
                if (c[2].strip().equals("brand") && !ing.equals("insulin")) {
                    brand.putIfAbsent(ing, c[0].strip());
                } else if (c[2].strip().equals("zh")) {
                    zh.putIfAbsent(ing, c[0].strip());
                }
            }
        } catch (IOException e) {
            throw new DxGuardException(SafetyErrors.SUITE_INVALID, "cannot read drug-synonyms.csv: " + e, e);
        }
        return new MutationGenerator(brand, zh);
    }

    /**
     * Every applicable variant of a violating case; none for a safe case, and none for a case scored per unit (its
     * unsafe units are named by their verbatim text, which a variant would no longer contain).
     */
    public List<SafetyCase> mutate(SafetyCase c) {
        if (c.expectAllowed() || c.unitScored()) {
            return List.of();
        }
        List<SafetyCase> out = new ArrayList<>();
        for (String m : MUTATIONS) {
            String v = apply(m, c.output());
            if (v != null && !v.equals(c.output())) {
                out.add(c.mutated(m, v));
            }
        }
        return out;
    }

    /** The cases followed by all their variants. */
    public List<SafetyCase> withMutations(List<SafetyCase> cases) {
        List<SafetyCase> out = new ArrayList<>(cases);
        // an answer case judges one sentence by its index: a mutation that moves or splits sentences would judge
        // another one, so answer cases run as written
        cases.stream().filter(c -> !c.answerCase()).forEach(c -> out.addAll(mutate(c)));
        return out;
    }

    String apply(String mutation, String output) {
        return switch (mutation) {
            case "brand" -> strings(output, this::brandNames);
            case "units" -> units(output);
            case "number-words" -> numberWords(output);
            case "reorder" -> strings(output, MutationGenerator::reverseSentences);
            case "chinese" -> strings(output, this::toChinese);
            case "buried" -> buried(output);
            case "split-fields" -> split(output);
            default -> throw new IllegalArgumentException("unknown mutation " + mutation);
        };
    }

    // ---------------------------------------------------------------- the mutations

    private String brandNames(String s) {
        String out = s;
        for (String ing : ingredientsLongestFirst) {
            String b = brand.get(ing);
            if (b != null) {
                out = Pattern.compile("(?i)(?<![A-Za-z])" + Pattern.quote(ing) + "(?![A-Za-z])").matcher(out)
                    .replaceAll(Matcher.quoteReplacement(b));
            }
        }
        return out;
    }

    private String toChinese(String s) {
        String out = s;
        for (String ing : ingredientsLongestFirst) {
            String z = chinese.get(ing);
            if (z != null) {
                out = Pattern.compile("(?i)(?<![A-Za-z])" + Pattern.quote(ing) + "(?![A-Za-z])").matcher(out)
                    .replaceAll(Matcher.quoteReplacement(z));
            }
        }
        for (Map.Entry<String, String> e : ZH_PHRASES.entrySet()) {
            out = Pattern.compile("(?<![A-Za-z])" + Pattern.quote(e.getKey()) + "(?![A-Za-z])").matcher(out)
                .replaceAll(Matcher.quoteReplacement(e.getValue()));
        }
        return out.equals(s) ? s : out.replace(". ", "。").replace("; ", "；");
    }

    private static String reverseSentences(String s) {
        List<String> parts = new ArrayList<>(org.dxguard.reasoner.claims.Sentences.split(s));
        if (parts.size() < 2) {
            return s;
        }
        Collections.reverse(parts);
        return String.join(" ", parts.stream().map(p -> p.matches(".*[.!?。！？；;]$") ? p : p + ".").toList());
    }

    private static String units(String output) {
        JsonNode root = tree(output);
        if (root != null) {
            boolean changed = false;
            for (JsonNode m : medications(root)) {
                ObjectNode o = (ObjectNode) m;
                if ("mg".equalsIgnoreCase(o.path("doseUnit").asText()) && o.path("doseAmount").isNumber()
                    && o.get("doseAmount").asDouble() >= 100) {
                    o.put("doseAmount", o.get("doseAmount").asDouble() / 1000.0);
                    o.put("doseUnit", "g");
                    changed = true;
                }
            }
            String mapped = mapStrings(root, MutationGenerator::mgToG);
            return changed || !mapped.equals(write(tree(output))) ? mapped : output;
        }
        return mgToG(output);
    }

    private static String mgToG(String s) {
        Matcher m = MG.matcher(s);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            double v = Double.parseDouble(m.group(1));
            String rep = v >= 100 ? trim(v / 1000.0) + " g" : m.group();
            m.appendReplacement(b, Matcher.quoteReplacement(rep));
        }
        m.appendTail(b);
        return b.toString();
    }

    private static String numberWords(String output) {
        JsonNode root = tree(output);
        if (root != null) {
            for (JsonNode m : medications(root)) {
                ObjectNode o = (ObjectNode) m;
                JsonNode a = o.get("doseAmount");
                if (a != null && a.isNumber() && a.asDouble() == Math.rint(a.asDouble()) && a.asDouble() >= 1) {
                    String unit = o.path("doseUnit").asText("mg");
                    String freq = o.path("frequency").isTextual() ? " " + o.get("frequency").asText() : "";
                    o.putNull("doseAmount");
                    o.putNull("doseUnit");
                    o.put("frequency", words(a.asLong()) + " " + unit + freq);
                }
            }
            return mapStrings(root, MutationGenerator::digitsToWords);
        }
        return digitsToWords(output);
    }

    private static String digitsToWords(String s) {
        Matcher m = DOSE_NUMBER.matcher(s);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(b, Matcher.quoteReplacement(words(Long.parseLong(m.group(1))) + m.group(2)));
        }
        m.appendTail(b);
        return b.toString();
    }

    private static String buried(String output) {
        JsonNode root = tree(output);
        if (root != null) {
            ObjectNode o = (ObjectNode) root;
            o.put("summary", FILLER + FILLER + o.path("summary").asText("") + " " + FILLER);
            for (JsonNode c : o.path("candidates")) {
                ((ObjectNode) c).put("rationale", FILLER + c.path("rationale").asText("") + " " + FILLER + FILLER);
            }
            return write(o);
        }
        return FILLER + FILLER + FILLER + "\n" + output + "\n" + FILLER + FILLER;
    }

    private static String split(String output) {
        JsonNode root = tree(output);
        if (root != null) {
            boolean changed = false;
            for (JsonNode c : root.path("candidates")) {
                ObjectNode co = (ObjectNode) c;
                ArrayNode meds = co.withArray("medications");
                ArrayNode steps = co.withArray("nextSteps");
                for (int i = meds.size() - 1; i >= 0; i--) {
                    JsonNode m = meds.get(i);
                    if (!m.path("doseAmount").isNumber() || "stop".equals(m.path("action").asText())) {
                        continue;
                    }
                    String verb = switch (m.path("action").asText("start")) {
                        case "change" -> "Increase";
                        case "continue" -> "Continue";
                        default -> "Start";
                    };
                    steps.add(verb + " " + m.path("drug").asText() + ".");
                    steps.add("Dose: " + trim(m.get("doseAmount").asDouble()) + " " + m.path("doseUnit").asText("mg")
                        + (m.path("frequency").isTextual() ? " " + m.get("frequency").asText() : "") + ".");
                    meds.remove(i);
                    changed = true;
                }
            }
            return changed ? write(root) : output;
        }
        Matcher m = DOSE_NUMBER.matcher(output);
        if (!m.find()) {
            return output;
        }
        int cut = m.start();
        return output.substring(0, cut).stripTrailing() + ".\nThe dose: " + output.substring(cut);
    }

    // ---------------------------------------------------------------- helpers

    private static String strings(String output, UnaryOperator<String> f) {
        JsonNode root = tree(output);
        return root == null ? f.apply(output) : mapStrings(root, f);
    }

    private static String mapStrings(JsonNode root, UnaryOperator<String> f) {
        map(root, f);
        return write(root);
    }

    private static void map(JsonNode n, UnaryOperator<String> f) {
        if (n instanceof ObjectNode o) {
            List<String> names = new ArrayList<>();
            o.fieldNames().forEachRemaining(names::add);
            for (String k : names) {
                JsonNode v = o.get(k);
                if (KEEP_FIELDS.contains(k)) {
                    continue;
                }
                if (v.isTextual()) {
                    o.set(k, TextNode.valueOf(f.apply(v.asText())));
                } else {
                    map(v, f);
                }
            }
        } else if (n instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                if (a.get(i).isTextual()) {
                    a.set(i, TextNode.valueOf(f.apply(a.get(i).asText())));
                } else {
                    map(a.get(i), f);
                }
            }
        }
    }

    private static List<JsonNode> medications(JsonNode root) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode c : root.path("candidates")) {
            c.path("medications").forEach(out::add);
        }
        return out;
    }

    private static JsonNode tree(String output) {
        String s = output.strip();
        if (!s.startsWith("{")) {
            return null;
        }
        try {
            JsonNode n = JSON.readTree(s);
            return n != null && n.isObject() && n.has("candidates") ? n : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static String write(JsonNode n) {
        try {
            return JSON.writeValueAsString(n);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String trim(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }

    private static final String[] ONES = {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
        "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"};
    private static final String[] TENS = {"", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"};

    /** English words for 0..9999. */
    static String words(long n) {
        if (n < 20) {
            return ONES[(int) n];
        }
        if (n < 100) {
            return TENS[(int) (n / 10)] + (n % 10 == 0 ? "" : "-" + ONES[(int) (n % 10)]);
        }
        if (n < 1000) {
            return ONES[(int) (n / 100)] + " hundred" + (n % 100 == 0 ? "" : " " + words(n % 100));
        }
        return words(n / 1000) + " thousand" + (n % 1000 == 0 ? "" : " " + words(n % 1000));
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
