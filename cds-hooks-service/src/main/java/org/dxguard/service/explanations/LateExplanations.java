package org.dxguard.service.explanations;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.dxguard.model.Candidate;
import org.dxguard.model.PatientFacts;
import org.dxguard.reasoner.Explainer;
import org.dxguard.reasoner.ExplanationOutcome;
import org.dxguard.service.audit.DecisionDraft;
import org.dxguard.service.audit.DecisionLog;
import org.dxguard.service.cdshooks.Link;
import org.dxguard.service.observability.TraceContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Explanations that miss the call's budget. The model call goes on; when it finishes (on the reasoner's thread) its
 * outcome is reviewed by the same {@link ExplanationReview} the call uses, the reviewed outcome is kept in the
 * explainer's bounded cache by hook instance ({@link Explainer#keepReviewed}), and a follow-up decision record
 * ({@code explanation: late: ...}) is appended to the audit log. The card carries an absolute link to the
 * explanation page with a capability token; a repeated call with the same hook instance shows it in its card.
 * Exactly one review and one follow-up record happen per hook instance ({@link Explainer#claimLateReview}).
 */
public final class LateExplanations {
    private static final Logger LOG = LoggerFactory.getLogger(LateExplanations.class);
    public static final String PATH = "/explanations/";

    private final Explainer explainer;
    private final ExplanationReview review;
    private final DecisionLog decisions;
    private final CapabilityTokens tokens;
    private final Supplier<URI> baseUrl;
    private final Clock clock;

    /** @param baseUrl the service's public base URL (scheme://host:port[/prefix]), known once the server is up */
    public LateExplanations(Explainer explainer, ExplanationReview review, DecisionLog decisions,
                            CapabilityTokens tokens, Supplier<URI> baseUrl, Clock clock) {
        this.explainer = Objects.requireNonNull(explainer, "explainer");
        this.review = Objects.requireNonNull(review, "review");
        this.decisions = Objects.requireNonNull(decisions, "decisions");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
        this.clock = clock == null ? Clock.systemUTC() : clock;
    }

    /** Keeps the reviewed form of an outcome reviewed in the call (so the page shows only reviewed text). */
    public void keep(String hookInstance, ExplanationReview.Result reviewed) {
        if (reviewed.shown().status() != ExplanationOutcome.Status.PENDING) {
            explainer.keepReviewed(hookInstance, reviewed.shown());
        }
    }

    /**
     * The explanation is late: have it reviewed, kept and recorded when it is finished (once per hook instance),
     * and return the card's link to its page.
     */
    public Link pending(String hookInstance, PatientFacts facts, List<Candidate> candidates,
                        DecisionDraft.FollowUp followUp) {
        explainer.claimLateReview(hookInstance).ifPresent(f -> f.whenComplete((o, error) -> {
            if (error != null || o == null) {
                LOG.warn("late explanation failed unexpectedly: {}", String.valueOf(error));
                return;
            }
            finished(hookInstance, o, facts, candidates, followUp);
        }));
        return Link.absolute("AI explanation (being written; opens when ready)", url(hookInstance));
    }

    private void finished(String hookInstance, ExplanationOutcome o, PatientFacts facts, List<Candidate> candidates,
                          DecisionDraft.FollowUp followUp) {
        // the model's thread: carry the call's trace id into these log lines, as on the request thread
        if (followUp.traceId() != null) {
            MDC.put(TraceContext.MDC_KEY, followUp.traceId());
        }
        try {
            ExplanationReview.Result r = review.review(o, facts, candidates);
            explainer.keepReviewed(hookInstance, r.shown());
            decisions.append(followUp.explanationRecord(clock.instant(), o.elapsed().toNanos() / 1000, o.modelId(),
                o.promptVersion(), o.rawOutput(), r.claims(), r.verdicts(), r.vetoRulesVersion(),
                "late: " + r.outcome()));
            LOG.info("late explanation reviewed and recorded: {} after {} ms", r.outcome().split(":")[0],
                o.elapsed().toMillis());
        } catch (RuntimeException e) {
            LOG.error("late explanation could not be reviewed or recorded: {}", e.toString());
        } finally {
            MDC.remove(TraceContext.MDC_KEY);
        }
    }

    /** The page of this hook instance's explanation, with its capability token. */
    public String url(String hookInstance) {
        String base = baseUrl.get().toString();
        base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        return base + PATH + URLEncoder.encode(hookInstance, StandardCharsets.UTF_8) + "?t=" + tokens.token(hookInstance);
    }
}
