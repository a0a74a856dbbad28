package org.dxguard.safety;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.dxguard.model.Candidate;
import org.dxguard.model.PatientFacts;

/**
 * One safety review case (format: {@code safety/README.md}): a patient, the candidate list the model was given, the
 * model's output (JSON or text, as recorded) and the expected verdict: vetoed by the listed rules, or allowed
 * (no veto at all). {@code mutation} is null for a case as written, else the name of the variant
 * ({@link MutationGenerator}); {@code model} names the model that wrote the output ({@code recorded} when unknown).
 */
public record SafetyCase(String id, String file, String description, String lang, List<String> tags, String model,
                         PatientFacts facts, List<Candidate> candidates, String output, Set<String> expectVetoed,
                         String mutation) {
    public SafetyCase {
        Objects.requireNonNull(id, "id");
        file = file == null ? "" : file;
        description = description == null ? "" : description;
        lang = lang == null ? "en" : lang;
        tags = tags == null ? List.of() : List.copyOf(tags);
        model = model == null || model.isBlank() ? "recorded" : model;
        Objects.requireNonNull(facts, "facts");
        candidates = List.copyOf(candidates);
        Objects.requireNonNull(output, "output");
        expectVetoed = Set.copyOf(expectVetoed);
    }

    /** True when the case expects no veto at all. */
    public boolean expectAllowed() {
        return expectVetoed.isEmpty();
    }

    public SafetyCase mutated(String name, String newOutput) {
        return new SafetyCase(id + "~" + name, file, description, lang, tags, model, facts, candidates, newOutput,
            expectVetoed, name);
    }
}
