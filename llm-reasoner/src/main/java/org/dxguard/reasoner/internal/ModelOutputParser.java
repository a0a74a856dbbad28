package org.dxguard.reasoner.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dxguard.reasoner.CandidateExplanation;
import org.dxguard.reasoner.Explanation;
import org.dxguard.reasoner.ExplanationOutcome.Reason;
import org.dxguard.reasoner.MedicationSuggestion;

/**
 * Turns a model's answer text into a validated {@link Explanation}: separates {@code <think>} content, repairs the
 * common damage (markdown fences, prose before or after the JSON object, trailing commas, a single string where a
 * list belongs, a number sent as a string, missing optional lists), validates the result against the explanation
 * schema, maps the cited evidence aliases back to the case's evidence ids, and rejects everything else with an
 * {@link InvalidOutputException} saying what was wrong.
 */
public final class ModelOutputParser {
    private static final Pattern THINK_OPEN = Pattern.compile("(?i)<think(?:ing)?>");
    private static final Pattern THINK_CLOSE = Pattern.compile("(?i)</think(?:ing)?>");
    private static final Pattern FENCE = Pattern.compile("```[a-zA-Z]*\\s*\\n?(.*?)```", Pattern.DOTALL);
    private static final Pattern CITATION = Pattern.compile("\\[\\s*(E\\d+)\\s*]", Pattern.CASE_INSENSITIVE);
    private static final Pattern CJK = Pattern.compile("[\\p{IsHan}\\p{IsHiragana}\\p{IsKatakana}\\p{IsHangul}]");
    private static final JsonMapper JSON = JsonMapper.builder()
        .enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
        .build();

    /** The answer with the thinking cut out, and the thinking (null when there was none). */
    public record ThinkSplit(String answer, String thinking) {}

    /**
     * Separates {@code <think>…</think>} (or {@code <thinking>}) blocks from the answer. A closing tag without an
     * opening one (chat templates that open the block in the prompt) makes everything before it thinking; an
     * opening tag that is never closed makes everything after it thinking.
     */
    public static ThinkSplit splitThinking(String content) {
        String s = content == null ? "" : content;
        StringBuilder answer = new StringBuilder();
        List<String> thoughts = new ArrayList<>();
        int pos = 0;
        while (pos < s.length()) {
            Matcher open = THINK_OPEN.matcher(s);
            Matcher close = THINK_CLOSE.matcher(s);
            boolean hasOpen = open.find(pos);
            boolean hasClose = close.find(pos);
            if (hasClose && (!hasOpen || close.start() < open.start())) {
                thoughts.add(s.substring(pos, close.start()));
                pos = close.end();
            } else if (hasOpen) {
                answer.append(s, pos, open.start());
                if (close.find(open.end())) {
                    thoughts.add(s.substring(open.end(), close.start()));
                    pos = close.end();
                } else {
                    thoughts.add(s.substring(open.end()));
                    pos = s.length();
                }
            } else {
                answer.append(s, pos, s.length());
                pos = s.length();
            }
        }
        String thinking = String.join("\n", thoughts.stream().map(String::strip).filter(t -> !t.isEmpty()).toList());
        return new ThinkSplit(answer.toString().strip(), thinking.isEmpty() ? null : thinking);
    }

    /** The first complete JSON object in the answer, after removing markdown fences and surrounding prose. */
    public static String extractJson(String answer) {
        String s = answer == null ? "" : answer.replace("\uFEFF", "").strip();
        Matcher fence = FENCE.matcher(s);
        while (fence.find()) {
            if (fence.group(1).contains("{")) {
                s = fence.group(1).strip();
                break;
            }
        }
        if (s.startsWith("```")) {
            s = s.replaceFirst("^```[a-zA-Z]*", "");
        }
        int start = s.indexOf('{');
        if (start < 0) {
            throw new InvalidOutputException(Reason.UNREADABLE, s.isEmpty() ? "the answer is empty" : "the answer contains no JSON object");
        }
        // prose may contain braces of its own ("the {usual} caveat"): prefer the first balanced object that parses
        String first = null;
        for (int tries = 0; start >= 0 && tries < 20; tries++) {
            String candidate = balancedObject(s, start);
            if (candidate == null) {
                break;
            }
            if (first == null) {
                first = candidate;
            }
            if (parses(candidate)) {
                return candidate;
            }
            start = s.indexOf('{', start + 1);
        }
        if (first != null) {
            return first;
        }
        throw new InvalidOutputException(Reason.UNREADABLE, "truncated JSON (the answer ends before the object is closed)");
    }

    private static boolean parses(String json) {
        try {
            JsonNode node = JSON.readTree(json);
            return node != null && node.isObject();
        } catch (JsonProcessingException e) {
            return false;
        }
    }

