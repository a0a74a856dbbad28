package org.dxguard.service.audit;

import java.time.Instant;
import java.util.List;
import org.dxguard.model.Candidate;
import org.dxguard.model.Claim;
import org.dxguard.model.Veto;

/**
 * One decision, as stored. {@code prev} and {@code hash} chain the log.
 *
 * <p>The model explanation, when one was reviewed: {@code modelId}, {@code promptVersion}, the model's
 * {@code rawOutput} (audit only, never shown), every extracted {@code claims}, every {@code vetoes} (each names its
 * claim, rule, guideline and citation), the {@code vetoRulesVersion} and what was shown ({@code explanation}:
 * {@code shown}, {@code filtered} or {@code withheld: <reason>}). These fields are null (and absent from the stored
 * JSON) when no explanation was reviewed, so records written before they existed verify unchanged.
 *
 * <p>{@code candidates}: the ranked differential (candidate diagnoses with their supporting and missing evidence)
 * of a patient-view call, null otherwise (absent from the stored JSON, so older records verify unchanged).
 *
 * <p>{@code traceId} is the HTTP request's trace id (from {@code traceparent}, {@code X-Request-Id} or generated),
 * also in the service's log lines and the response headers; null (absent) in records written before it existed.
 *
 * <p>{@code ask}: what a question to Ask dxguard was answered from ({@code serviceId} {@code dxguard-ask},
 * {@code hookInstance} the answer's decision id): the question, its language, the excerpts retrieved, the patient's
 * facts, the drugs named and the guideline rules' findings for them as hypothetical orders, and the fixed-phrase
 * keys of what was withheld; the model's raw answer, its claims and vetoes are in the fields above. Null (absent)
 * for every other record.
 *
 * <p>{@code dataNotes}: what the rules could not use as the record sent it, or derived from it, one line each
 * ({@code UNUSABLE_VALUE Observation/obs-1: glucose 5.8 has no unit…}, {@code UNKNOWN_DRUG …}, {@code DOSE_UNREAD …},
 * {@code DERIVED_VALUE …}, {@code STALE_VALUE …}, {@code PREFETCH …}); null (absent) when there were none.
 */
public record DecisionRecord(long seq, String hookInstance, String serviceId, String hook, String issuer,
                             Instant receivedAt, long elapsedMicros, int status, String inputSha256,
                             String rulesetVersion, List<Fired> rulesFired, List<CardSummary> cards, String error,
                             String prev, String hash, String modelId, String promptVersion, String rawOutput,
                             List<Claim> claims, List<Veto> vetoes, String vetoRulesVersion, String explanation,
                             List<Candidate> candidates, String traceId, List<String> dataNotes, Ask ask) {
    /** What an Ask answer was made from (see the class comment). */
    public record Ask(String question, String language, List<String> drugs, List<String> retrievedExcerptIds,
                      List<AskFact> facts, List<AskFinding> ruleFindings, String answerKind, List<String> withheld) {}

    /** One fact of the patient as the answer listed it. */
    public record AskFact(String id, String label, String value, String when) {}

    /** One guideline rule finding about a drug named in the question, given as a hypothetical new order. */
    public record AskFinding(String ruleId, String ruleVersion, String severity, String drug, String summary) {}

    /** A record without an Ask part (every record but Ask's). */
    public DecisionRecord(long seq, String hookInstance, String serviceId, String hook, String issuer,
                          Instant receivedAt, long elapsedMicros, int status, String inputSha256,
                          String rulesetVersion, List<Fired> rulesFired, List<CardSummary> cards, String error,
                          String prev, String hash, String modelId, String promptVersion, String rawOutput,
                          List<Claim> claims, List<Veto> vetoes, String vetoRulesVersion, String explanation,
                          List<Candidate> candidates, String traceId, List<String> dataNotes) {
        this(seq, hookInstance, serviceId, hook, issuer, receivedAt, elapsedMicros, status, inputSha256, rulesetVersion,
            rulesFired, cards, error, prev, hash, modelId, promptVersion, rawOutput, claims, vetoes, vetoRulesVersion,
            explanation, candidates, traceId, dataNotes, null);
    }

    /** The record as it was before data notes were recorded (null: absent from the stored JSON). */
    public DecisionRecord(long seq, String hookInstance, String serviceId, String hook, String issuer,
                          Instant receivedAt, long elapsedMicros, int status, String inputSha256,
                          String rulesetVersion, List<Fired> rulesFired, List<CardSummary> cards, String error,
                          String prev, String hash, String modelId, String promptVersion, String rawOutput,
                          List<Claim> claims, List<Veto> vetoes, String vetoRulesVersion, String explanation,
                          List<Candidate> candidates, String traceId) {
        this(seq, hookInstance, serviceId, hook, issuer, receivedAt, elapsedMicros, status, inputSha256, rulesetVersion,
            rulesFired, cards, error, prev, hash, modelId, promptVersion, rawOutput, claims, vetoes, vetoRulesVersion,
            explanation, candidates, traceId, null);
    }

    /** The record as it was before the differential's candidates and the trace id were recorded (they are null). */
    public DecisionRecord(long seq, String hookInstance, String serviceId, String hook, String issuer,
                          Instant receivedAt, long elapsedMicros, int status, String inputSha256,
                          String rulesetVersion, List<Fired> rulesFired, List<CardSummary> cards, String error,
                          String prev, String hash, String modelId, String promptVersion, String rawOutput,
                          List<Claim> claims, List<Veto> vetoes, String vetoRulesVersion, String explanation) {
        this(seq, hookInstance, serviceId, hook, issuer, receivedAt, elapsedMicros, status, inputSha256, rulesetVersion,
            rulesFired, cards, error, prev, hash, modelId, promptVersion, rawOutput, claims, vetoes, vetoRulesVersion,
            explanation, null, null);
    }

    /** The record as it was before the explanation fields existed (they are null). */
    public DecisionRecord(long seq, String hookInstance, String serviceId, String hook, String issuer,
                          Instant receivedAt, long elapsedMicros, int status, String inputSha256,
                          String rulesetVersion, List<Fired> rulesFired, List<CardSummary> cards, String error,
                          String prev, String hash) {
        this(seq, hookInstance, serviceId, hook, issuer, receivedAt, elapsedMicros, status, inputSha256, rulesetVersion,
            rulesFired, cards, error, prev, hash, null, null, null, null, null, null, null, null, null);
    }

    public record Fired(String ruleId, String ruleVersion, List<String> facts) {}

    /** {@code ruleId} is set for cards produced by a guideline rule. */
    public record CardSummary(String uuid, String indicator, String summary, String source, String ruleId) {}

    DecisionRecord withChain(long seq, String prev, String hash) {
        return new DecisionRecord(seq, hookInstance, serviceId, hook, issuer, receivedAt, elapsedMicros, status,
            inputSha256, rulesetVersion, rulesFired, cards, error, prev, hash, modelId, promptVersion, rawOutput, claims,
            vetoes, vetoRulesVersion, explanation, candidates, traceId, dataNotes, ask);
    }
}
