package org.dxguard.reasoner;

import java.util.List;

/**
 * The explanation of one candidate diagnosis: a rationale grounded in the cited evidence ids (the stable
 * {@link org.dxguard.model.Evidence#id()} values of the case), findings that would confirm or exclude it, next steps
 * (tests, referral), any medication suggestions, and the ids of the guideline excerpts it relies on
 * ({@link org.dxguard.model.GuidelineExcerpt#id()}, only ids that were given to the model; may be empty).
 *
 * <p>{@code guidelineExcerptIds} is the last component on purpose: the output schema lists it last in each
 * candidate, and the project's small local model is trained on exactly that key name and position.
 */
public record CandidateExplanation(String diagnosis, String rationale, List<String> citedEvidenceIds,
                                   List<String> wouldConfirm, List<String> wouldExclude, List<String> nextSteps,
                                   List<MedicationSuggestion> medications, List<String> guidelineExcerptIds) {
    public CandidateExplanation {
        diagnosis = Texts.require(diagnosis, "diagnosis");
        rationale = Texts.require(rationale, "rationale");
        citedEvidenceIds = Texts.strings(citedEvidenceIds);
        wouldConfirm = Texts.strings(wouldConfirm);
        wouldExclude = Texts.strings(wouldExclude);
        nextSteps = Texts.strings(nextSteps);
        medications = medications == null ? List.of() : List.copyOf(medications);
        guidelineExcerptIds = Texts.strings(guidelineExcerptIds);
    }

    /** Without guideline excerpts (explainers that retrieve none, e.g. the evidence-only one). */
    public CandidateExplanation(String diagnosis, String rationale, List<String> citedEvidenceIds,
                                List<String> wouldConfirm, List<String> wouldExclude, List<String> nextSteps,
                                List<MedicationSuggestion> medications) {
        this(diagnosis, rationale, citedEvidenceIds, wouldConfirm, wouldExclude, nextSteps, medications, List.of());
    }
}
