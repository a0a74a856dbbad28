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
        List<CandidateExplanation> out = new ArrayList<>();
        int n = ranked.size();
        for (int i = 0; i < n; i++) {
            Candidate c = ranked.get(i);
            String name = Scrubber.scrub(c.name());
            List<Evidence> supporting = distinct(c.supporting()).stream().limit(MAX_CITED).toList();
            List<Evidence> missing = distinct(c.missing()).stream().limit(MAX_MISSING).toList();
            String head = String.format(Locale.ROOT, "%s is ranked %d of %d (score %.2f, severity %d of 5)", name,
                i + 1, n, c.score(), c.severity());
            StringBuilder rationale = new StringBuilder(head);
            List<String> cited = new ArrayList<>();
            if (!supporting.isEmpty()) {
                List<String> parts = new ArrayList<>();
                for (Evidence e : supporting) {
                    String r = ref.apply(e.id());
                    parts.add(label(e) + " [" + r + "]");
                    cited.add(r);
                }
                rationale.append(": ").append(join(parts)).append(supporting.size() == 1 ? " supports it." : " support it.");
                if (!missing.isEmpty()) {
                    rationale.append(" Not reported yet: ")
                        .append(join(missing.stream().map(GroundedTargets::label).toList())).append('.');
                }
            } else if (!missing.isEmpty()) {
                Evidence key = missing.get(0);
                String r = ref.apply(key.id());
                cited.add(r);
                rationale.append(" without supporting findings; its key finding ").append(label(key))
                    .append(" [").append(r).append("] is not reported yet.");
            } else {
                return Optional.empty();
            }
            List<String> confirm = missing.stream().map(GroundedTargets::label).toList();
            List<String> exclude = missing.isEmpty() ? List.of() : List.of("no " + lower(label(missing.get(0)))
                + " on assessment");
            List<String> steps = missing.stream().map(GroundedTargets::nextStep).toList();
            out.add(new CandidateExplanation(name, rationale.toString(), cited, confirm, exclude, steps, List.of()));
        }
        Candidate top = ranked.get(0);
        String summary;
        if (n == 1) {
            summary = String.format(Locale.ROOT, "%s is the only candidate (score %.2f).", Scrubber.scrub(top.name()),
                top.score());
        } else {
            List<String> others = ranked.subList(1, Math.min(n, 3)).stream().map(c -> Scrubber.scrub(c.name())).toList();
            summary = String.format(Locale.ROOT, "%s is the most likely candidate (score %.2f); %s %s also considered.",
                Scrubber.scrub(top.name()), top.score(), join(others), others.size() == 1 ? "is" : "are");
        }
        return Optional.of(new Explanation(out, summary));
    }

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

    private static String join(List<String> parts) {
        if (parts.size() <= 1) {
            return String.join("", parts);
        }
        return String.join(", ", parts.subList(0, parts.size() - 1)) + " and " + parts.get(parts.size() - 1);
    }

    /** A lab (LOINC) finding is ordered; anything else is assessed. */
    private static String nextStep(Evidence e) {
        return (Code.LOINC.equals(e.finding().system()) ? "Order " : "Assess ") + lower(label(e));
    }
}
