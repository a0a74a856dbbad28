package org.dxguard.graph;

import java.util.List;
import java.util.Objects;
import org.dxguard.model.Code;

/**
 * A graph finding or disease as a text term (what a text analyser needs to find it in a note): its graph code
 * ({@code value} set for a value of a categorical finding, e.g. a pain location), kind ({@code symptom},
 * {@code antecedent}, {@code sign}, {@code lab} or {@code disease}), label, English and Chinese synonyms, the
 * equivalent codes of the terminology table (SNOMED CT, ICD-10; {@code (:Term)-[:MAPS_TO]->}) and the findings it
 * implies (a pain location implies pain). See {@link KnowledgeGraph#vocabulary()}.
 */
public record GraphTerm(Code code, String value, String kind, String label, List<String> synonyms, List<Code> codes,
                        List<Code> implies) {
    public GraphTerm {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(kind, "kind");
        synonyms = synonyms == null ? List.of() : List.copyOf(synonyms);
        codes = codes == null ? List.of() : List.copyOf(codes);
        implies = implies == null ? List.of() : List.copyOf(implies);
    }

    public boolean disease() {
        return kind.equals("disease");
    }
}
