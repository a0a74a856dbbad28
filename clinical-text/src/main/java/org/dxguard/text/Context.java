package org.dxguard.text;

import java.util.List;

/** ConText of one given phrase in a sentence ({@link ClinicalText#context}); {@code found} false: phrase not in it. */
public record Context(boolean found, Negation negation, Temporality temporality, Experiencer experiencer,
                      SectionKind section, List<String> cues) {
    public Context {
        cues = cues == null ? List.of() : List.copyOf(cues);
    }
}