    /** The balanced {...} starting at {@code start} (string-aware), or null when the text ends first. */
    private static String balancedObject(String s, int start) {
        int depth = 0;
        boolean inString = false;
        boolean escaped = false;
        for (int i = start; i < s.length(); i++) {
            char c = s.charAt(i);
            if (inString) {
                if (escaped) {
                    escaped = false;
                } else if (c == '\\') {
                    escaped = true;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                depth--;
                if (depth == 0) {
                    return s.substring(start, i + 1);
                }
            }
        }
        return null;
    }

    /**
     * Parses, repairs and validates an answer (thinking already removed).
     *
     * @param aliases the evidence aliases of the prompt; citations are mapped back through them
     * @param language the configured answer language; for {@code en}, answers mostly in CJK script are rejected
     */
    public Explanation parse(String answer, EvidenceAliases aliases, String language) {
        return parse(answer, aliases, language, Set.of());
    }

    /**
     * As {@link #parse(String, EvidenceAliases, String)}; cited guideline excerpt ids are kept only when they are
     * among {@code givenExcerptIds} (the excerpts the prompt carried; matched case-insensitively and written as
     * given), every other id is stripped (a model may not cite an excerpt it was not shown).
     */
    public Explanation parse(String answer, EvidenceAliases aliases, String language, Set<String> givenExcerptIds) {
        String json = extractJson(answer);
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidOutputException(Reason.UNREADABLE, "not valid JSON (" + e.getOriginalMessage() + ")", e);
        }
        if (root == null || !root.isObject()) {
            throw new InvalidOutputException(Reason.UNREADABLE, "the answer is not a JSON object");
        }
        JsonNode candidatesNode = root.get("candidates");
        if (candidatesNode == null || !candidatesNode.isArray()) {
            throw new InvalidOutputException(Reason.INCOMPLETE, "'candidates' is missing or not a list");
        }
        if (candidatesNode.isEmpty()) {
            throw new InvalidOutputException(Reason.INCOMPLETE, "'candidates' is empty");
        }
        String summary = optionalText(root, "summary", "summary");
        List<CandidateExplanation> candidates = new ArrayList<>();
        Map<String, String> given = new HashMap<>();
        for (String id : givenExcerptIds == null ? Set.<String>of() : givenExcerptIds) {
            given.put(id.strip().toUpperCase(Locale.ROOT), id);
        }
        for (int i = 0; i < candidatesNode.size(); i++) {
            candidates.add(candidate(candidatesNode.get(i), "candidates[" + i + "]", aliases, given));
        }
        Explanation explanation = new Explanation(candidates, summary == null ? "" : summary);
        checkLanguage(explanation, language);
        return explanation;
    }

    private static CandidateExplanation candidate(JsonNode node, String path, EvidenceAliases aliases,
                                                  Map<String, String> givenExcerpts) {
        if (node == null || !node.isObject()) {
            throw new InvalidOutputException(Reason.INCOMPLETE, path + " is not an object");
        }
        String diagnosis = requiredText(node, "diagnosis", path);
        String rationale = requiredText(node, "rationale", path);
        List<String> cited = stringList(node, "citedEvidenceIds", path);
        Set<String> aliasesCited = new LinkedHashSet<>(cited);
        Matcher m = CITATION.matcher(rationale);
        while (m.find()) {
            aliasesCited.add(m.group(1).toUpperCase(Locale.ROOT));
        }
        if (aliasesCited.isEmpty()) {
            throw new InvalidOutputException(Reason.CITES_NO_EVIDENCE, path + " cites no evidence id");
        }
        List<String> evidenceIds = new ArrayList<>();
        for (String alias : aliasesCited) {
            String id = aliases.resolve(alias).orElseThrow(() -> new InvalidOutputException(
                Reason.CITES_UNKNOWN_EVIDENCE, path + " cites evidence id '" + alias + "' which is not in the case"));
            if (!evidenceIds.contains(id)) {
                evidenceIds.add(id);
            }
        }
        String groundedRationale = CITATION.matcher(rationale).replaceAll(r ->
            Matcher.quoteReplacement("[" + aliases.resolve(r.group(1)).orElse(r.group(1)) + "]"));
        List<MedicationSuggestion> medications = new ArrayList<>();
        JsonNode meds = node.get("medications");
        if (meds != null && !meds.isNull()) {
            if (!meds.isArray()) {
                throw new InvalidOutputException(Reason.INCOMPLETE, path + ".medications is not a list");
            }
            for (int j = 0; j < meds.size(); j++) {
                medications.add(medication(meds.get(j), path + ".medications[" + j + "]"));
            }
        }
        List<String> excerptIds = new ArrayList<>();
        for (String excerptId : stringList(node, ExplanationSchema.GUIDELINE_EXCERPT_IDS, path)) {
            String id = givenExcerpts.get(excerptId.replaceAll("^[\\[(]+|[\\])]+$", "").strip().toUpperCase(Locale.ROOT));
            if (id != null && !excerptIds.contains(id)) {
                excerptIds.add(id);
            }
        }
        try {
            return new CandidateExplanation(diagnosis, groundedRationale, evidenceIds,
                stringList(node, "wouldConfirm", path), stringList(node, "wouldExclude", path),
                stringList(node, "nextSteps", path), medications, excerptIds);
        } catch (IllegalArgumentException e) {
            throw new InvalidOutputException(Reason.INCOMPLETE, path + ": " + e.getMessage(), e);
        }
    }

