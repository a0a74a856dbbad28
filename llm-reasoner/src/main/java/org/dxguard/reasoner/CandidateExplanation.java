package org.dxguard.reasoner;

import java.util.List;

/**
 * The explanation of one candidate diagnosis: a rationale grounded in the cited evidence ids (the stable
 * {@link org.dxguard.model.Evidence#id()} values of the case), findings that would confirm or exclude it, next steps
 * (tests, referral) and any medication suggestions.
 */
public record CandidateExplanation(String diagnosis, String rationale, List<String> citedEvidenceIds,
                                   List<String> wouldConfirm, List<String> wouldExclude, List<String> nextSteps,
                                   List<MedicationSuggestion> medications) {
    public CandidateExplanation {
        diagnosis = Texts.require(diagnosis, "diagnosis");
        rationale = Texts.require(rationale, "rationale");
        citedEvidenceIds = Texts.strings(citedEvidenceIds);
        wouldConfirm = Texts.strings(wouldConfirm);
        wouldExclude = Texts.strings(wouldExclude);
        nextSteps = Texts.strings(nextSteps);
        medications = medications == null ? List.of() : List.copyOf(medications);
    }
}
