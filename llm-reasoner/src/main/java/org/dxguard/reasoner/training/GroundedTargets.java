package org.dxguard.reasoner.training;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchemaElement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.dxguard.model.Candidate;
import org.dxguard.model.Code;
import org.dxguard.model.Evidence;
import org.dxguard.reasoner.CandidateExplanation;
import org.dxguard.reasoner.Explanation;
import org.dxguard.reasoner.internal.ExplanationSchema;
import org.dxguard.reasoner.internal.Scrubber;

/**
 * Grounded targets: an explanation written only from the ranked candidates and their evidence (rank, score,
 * severity, supporting findings cited by id, key findings not yet reported as what would confirm it and what to
 * assess or order next). No medication, no finding, value or diagnosis that is not in the candidates.
 */
final class GroundedTargets {
    static final int MAX_CITED = 4;
    static final int MAX_MISSING = 3;
    /**
     * Properties every candidate object of a target ends with when the explanation schema does not (yet) list them:
     * retrieval adds {@code guidelineExcerptIds}; targets carry it empty so the model learns the key.
     */
    static final List<String> TRAILING_EMPTY_LISTS = List.of("guidelineExcerptIds");
    private static final ObjectMapper JSON = new ObjectMapper();

    private GroundedTargets() {}

    /**
     * The explanation with evidence referenced through {@code ref} (identity for the real ids, the prompt's aliases
     * for the target text); empty when a candidate has neither supporting nor missing evidence to cite.
     */
    static Optional<Explanation> explanation(List<Candidate> ranked, UnaryOperator<String> ref) {
        return explanation(ranked, ref, "en");
    }

    /**
     * As {@link #explanation(List, UnaryOperator)}, written in {@code language}: {@code zh} gives the same facts in
     * Simplified Chinese sentences, the finding and diagnosis names as the knowledge graph has them (its terminology
     * displays; a Chinese name table for findings is not part of the graph).
     */
    static Optional<Explanation> explanation(List<Candidate> ranked, UnaryOperator<String> ref, String language) {
        Words words = "zh".equals(language) ? ZH : EN;
        List<CandidateExplanation> out = new ArrayList<>();
        int n = ranked.size();
        for (int i = 0; i < n; i++) {
            Candidate c = ranked.get(i);
            String name = Scrubber.scrub(c.name());
            List<Evidence> supporting = distinct(c.supporting()).stream().limit(MAX_CITED).toList();
            List<Evidence> missing = distinct(c.missing()).stream().limit(MAX_MISSING).toList();
            StringBuilder rationale = new StringBuilder(words.head(name, i + 1, n, c.score(), c.severity()));
            List<String> cited = new ArrayList<>();
            if (!supporting.isEmpty()) {
                List<String> parts = new ArrayList<>();
                for (Evidence e : supporting) {
                    String r = ref.apply(e.id());
                    parts.add(label(e) + " [" + r + "]");
                    cited.add(r);
                }
                rationale.append(words.supported(words.join(parts), supporting.size()));
                if (!missing.isEmpty()) {
                    rationale.append(words.notReported(words.join(missing.stream().map(GroundedTargets::label).toList())));
                }
            } else if (!missing.isEmpty()) {
                Evidence key = missing.get(0);
                String r = ref.apply(key.id());
                cited.add(r);
                rationale.append(words.keyMissing(label(key), r));
            } else {
                return Optional.empty();
            }
            List<String> confirm = missing.stream().map(GroundedTargets::label).toList();
            List<String> exclude = missing.isEmpty() ? List.of()
                : List.of(words.finish(words.exclude(label(missing.get(0)))));
            List<String> steps = missing.stream().map(words::nextStep).map(words::finish).toList();
            out.add(new CandidateExplanation(name, words.finish(rationale.toString()), cited, confirm, exclude, steps,
                List.of()));
        }
        Candidate top = ranked.get(0);
        String summary = n == 1 ? words.only(Scrubber.scrub(top.name()), top.score())
            : words.mostLikely(Scrubber.scrub(top.name()), top.score(),
                ranked.subList(1, Math.min(n, 3)).stream().map(c -> Scrubber.scrub(c.name())).toList());
        return Optional.of(new Explanation(out, words.finish(summary)));
    }

    /** The sentences of a target in one language; the facts, ids and names in them are the same in every language. */
    private interface Words {
        String head(String name, int rank, int of, double score, int severity);

        String supported(String joined, int count);

        String notReported(String joined);

        String keyMissing(String label, String ref);

        String exclude(String label);

        String nextStep(Evidence e);

        String only(String name, double score);

        String mostLikely(String name, double score, List<String> others);

        String join(List<String> parts);

        /** The text as written out (Chinese: a space between Han characters and a Latin word or number). */
        default String finish(String text) {
            return text;
        }
    }

