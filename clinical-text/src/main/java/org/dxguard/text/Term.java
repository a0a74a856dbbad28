package org.dxguard.text;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.dxguard.model.Code;
import org.dxguard.model.DxGuardException;

/**
 * A lexicon entry: one concept with its codes (the first is the primary code, e.g. a knowledge-graph finding, then
 * SNOMED CT / ICD-10 / RxNorm / LOINC equivalents), an optional value (a categorical finding's answer, e.g. a pain
 * location), English and Chinese labels and every synonym in either language (abbreviations and spelling variants
 * included). Matching is case-insensitive; British ae/oe spellings, plurals and hyphens are folded. {@code implies}:
 * findings that an affirmed mention also states (a pain location implies pain).
 */
public record Term(String id, TermKind kind, List<Code> codes, String value, String labelEn, String labelZh,
                   List<String> synonyms, List<Code> implies) {
    public Term {
        if (id == null || id.isBlank()) {
            throw new DxGuardException(TextErrors.INVALID_TERM, "term without id");
        }
        Objects.requireNonNull(kind, "kind");
        codes = codes == null ? List.of() : List.copyOf(codes);
        if (codes.isEmpty()) {
            throw new DxGuardException(TextErrors.INVALID_TERM, "term " + id + " has no code");
        }
        value = value == null || value.isBlank() ? null : value;
        labelEn = labelEn == null || labelEn.isBlank() ? null : labelEn.strip();
        labelZh = labelZh == null || labelZh.isBlank() ? null : labelZh.strip();
        Set<String> syn = new LinkedHashSet<>();
        if (labelEn != null) {
            syn.add(labelEn);
        }
        if (labelZh != null) {
            syn.add(labelZh);
        }
        if (synonyms != null) {
            for (String s : synonyms) {
                if (s != null && !s.isBlank()) {
                    syn.add(s.strip());
                }
            }
        }
        if (syn.isEmpty()) {
            throw new DxGuardException(TextErrors.INVALID_TERM, "term " + id + " has no label or synonym");
        }
        synonyms = List.copyOf(syn);
        implies = implies == null ? List.of() : List.copyOf(implies);
    }

    public Term(String id, TermKind kind, List<Code> codes, String value, String labelEn, String labelZh,
                List<String> synonyms) {
        this(id, kind, codes, value, labelEn, labelZh, synonyms, List.of());
    }

    /** The primary code (first). */
    public Code code() {
        return codes.get(0);
    }

    /** The label in the language (falls back to the other language, then the first synonym). */
    public String label(Language language) {
        String l = language == Language.ZH ? (labelZh != null ? labelZh : labelEn) : (labelEn != null ? labelEn : labelZh);
        return l != null ? l : synonyms.get(0);
    }

    /** The first code of the system, or null. */
    public Code codeIn(String system) {
        for (Code c : codes) {
            if (c.system().equals(system)) {
                return c;
            }
        }
        return null;
    }

    public static Builder builder(String id, TermKind kind) {
        return new Builder(id, kind);
    }

    /** Builds a term; {@link #code} may be called several times (the first is primary). */
    public static final class Builder {
        private final String id;
        private final TermKind kind;
        private final List<Code> codes = new ArrayList<>();
        private final List<String> synonyms = new ArrayList<>();
        private final List<Code> implies = new ArrayList<>();
        private String value;
        private String labelEn;
        private String labelZh;

        private Builder(String id, TermKind kind) {
            this.id = id;
            this.kind = kind;
        }

        public Builder code(Code code) {
            codes.add(Objects.requireNonNull(code, "code"));
            return this;
        }

        public Builder code(String system, String code) {
            return code(Code.of(system, code));
        }

        public Builder value(String v) {
            this.value = v;
            return this;
        }

        public Builder en(String label, String... moreSynonyms) {
            this.labelEn = label;
            synonyms.addAll(List.of(moreSynonyms));
            return this;
        }

        public Builder zh(String label, String... moreSynonyms) {
            this.labelZh = label;
            synonyms.addAll(List.of(moreSynonyms));
            return this;
        }

        public Builder implies(Code code) {
            implies.add(Objects.requireNonNull(code, "code"));
            return this;
        }

        public Builder synonyms(Iterable<String> s) {
            s.forEach(synonyms::add);
            return this;
        }

        public Term build() {
            return new Term(id, kind, codes, value, labelEn, labelZh, synonyms, implies);
        }
    }
}