    private static MedicationSuggestion medication(JsonNode node, String path) {
        if (node == null || !node.isObject()) {
            throw new InvalidOutputException(Reason.INCOMPLETE, path + " is not an object");
        }
        String drug = requiredText(node, "drug", path);
        Double amount = null;
        JsonNode a = node.get("doseAmount");
        if (a != null && !a.isNull()) {
            if (a.isNumber()) {
                amount = a.doubleValue();
            } else if (a.isTextual() && a.asText().strip().matches("\\d+(\\.\\d+)?")) {
                amount = Double.valueOf(a.asText().strip());
            } else {
                throw new InvalidOutputException(Reason.INCOMPLETE, path + ".doseAmount is not a number");
            }
        }
        String action = requiredText(node, "action", path);
        try {
            return new MedicationSuggestion(drug, amount, optionalText(node, "doseUnit", path),
                optionalText(node, "frequency", path), action);
        } catch (IllegalArgumentException e) {
            throw new InvalidOutputException(Reason.INCOMPLETE, path + ": " + e.getMessage(), e);
        }
    }

    private static String requiredText(JsonNode node, String field, String path) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            throw new InvalidOutputException(Reason.INCOMPLETE, path + "." + field + " is missing");
        }
        if (!v.isTextual() || v.asText().isBlank()) {
            throw new InvalidOutputException(Reason.INCOMPLETE, path + "." + field + " must be a non-empty string");
        }
        return v.asText().strip();
    }

    private static String optionalText(JsonNode node, String field, String path) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new InvalidOutputException(Reason.INCOMPLETE, path + "." + field + " must be a string");
        }
        return v.asText().isBlank() ? null : v.asText().strip();
    }

    /** A list of strings; a missing list is empty and a lone string becomes a one-item list. */
    private static List<String> stringList(JsonNode node, String field, String path) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return List.of();
        }
        if (v.isTextual()) {
            return v.asText().isBlank() ? List.of() : List.of(v.asText().strip());
        }
        if (!v.isArray()) {
            throw new InvalidOutputException(Reason.INCOMPLETE, path + "." + field + " must be a list of strings");
        }
        List<String> out = new ArrayList<>();
        for (JsonNode item : v) {
            if (!item.isTextual()) {
                throw new InvalidOutputException(Reason.INCOMPLETE, path + "." + field + " must contain only strings");
            }
            if (!item.asText().isBlank()) {
                out.add(item.asText().strip());
            }
        }
        return out;
    }

    /**
     * Whether a text is in the language asked for: an English answer mostly in CJK script (more than a fifth of its
     * letters) and a Chinese answer of more than 20 letters without any Chinese character are not. A Chinese answer may
     * carry English drug names, abbreviations (HbA1c, eGFR) and evidence ids; an English one a Chinese drug name. Why
     * the rule exists: the clinician reads the language of their locale (or of their question), and an answer in
     * another one means the model did not follow its prompt; the veto itself reads both languages.
     */
    public static boolean writtenIn(CharSequence text, String language) {
        long letters = text.codePoints().filter(Character::isLetter).count();
        long cjk = CJK.matcher(text).results().count();
        boolean wrong = "zh".equalsIgnoreCase(language) ? letters > 20 && cjk == 0
            : "en".equalsIgnoreCase(language) && letters > 0 && cjk * 5 > letters;
        return !wrong;
    }

    /** See {@link #writtenIn}: a rejected answer is {@code explanation.wrong-language}. */
    private static void checkLanguage(Explanation e, String language) {
        StringBuilder all = new StringBuilder(e.summary());
        for (CandidateExplanation c : e.candidates()) {
            all.append(c.rationale());
            c.wouldConfirm().forEach(all::append);
            c.wouldExclude().forEach(all::append);
            c.nextSteps().forEach(all::append);
        }
        if (!writtenIn(all, language)) {
            throw new InvalidOutputException(Reason.WRONG_LANGUAGE, "the answer is not in the configured language (" + language + ")");
        }
    }

}
