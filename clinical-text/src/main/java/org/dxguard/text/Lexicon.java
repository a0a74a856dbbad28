package org.dxguard.text;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dxguard.model.Code;
import org.dxguard.model.DxGuardException;
import org.dxguard.text.internal.DataFiles;

/**
 * The terms that mentions are matched against: packaged data files ({@link #packaged()}: common findings, diseases,
 * drugs and tests in English and Chinese with SNOMED CT / ICD-10 / RxNorm / LOINC codes) plus terms supplied at run
 * time (the knowledge graph's findings and diseases, the guideline terminology's drugs and conditions):
 * <pre>{@code
 * Lexicon lexicon = Lexicon.packaged().toBuilder()
 *     .add(Term.builder("graph:E_91", TermKind.FINDING).code("urn:dxguard:ddxplus:evidence", "E_91")
 *          .code(Code.SNOMED, "386661006").en("fever", "febrile").zh("发热", "发烧").build())
 *     .build();
 * }</pre>
 * A term added with an id that is already present replaces it. English synonyms of the form "X pain" also match
 * "pain in (the) X". Immutable and thread-safe once built.
 */
public final class Lexicon {
    private static volatile Lexicon packaged;

    private final Map<String, Term> terms;

    private Lexicon(Map<String, Term> terms) {
        this.terms = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(terms));
    }

    /** The packaged terms (read once per class loader). */
    public static Lexicon packaged() {
        Lexicon l = packaged;
        if (l == null) {
            synchronized (Lexicon.class) {
                if (packaged == null) {
                    Builder b = builder();
                    for (String file : List.of("lexicon-findings.tsv", "lexicon-diseases.tsv", "lexicon-drugs.tsv",
                        "lexicon-tests.tsv")) {
                        b.addRows(DataFiles.packaged(file), file);
                    }
                    packaged = b.build();
                }
                l = packaged;
            }
        }
        return l;
    }

    public static Lexicon empty() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.terms.putAll(terms);
        return b;
    }

    public int size() {
        return terms.size();
    }

    public Collection<Term> terms() {
        return terms.values();
    }

    public Term term(String id) {
        return terms.get(id);
    }

    /** Collects terms; {@link #build()} makes the immutable lexicon. */
    public static final class Builder {
        private final Map<String, Term> terms = new LinkedHashMap<>();

        private Builder() {}

        public Builder add(Term term) {
            terms.put(term.id(), term);
            return this;
        }

        public Builder addAll(Collection<Term> more) {
            more.forEach(this::add);
            return this;
        }

        /**
         * Terms from a lexicon file (UTF-8, tab-separated, {@code #} comments): {@code id, kind, codes, value,
         * English label|synonyms…, Chinese label|synonyms…, source}; codes {@code |}-separated in the notation
         * {@code snomed:…}, {@code icd10:…}, {@code rxnorm:…}, {@code loinc:…} or {@code system|code} (see README).
         */
        public Builder load(Path file) {
            try (InputStream in = Files.newInputStream(file)) {
                return addRows(DataFiles.read(in, file.toString()), file.toString());
            } catch (IOException e) {
                throw new DxGuardException(TextErrors.INVALID_DATA, "cannot read lexicon " + file + ": "
                    + e.getMessage(), e);
            }
        }

        Builder addRows(List<String[]> rows, String where) {
            for (String[] r : rows) {
                if (r.length < 6) {
                    throw new DxGuardException(TextErrors.INVALID_DATA, where + ": lexicon row needs at least 6 "
                        + "columns (id, kind, codes, value, en, zh), got " + String.join("\\t", r));
                }
                TermKind kind;
                try {
                    kind = TermKind.valueOf(DataFiles.cell(r, 1).toUpperCase(java.util.Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw new DxGuardException(TextErrors.INVALID_DATA, where + ": unknown kind '" + r[1]
                        + "' of term " + r[0]);
                }
                List<Code> codes = new ArrayList<>();
                for (String c : r[2].strip().split("[,\\s]+")) {
                    if (!c.isEmpty()) {
                        codes.add(DataFiles.code(c, where + " term " + r[0]));
                    }
                }
                List<String> en = DataFiles.list(r[4]);
                List<String> zh = DataFiles.list(r[5]);
                List<String> syn = new ArrayList<>(en);
                syn.addAll(zh);
                add(new Term(r[0].strip(), kind, codes, DataFiles.cell(r, 3), en.isEmpty() ? null : en.get(0),
                    zh.isEmpty() ? null : zh.get(0), syn));
            }
            return this;
        }

        public Lexicon build() {
            return new Lexicon(terms);
        }
    }
}
