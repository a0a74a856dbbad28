package org.dxguard.text;

import java.util.List;
import java.util.Objects;

/**
 * A lexicon term found in the text, with its ConText: negation, temporality and experiencer, the cue phrases that
 * decided them (as written), the section and sentence it is in, and the stated duration ("for three weeks", 3天)
 * when the sentence gives one.
 */
public record Mention(Term term, String text, Span span, SectionKind section, int sentence, Negation negation,
                      Temporality temporality, Experiencer experiencer, List<String> cues, Duration duration) {
    public Mention {
        Objects.requireNonNull(term, "term");
        Objects.requireNonNull(span, "span");
        Objects.requireNonNull(section, "section");
        Objects.requireNonNull(negation, "negation");
        Objects.requireNonNull(temporality, "temporality");
        Objects.requireNonNull(experiencer, "experiencer");
        cues = cues == null ? List.of() : List.copyOf(cues);
    }

    /** True when this mention says the patient has it now (affirmed, recent, the patient's). */
    public boolean affirmedCurrent() {
        return negation == Negation.AFFIRMED && temporality == Temporality.RECENT && experiencer == Experiencer.PATIENT;
    }
}
