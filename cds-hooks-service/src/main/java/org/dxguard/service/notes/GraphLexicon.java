package org.dxguard.service.notes;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dxguard.graph.GraphTerm;
import org.dxguard.graph.KnowledgeGraph;
import org.dxguard.model.Code;
import org.dxguard.text.ClinicalText;
import org.dxguard.text.Lexicon;

/**
 * The text analyser for the knowledge graph in use: clinical-text's packaged lexicon (symptoms and signs with
 * SNOMED CT codes, diseases, the guideline terminology's drugs, LOINC tests) plus every finding and disease of the
 * graph with its English and Chinese synonyms ({@link KnowledgeGraph#vocabulary()}, each term keyed by its graph
 * code, so that what a note states reaches the ranking with the graph's own code). Built once per knowledge-base
 * version (an import makes a new one) and shared; thread-safe.
 */
public final class GraphLexicon {
    private record Built(String version, ClinicalText text, Map<String, Set<String>> diseaseCodes,
                         Map<String, String> chineseNames) {}

    private volatile Built built;

    /** The analyser for this graph's current knowledge. */
    public ClinicalText text(KnowledgeGraph graph) {
        return current(graph).text();
    }

    /**
     * The codes that name the same disease as a graph disease ({@code system|code} of the disease and its
     * equivalent terminology codes, e.g. SNOMED CT and ICD-10), for telling which candidates are already on the
     * problem list.
     */
    public Set<String> diseaseCodes(KnowledgeGraph graph, Code disease) {
        Set<String> codes = current(graph).diseaseCodes().get(key(disease));
        return codes == null ? Set.of(key(disease)) : codes;
    }

    /**
     * The Chinese names of the graph's diseases and findings, keyed by {@link #nameKey}: each term's first synonym
     * written in Chinese characters (the graph tables list a term's English synonyms first, then its Chinese names,
     * the preferred one first: {@code synthea-modules.tsv}, {@code ddxplus-pathology-terms.tsv}, the finding tables).
     * A term without a Chinese synonym has no entry: its English name is shown, marked, never a made-up translation.
     */
    public Map<String, String> chineseNames(KnowledgeGraph graph) {
        return current(graph).chineseNames();
    }

    /** The key of {@link #chineseNames}: {@code system|code}, plus {@code =value} (lower case) for a value term. */
    public static String nameKey(Code code, String value) {
        return key(code) + (value == null ? "" : "=" + value.toLowerCase(java.util.Locale.ROOT));
    }

    /** The first synonym with a Chinese (Han) character, or null. */
    static String chinese(List<String> synonyms) {
        for (String s : synonyms) {
            if (s != null && s.codePoints().anyMatch(c -> Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN)) {
                return s.strip();
            }
        }
        return null;
    }

    private Built current(KnowledgeGraph graph) {
        String version = graph.knowledgeBaseVersion();
        Built b = built;
        if (b != null && b.version().equals(version)) {
            return b;
        }
        synchronized (this) {
            b = built;
            if (b == null || !b.version().equals(version)) {
                List<GraphTerm> vocabulary = graph.vocabulary();
                Map<String, Set<String>> diseases = new HashMap<>();
                Map<String, String> names = new HashMap<>();
                for (GraphTerm t : vocabulary) {
                    String zh = chinese(t.synonyms());
                    if (zh != null) {
                        names.putIfAbsent(nameKey(t.code(), t.value()), zh);
                    }
                    if (t.disease()) {
                        Set<String> codes = diseases.computeIfAbsent(key(t.code()), k -> new HashSet<>());
                        codes.add(key(t.code()));
                        t.codes().forEach(c -> codes.add(key(c)));
                    }
                }
                b = new Built(version, ClinicalText.builder().lexicon(lexicon(vocabulary)).build(), Map.copyOf(diseases),
                    Map.copyOf(names));
                built = b;
            }
            return b;
        }
    }

    /** The packaged lexicon plus the graph's vocabulary as text terms ({@link Lexicon.Builder#addVocabulary}). */
    public static Lexicon lexicon(List<GraphTerm> vocabulary) {
        Lexicon.Builder b = Lexicon.packaged().toBuilder();
        vocabulary.forEach(g -> b.addVocabulary(g.code(), g.value(), g.kind(), g.label(), g.synonyms(), g.codes(),
            g.implies()));
        return b.build();
    }

    static String key(Code c) {
        return c.system() + "|" + c.code();
    }
}
