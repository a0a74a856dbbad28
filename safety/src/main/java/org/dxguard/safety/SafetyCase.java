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
 *
 * <p>A question/answer case of Ask (issue 19) has a {@code question}: {@code output} is the model's answer to it,
 * judged by {@link AnswerGuard}, and the case stands for one {@code sentence} of it (0-based): {@code expectVetoed}
 * names the rules that must veto that sentence (empty: it must be kept). A suite's answer case becomes one such
 * case per sentence, so recall and false vetoes are counted per sentence.
 */
public record SafetyCase(String id, String file, String description, String lang, List<String> tags, String model,
                         PatientFacts facts, List<Candidate> candidates, String output, Set<String> expectVetoed,
                         String mutation, String question, Integer sentence) {
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
        if ((question == null) != (sentence == null)) {
            throw new IllegalArgumentException("an answer case names its question and the sentence it judges");
        }
    }

    /** A case of an explanation (no question). */
    public SafetyCase(String id, String file, String description, String lang, List<String> tags, String model,
                      PatientFacts facts, List<Candidate> candidates, String output, Set<String> expectVetoed,
                      String mutation) {
        this(id, file, description, lang, tags, model, facts, candidates, output, expectVetoed, mutation, null, null);
    }

    /** True for a question/answer case of Ask. */
    public boolean answerCase() {
        return question != null;
    }

    /** True when the case expects no veto at all. */
    public boolean expectAllowed() {
        return expectVetoed.isEmpty();
    }

    public SafetyCase mutated(String name, String newOutput) {
        return new SafetyCase(id + "~" + name, file, description, lang, tags, model, facts, candidates, newOutput,
            expectVetoed, name, question, sentence);
    }
}
