package org.dxguard.graph;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dxguard.graph.internal.Neo4jKnowledgeGraph;
import org.dxguard.model.Code;
import org.dxguard.model.DxGuardException;
import org.dxguard.model.Finding;
import org.neo4j.driver.Session;
import org.neo4j.driver.exceptions.Neo4jException;

/**
 * Findings from free text (chief complaint, note): a dictionary matcher over the graph findings' synonyms
 * (longest match wins, case-insensitive, whole words) with NegEx-style negation: a finding after a negation cue
 * ("no", "denies", "without", "negative for", …) within the same clause is absent; "… is absent", "… ruled out"
 * negate what precedes them. A finding mentioned both ways counts as present. Thread-safe and immutable.
 *
 * <p>Superseded by the clinical-text module ({@code ClinicalText}: sections, ConText negation/temporality/experiencer,
 * English and Chinese, lexicon from {@link KnowledgeGraph#vocabulary()}); kept until the service reads notes with it.
 */
public final class FindingExtractor {
    private static final Pattern TOKEN = Pattern.compile("[\\p{L}\\p{N}]+(?:'[\\p{L}]+)?|[.;:!?]");
    private static final int MAX_PHRASE = 8;
    private static final int NEGATION_WINDOW = 7;
    private static final List<List<String>> PRE_NEGATION = phrases("no", "not", "denies", "denied", "deny",
        "denying", "without", "negative for", "free of", "absence of", "no evidence of", "no signs of",
        "no sign of", "never had", "rules out", "ruled out for", "no history of", "no complaints of", "nor", "neither");
    private static final List<List<String>> POST_NEGATION = phrases("is absent", "are absent", "absent",
        "ruled out", "was ruled out", "is negative", "negative", "denied", "resolved");
    private static final Set<String> TERMINATORS = Set.of(".", ";", ":", "!", "?", "but", "however", "although",
        "though", "except", "yet", "reports", "reported", "complains", "presents", "endorses", "admits", "has",
        "with");

    private final Map<String, List<Code>> dictionary;

    /** @param dictionary phrase (any case) → finding code; several phrases may name the same finding */
    public FindingExtractor(Map<String, Code> dictionary) {
        Map<String, List<Code>> m = new HashMap<>();
        dictionary.forEach((phrase, code) -> m.computeIfAbsent(normalize(phrase), k -> new ArrayList<>()).add(code));
        m.remove("");
        this.dictionary = Map.copyOf(m);
    }

    /** Builds the dictionary from the graph: every base finding's synonyms and short labels. */
    public static FindingExtractor fromGraph(KnowledgeGraph graph) {
        if (!(graph instanceof Neo4jKnowledgeGraph g)) {
            throw new IllegalArgumentException("needs the Neo4j knowledge graph");
        }
        Map<String, Code> dict = new LinkedHashMap<>();
        try (Session s = g.driver().session()) {
            s.executeRead(tx -> tx.run("MATCH (f:Finding) WHERE f.base IS NULL "
                    + "RETURN f.system AS system, f.code AS code, f.label AS label, f.synonyms AS synonyms")
                .list()).forEach(r -> {
                    String label = r.get("label").asString(null);
                    Code code = new Code(r.get("system").asString(), r.get("code").asString(), label);
                    for (String syn : r.get("synonyms").asList(v -> v.asString(), List.of())) {
                        dict.putIfAbsent(syn, code);
                    }
                    if (label != null && !label.endsWith("?") && label.split("\\s+").length <= 5) {
                        dict.putIfAbsent(label, code);
                    }
                });
        } catch (Neo4jException e) {
            throw new DxGuardException(GraphErrors.GRAPH_UNAVAILABLE, "cannot read finding synonyms: "
                + e.getMessage(), e);
        }
        return new FindingExtractor(dict);
    }

    public int size() {
        return dictionary.size();
    }

    public List<Finding> fromText(String text) {
        if (text == null || text.isBlank()) {
            return List.of();
        }
        List<String> tokens = new ArrayList<>();
        Matcher m = TOKEN.matcher(text.toLowerCase(Locale.ROOT));
        while (m.find()) {
            tokens.add(m.group());
        }
        Map<String, Finding> out = new LinkedHashMap<>();
        int negatedUntil = -1;
        for (int i = 0; i < tokens.size(); ) {
            String t = tokens.get(i);
            if (TERMINATORS.contains(t)) {
                negatedUntil = -1;
                i++;
                continue;
            }
            int cue = match(PRE_NEGATION, tokens, i);
            if (cue > 0) {
                negatedUntil = i + cue + NEGATION_WINDOW;
                i += cue;
                continue;
            }
            int len = 0;
            List<Code> codes = null;
            for (int n = Math.min(MAX_PHRASE, tokens.size() - i); n >= 1; n--) {
                List<Code> c = dictionary.get(String.join(" ", tokens.subList(i, i + n)));
                if (c != null) {
                    len = n;
                    codes = c;
                    break;
                }
            }
            if (codes == null) {
                i++;
                continue;
            }
            boolean negated = i <= negatedUntil || match(POST_NEGATION, tokens, i + len) > 0;
            if (negated) {
                negatedUntil = Math.max(negatedUntil, i + len + NEGATION_WINDOW);
            }
            for (Code c : codes) {
                String key = c.system() + "|" + c.code();
                Finding prev = out.get(key);
                if (prev == null || (!prev.present() && !negated)) {
                    out.put(key, new Finding(c, !negated, null));
                }
            }
            i += len;
        }
        return List.copyOf(out.values());
    }

    private static int match(List<List<String>> cues, List<String> tokens, int at) {
        int best = 0;
        for (List<String> cue : cues) {
            if (cue.size() > best && at + cue.size() <= tokens.size()
                && tokens.subList(at, at + cue.size()).equals(cue)) {
                best = cue.size();
            }
        }
        return best;
    }

    private static List<List<String>> phrases(String... p) {
        List<List<String>> out = new ArrayList<>();
        for (String s : p) {
            out.add(List.of(s.split(" ")));
        }
        return List.copyOf(out);
    }

    private static String normalize(String phrase) {
        List<String> tokens = new ArrayList<>();
        Matcher m = TOKEN.matcher(phrase.toLowerCase(Locale.ROOT));
        while (m.find()) {
            tokens.add(m.group());
        }
        return String.join(" ", tokens);
    }
}
