package org.dxguard.reasoner.claims;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.dxguard.reasoner.CandidateExplanation;
import org.dxguard.reasoner.Explanation;
import org.dxguard.reasoner.MedicationSuggestion;
import org.dxguard.reasoner.internal.ModelOutputParser;

/**
 * Reads a recorded model answer for safety review without the production validator's rejections: cited ids are
 * kept as written (the veto checks them), a medication with an unknown action counts as {@code start}, and a
 * dose written as text is left to the claim extractor. Returns empty when the answer holds no explanation object
 * (then it is reviewed as plain text).
 */
public final class ExplanationReader {
    private static final JsonMapper JSON = JsonMapper.builder().enable(JsonReadFeature.ALLOW_TRAILING_COMMA).build();

    private ExplanationReader() {}

    public static Optional<Explanation> read(String answer) {
        try {
            String json = ModelOutputParser.extractJson(ModelOutputParser.splitThinking(answer).answer());
            JsonNode root = JSON.readTree(json);
            if (root == null || !root.isObject() || !root.path("candidates").isArray()) {
                return Optional.empty();
            }
            List<CandidateExplanation> cs = new ArrayList<>();
            for (JsonNode c : root.get("candidates")) {
                List<MedicationSuggestion> meds = new ArrayList<>();
                for (JsonNode m : c.path("medications")) {
                    String drug = m.path("drug").asText("");
                    if (drug.isBlank()) {
                        continue;
                    }
                    JsonNode a = m.get("doseAmount");
                    Double amount = a != null && a.isNumber() && a.doubleValue() > 0 ? a.doubleValue()
                        : a != null && a.isTextual() && a.asText().strip().matches("\\d+(\\.\\d+)?") ? Double.valueOf(a.asText().strip()) : null;
                    String extra = a != null && a.isTextual() && amount == null ? a.asText() + " " : "";
                    String action = m.path("action").asText("start").strip().toLowerCase(java.util.Locale.ROOT);
                    if (!MedicationSuggestion.ACTIONS.contains(action)) {
                        action = "start";
                    }
                    meds.add(new MedicationSuggestion(drug, amount, text(m, "doseUnit"),
                        (extra + (text(m, "frequency") == null ? "" : text(m, "frequency"))).strip(), action));
                }
                String diagnosis = text(c, "diagnosis");
                String rationale = text(c, "rationale");
                cs.add(new CandidateExplanation(diagnosis == null ? "(none)" : diagnosis,
                    rationale == null ? "(none)" : rationale, strings(c.get("citedEvidenceIds")),
                    strings(c.get("wouldConfirm")), strings(c.get("wouldExclude")), strings(c.get("nextSteps")), meds,
                    strings(c.get("guidelineExcerptIds"))));
            }
            return Optional.of(new Explanation(cs, text(root, "summary")));
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    private static String text(JsonNode n, String f) {
        JsonNode v = n.get(f);
        return v == null || v.isNull() ? null : v.isTextual() ? v.asText() : v.toString();
    }

    private static List<String> strings(JsonNode n) {
        List<String> out = new ArrayList<>();
        if (n == null || n.isNull()) {
            return out;
        }
        if (n.isTextual()) {
            out.add(n.asText());
            return out;
        }
        n.forEach(x -> out.add(x.isTextual() ? x.asText() : x.toString()));
        return out;
    }
}
