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
 * (and to the late answer's completion).
 */
record AskDecision(String decisionId, String question, String language, PatientFacts facts,
                   List<AnswerFacts.Fact> answerFacts, List<String> drugs, RuleEvaluation evaluation,
                   List<RuleFinding> findings, List<GuidelineExcerpt> excerpts,
                   org.dxguard.text.PatientIdentity identity) {

    /** The model's part of an answer, for the decision record: raw output, claims, verdicts, outcome. */
    record ModelPart(String modelId, String promptVersion, String raw, List<Claim> claims,
                     List<ClaimVerdict> verdicts, String vetoRulesVersion, String outcome) {}
}
