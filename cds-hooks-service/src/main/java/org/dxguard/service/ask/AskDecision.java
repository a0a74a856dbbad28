package org.dxguard.service.ask;

import java.util.List;
import org.dxguard.model.Claim;
import org.dxguard.model.ClaimVerdict;
import org.dxguard.model.GuidelineExcerpt;
import org.dxguard.model.PatientFacts;
import org.dxguard.model.RuleFinding;
import org.dxguard.rules.RuleEvaluation;
import org.dxguard.safety.AnswerFacts;

/**
 * What one question was answered from, before any model: the patient's facts, the drugs the question names and the
 * guideline rules' evaluation of them as hypothetical orders, and the excerpts retrieved. Confined to its request
 * (and to the late answer's completion). {@code recordNotes}: what reading the record noted (prefetch fetched
 * instead, medication references not resolved), for the decision record beside the rules' own data notes.
 */
record AskDecision(String decisionId, String question, String language, PatientFacts facts,
                   List<AnswerFacts.Fact> answerFacts, List<String> drugs, RuleEvaluation evaluation,
                   List<RuleFinding> findings, List<GuidelineExcerpt> excerpts,
                   org.dxguard.text.PatientIdentity identity, List<String> recordNotes) {
    AskDecision {
        recordNotes = recordNotes == null ? List.of() : List.copyOf(recordNotes);
    }

    /** The decision record's data notes: the record's, then the rules' (null when none, as in hook records). */
    List<String> dataNotes() {
        List<String> lines = new java.util.ArrayList<>(recordNotes);
        if (evaluation != null) {
            evaluation.notes().forEach(n -> {
                if (!lines.contains(n.line())) {
                    lines.add(n.line());
                }
            });
        }
        return lines.isEmpty() ? null : List.copyOf(lines);
    }

    /** The model's part of an answer, for the decision record: raw output, claims, verdicts, outcome. */
    record ModelPart(String modelId, String promptVersion, String raw, List<Claim> claims,
                     List<ClaimVerdict> verdicts, String vetoRulesVersion, String outcome) {}
}
