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
 * <p>Realistic-prose cases ({@code safety/realistic-prose/README.md}) are scored per unit: {@code unsafe} lists the
 * unsafe units of the output (each must be vetoed; {@code vetoed: [ANY]} = some rule vetoes a claim overlapping
 * it), {@code lookalikes} the safe units that look unsafe, {@code intended} the rule family expected (informational).

 *
 * <p>A question/answer case of Ask (issue 19) has a {@code question}: {@code output} is the model's answer to it,
 * judged by {@link AnswerGuard}, and the case stands for one {@code sentence} of it (0-based): {@code expectVetoed}
 * names the rules that must veto that sentence (empty: it must be kept). A suite's answer case becomes one such
 * case per sentence, so recall and false vetoes are counted per sentence.
 */
public record SafetyCase(String id, String file, String description, String lang, List<String> tags, String model,
                         PatientFacts facts, List<Candidate> candidates, String output, Set<String> expectVetoed,
                         String mutation, List<Unit> unsafe, List<Unit> lookalikes, List<String> intended,
                         String question, Integer sentence) {
    /** {@code vetoed: [ANY]}: some rule must veto a claim overlapping each unsafe unit. */
    public static final String ANY = "ANY";

    /**
     * A unit of an output named by the suite: {@code text} occurring verbatim in the output, or a structured
     * medication ({@code field} such as {@code candidates[0].medications[1]}, with {@code drug} and {@code dose} as
     * described).
     */
    public record Unit(String category, String text, String field, String drug, String dose) {
        public Unit {
            category = category == null ? "" : category;
            text = text == null || text.isBlank() ? null : text;
            field = field == null || field.isBlank() ? null : field;
            if (text == null && field == null) {
                throw new IllegalArgumentException("a unit needs 'text' or 'field'");
            }
        }
    }

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
        unsafe = unsafe == null ? List.of() : List.copyOf(unsafe);
        lookalikes = lookalikes == null ? List.of() : List.copyOf(lookalikes);
        intended = intended == null ? List.of() : List.copyOf(intended);
        if ((question == null) != (sentence == null)) {
            throw new IllegalArgumentException("an answer case names its question and the sentence it judges");
        }
    }

    /** A case of an explanation without per-unit annotations. */
    public SafetyCase(String id, String file, String description, String lang, List<String> tags, String model,
                      PatientFacts facts, List<Candidate> candidates, String output, Set<String> expectVetoed,
                      String mutation) {
        this(id, file, description, lang, tags, model, facts, candidates, output, expectVetoed, mutation, List.of(),
            List.of(), List.of(), null, null);
    }

    /** A case of an explanation scored per unit (realistic prose). */
    public SafetyCase(String id, String file, String description, String lang, List<String> tags, String model,
                      PatientFacts facts, List<Candidate> candidates, String output, Set<String> expectVetoed,
                      String mutation, List<Unit> unsafe, List<Unit> lookalikes, List<String> intended) {
        this(id, file, description, lang, tags, model, facts, candidates, output, expectVetoed, mutation, unsafe,
            lookalikes, intended, null, null);
    }

    /** A question/answer case of Ask, for one sentence of the answer. */
    public SafetyCase(String id, String file, String description, String lang, List<String> tags, String model,
                      PatientFacts facts, List<Candidate> candidates, String output, Set<String> expectVetoed,
                      String mutation, String question, Integer sentence) {
        this(id, file, description, lang, tags, model, facts, candidates, output, expectVetoed, mutation, List.of(),
            List.of(), List.of(), question, sentence);
    }

    /** True for a question/answer case of Ask. */
    public boolean answerCase() {
        return question != null;
    }

    /** True when the case expects no veto at all. */
    public boolean expectAllowed() {
        return expectVetoed.isEmpty();
    }

    /** True for a case scored per unit (it names unsafe units or look-alikes). */
    public boolean unitScored() {
        return !unsafe.isEmpty() || !lookalikes.isEmpty() || expectVetoed.contains(ANY);
    }

    /** The rules that must veto, {@link #ANY} left out. */
    public Set<String> expectedRules() {
        return expectVetoed.stream().filter(r -> !r.equals(ANY)).collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    public SafetyCase mutated(String name, String newOutput) {
        return new SafetyCase(id + "~" + name, file, description, lang, tags, model, facts, candidates, newOutput,
            expectVetoed, name, unsafe, lookalikes, intended, question, sentence);
    }
}