    private static final Words EN = new Words() {
        public String head(String name, int rank, int of, double score, int severity) {
            return String.format(Locale.ROOT, "%s is ranked %d of %d (score %.2f, severity %d of 5)", name, rank, of,
                score, severity);
        }

        public String supported(String joined, int count) {
            return ": " + joined + (count == 1 ? " supports it." : " support it.");
        }

        public String notReported(String joined) {
            return " Not reported yet: " + joined + '.';
        }

        public String keyMissing(String label, String ref) {
            return " without supporting findings; its key finding " + label + " [" + ref + "] is not reported yet.";
        }

        public String exclude(String label) {
            return "no " + lower(label) + " on assessment";
        }

        /** A lab (LOINC) finding is ordered; anything else is assessed. */
        public String nextStep(Evidence e) {
            return (Code.LOINC.equals(e.finding().system()) ? "Order " : "Assess ") + lower(label(e));
        }

        public String only(String name, double score) {
            return String.format(Locale.ROOT, "%s is the only candidate (score %.2f).", name, score);
        }

        public String mostLikely(String name, double score, List<String> others) {
            return String.format(Locale.ROOT, "%s is the most likely candidate (score %.2f); %s %s also considered.",
                name, score, join(others), others.size() == 1 ? "is" : "are");
        }

        public String join(List<String> parts) {
            return joined(parts, ", ", " and ");
        }
    };

    /** Simplified Chinese: the same facts; names and labels as the graph has them. */
    private static final Words ZH = new Words() {
        public String head(String name, int rank, int of, double score, int severity) {
            return String.format(Locale.ROOT, "%s在%d个候选诊断中排第%d（评分%.2f，严重程度%d/5）", name, of, rank, score,
                severity);
        }

        public String supported(String joined, int count) {
            return "：支持它的发现有" + joined + "。";
        }

        public String notReported(String joined) {
            return "尚未记录：" + joined + "。";
        }

        public String keyMissing(String label, String ref) {
            return "，没有支持它的发现；其关键发现" + label + " [" + ref + "] 尚未记录。";
        }

        public String exclude(String label) {
            return "评估时无" + label;
        }

        /** A lab (LOINC) finding is ordered (检查); anything else is assessed (评估). */
        public String nextStep(Evidence e) {
            return (Code.LOINC.equals(e.finding().system()) ? "检查" : "评估") + label(e);
        }

        public String only(String name, double score) {
            return String.format(Locale.ROOT, "%s是唯一的候选诊断（评分%.2f）。", name, score);
        }

        public String mostLikely(String name, double score, List<String> others) {
            return String.format(Locale.ROOT, "%s是最可能的候选诊断（评分%.2f）；同时考虑%s。", name, score, join(others));
        }

        public String join(List<String> parts) {
            return joined(parts, "、", "和");
        }

        /**
         * "支持它的发现有 Fever [E1] 和 Cough [E2]": a Latin name glued to Han characters ("有Fever") reads as one word
         * to the veto's citation check (VETO-GRD-007), which then finds no cited finding in the text.
         */
        @Override
        public String finish(String text) {
            return HAN_LATIN.matcher(text).replaceAll(" ");
        }
    };

    private static final java.util.regex.Pattern HAN_LATIN = java.util.regex.Pattern.compile(
        "(?<=\\p{IsHan})(?=[A-Za-z0-9(\\[])|(?<=[A-Za-z0-9)\\]])(?=\\p{IsHan})");

    /** The explanation as one JSON object, properties in the schema's order, each candidate ending with {@link #TRAILING_EMPTY_LISTS}. */
    static String toJson(Explanation explanation) {
        JsonObjectSchema root = ExplanationSchema.root();
        ObjectNode tree = ordered(JSON.valueToTree(explanation), root);
        JsonSchemaElement items = ((JsonArraySchema) root.properties().get("candidates")).items();
        ArrayNode candidates = JSON.createArrayNode();
        for (JsonNode c : tree.get("candidates")) {
            ObjectNode o = ordered(c, (JsonObjectSchema) items);
            for (String extra : TRAILING_EMPTY_LISTS) {
                if (!o.has(extra)) {
                    o.putArray(extra);
                }
            }
            candidates.add(o);
        }
        tree.set("candidates", candidates);
        try {
            return JSON.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write an explanation as JSON", e);
        }
    }

    private static ObjectNode ordered(JsonNode node, JsonObjectSchema schema) {
        ObjectNode o = JSON.createObjectNode();
        for (String name : schema.properties().keySet()) {
            JsonNode v = node.get(name);
            o.set(name, v == null ? JSON.nullNode() : v);
        }
        return o;
    }

    private static List<Evidence> distinct(List<Evidence> items) {
        List<Evidence> out = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (Evidence e : items) {
            if (!seen.contains(e.id())) {
                seen.add(e.id());
                out.add(e);
            }
        }
        return out;
    }

    static String label(Evidence e) {
        String s = Scrubber.scrub(e.label());
        return s == null || s.isBlank() ? e.finding().code() : s;
    }

    /** "Joint Swelling" → "joint swelling"; labels with acronyms or codes ("HbA1c", "ECG changes") stay as they are. */
    private static String lower(String s) {
        return TITLE_WORDS.matcher(s).matches() ? s.toLowerCase(Locale.ROOT) : s;
    }

    private static final java.util.regex.Pattern TITLE_WORDS =
        java.util.regex.Pattern.compile("[A-Za-z][a-z]*(?:[ /-][A-Za-z][a-z]*)*");

    private static String joined(List<String> parts, String comma, String and) {
        if (parts.size() <= 1) {
            return String.join("", parts);
        }
        return String.join(comma, parts.subList(0, parts.size() - 1)) + and + parts.get(parts.size() - 1);
    }
}
