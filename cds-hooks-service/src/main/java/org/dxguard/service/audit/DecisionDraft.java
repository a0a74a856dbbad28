package org.dxguard.service.audit;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.dxguard.rules.FiredRule;
import org.dxguard.rules.RuleEvaluation;
import org.dxguard.service.cdshooks.Card;

/** Collects what one call decided, while it is being decided. Confined to the request's thread. */
public final class DecisionDraft {
    private final String serviceId;
    private final String issuer;
    private final Instant receivedAt;
    private final long startNanos = System.nanoTime();
    private final String inputSha256;
    private String hookInstance;
    private String hook;
    private String rulesetVersion;
    private final List<DecisionRecord.Fired> fired = new ArrayList<>();
    private final List<DecisionRecord.CardSummary> cards = new ArrayList<>();
    private final java.util.Map<String, String> cardRules = new java.util.HashMap<>();
    private String modelId;
    private String promptVersion;
    private String rawOutput;
    private List<org.dxguard.model.Claim> claims;
    private List<org.dxguard.model.Veto> vetoes;
    private String vetoRulesVersion;
    private String explanation;
    private List<org.dxguard.model.Candidate> candidates;
    private String traceId;
    private final List<String> dataNotes = new ArrayList<>();

    public DecisionDraft(String serviceId, String issuer, Instant receivedAt, byte[] body) {
        this.serviceId = serviceId;
        this.issuer = issuer;
        this.receivedAt = receivedAt;
        this.inputSha256 = sha256(body);
    }

    /** Time since this call's draft was opened (the call's arrival at the API, after authentication). */
    public java.time.Duration elapsed() {
        return java.time.Duration.ofNanos(System.nanoTime() - startNanos);
    }

    /** The trace id of the HTTP request (W3C trace id, the caller's X-Request-Id, or generated); may be null. */
    public DecisionDraft traceId(String traceId) {
        this.traceId = traceId;
        return this;
    }

    public DecisionDraft request(String hook, String hookInstance) {
        this.hook = hook;
        this.hookInstance = hookInstance;
        return this;
    }

    public void rulesEvaluated(RuleEvaluation evaluation) {
        rulesetVersion = evaluation.rulesetVersion();
        for (FiredRule f : evaluation.fired()) {
            fired.add(new DecisionRecord.Fired(f.ruleId(), f.ruleVersion(), f.facts()));
        }
        for (org.dxguard.rules.DataNote n : evaluation.notes()) {
            dataNote(n.line());
        }
    }

    /** Records one data note (once): something in the record the rules could not use, or derived. */
    public void dataNote(String line) {
        if (!dataNotes.contains(line)) {
            dataNotes.add(line);
        }
    }

    /** Notes which guideline rule produced a card, so feedback on it counts against that rule. */
    public void cardFromRule(String cardUuid, String ruleId) {
        cardRules.put(cardUuid, ruleId);
    }

    public void cardsReturned(List<Card> returned) {
        for (Card c : returned) {
            cards.add(new DecisionRecord.CardSummary(c.uuid(), c.indicator().wire(), c.summary(),
                c.source().label(), cardRules.get(c.uuid())));
        }
    }

    /**
     * Records the model explanation that was reviewed: which model and prompt wrote it, its raw output (audit only),
     * every claim extracted from it, the veto's verdicts and what was shown ({@code shown}, {@code filtered} or
     * {@code withheld: <reason>}).
     */
    public DecisionDraft explanationReviewed(String modelId, String promptVersion, String rawOutput,
                                             List<org.dxguard.model.Claim> claims,
                                             List<org.dxguard.model.ClaimVerdict> verdicts, String vetoRulesVersion,
                                             String shown) {
        this.modelId = modelId;
        this.promptVersion = promptVersion;
        this.rawOutput = rawOutput;
        this.claims = claims == null ? List.of() : List.copyOf(claims);
        this.vetoes = verdicts == null ? List.of() : verdicts.stream().flatMap(v -> v.vetoes().stream()).toList();
        this.vetoRulesVersion = vetoRulesVersion;
        this.explanation = shown;
        return this;
    }

    /** Records the ranked differential of a patient-view call (candidates with their evidence). */
    public DecisionDraft candidatesRanked(List<org.dxguard.model.Candidate> ranked) {
        this.candidates = ranked == null ? null : List.copyOf(ranked);
        return this;
    }

    /**
     * What a follow-up record needs from this call (hook instance, service, caller, request hash, rule set), captured
     * now so that it can be used from another thread later.
     */
    public FollowUp followUp() {
        return new FollowUp(hookInstance, serviceId, hook, issuer, inputSha256, rulesetVersion, traceId);
    }

    /**
     * A later record about a call that was already answered, e.g. its explanation that arrived after the card went
     * out: same hook instance, service, caller and request hash; no cards; {@code explanation} says what it was
     * ({@code late: shown}, {@code late: filtered}, {@code late: withheld: <reason>}, {@code late: unavailable: <reason>}),
     * and it carries the call's trace id, so the two records are found together.
     */
    public record FollowUp(String hookInstance, String serviceId, String hook, String issuer, String inputSha256,
                           String rulesetVersion, String traceId) {
        public DecisionRecord explanationRecord(Instant at, long elapsedMicros, String modelId, String promptVersion,
                                                String rawOutput, List<org.dxguard.model.Claim> claims,
                                                List<org.dxguard.model.ClaimVerdict> verdicts, String vetoRulesVersion,
                                                String shown) {
            return new DecisionRecord(0, hookInstance, serviceId, hook, issuer, at, elapsedMicros, 200, inputSha256,
                rulesetVersion, List.of(), List.of(), null, null, null, modelId, promptVersion, rawOutput,
                claims == null ? List.of() : List.copyOf(claims),
                verdicts == null ? List.of() : verdicts.stream().flatMap(v -> v.vetoes().stream()).toList(),
                vetoRulesVersion, shown, null, traceId);
        }
    }

    public DecisionRecord toRecord(int status, String error) {
        return new DecisionRecord(0, hookInstance, serviceId, hook, issuer, receivedAt,
            (System.nanoTime() - startNanos) / 1000, status, inputSha256, rulesetVersion, List.copyOf(fired),
            List.copyOf(cards), error, null, null, modelId, promptVersion, rawOutput, claims, vetoes, vetoRulesVersion,
            explanation, candidates, traceId, dataNotes.isEmpty() ? null : List.copyOf(dataNotes));
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
