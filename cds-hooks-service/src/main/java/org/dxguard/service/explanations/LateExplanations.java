package org.dxguard.service.explanations;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.dxguard.model.Candidate;
import org.dxguard.model.PatientFacts;
import org.dxguard.reasoner.CandidateExplanation;
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
 * Explanations that miss the call's budget, and what the explanation page may show. The model call goes on; when it
 * finishes (on the reasoner's thread) its outcome is reviewed by the same {@link ExplanationReview} the call uses,
 * what may be shown ({@link ShownExplanation}: vetted text or a reason key, never raw output) is kept here for as long
 * as the card's link is valid, and a follow-up decision record ({@code explanation: late: ...}) is appended to the
 * audit log. The card carries an absolute link to the explanation page with an expiring capability token bound to
 * the hook instance and the calling issuer ({@link CapabilityTokens}); a repeated call with the same hook instance
 * shows the explanation in its card. Exactly one review and one follow-up record happen per hook instance and issuer
 * ({@link Explainer#claimLateReview}).
 *
 * <p>Explanations are keyed by hook instance and issuer ({@link #key}): another EHR that sends the same hook instance
 * never joins, sees or links to this one's explanation.
 */
public final class LateExplanations {
    private static final Logger LOG = LoggerFactory.getLogger(LateExplanations.class);
    public static final String PATH = "/explanations/";
    /** How long a card's explanation link stays valid unless configured. */
    public static final Duration DEFAULT_LINK_TTL = Duration.ofHours(24);
    /** At most this many kibibytes of kept explanations (oldest dropped first beyond it). */
    static final long MAX_KEPT_KIB = 64 * 1024;
    /** At most this many links' locales are kept (a page whose locale is gone falls back to the browser's). */
    static final long MAX_LOCALES = 200_000;

    private final Explainer explainer;
    private final ExplanationReview review;
    private final DecisionLog decisions;
    private final CapabilityTokens tokens;
    private final Supplier<URI> defaultBaseUrl;
    private final Duration linkTtl;
    private final Clock clock;
    private final Cache<String, ShownExplanation> shown;
    /** The locale of the call that made each link (by {@link #key}): the page's fixed texts are in its language. */
    private final Cache<String, Locale> locales;

    /**
     * @param defaultBaseUrl the base URL for links when a call does not say which one it used (the configured
     *                       public URL, or the bound host), known once the server is up
     * @param linkTtl        how long a card's link to the explanation page is valid (and its explanation kept)
     */
    public LateExplanations(Explainer explainer, ExplanationReview review, DecisionLog decisions,
                            CapabilityTokens tokens, Supplier<URI> defaultBaseUrl, Duration linkTtl, Clock clock) {
        this.explainer = Objects.requireNonNull(explainer, "explainer");
        this.review = Objects.requireNonNull(review, "review");
        this.decisions = Objects.requireNonNull(decisions, "decisions");
        this.tokens = Objects.requireNonNull(tokens, "tokens");
        this.defaultBaseUrl = Objects.requireNonNull(defaultBaseUrl, "defaultBaseUrl");
        this.linkTtl = linkTtl == null ? DEFAULT_LINK_TTL : linkTtl;
        this.clock = clock == null ? Clock.systemUTC() : clock;
        this.shown = Caffeine.newBuilder()
            .expireAfterWrite(this.linkTtl.plusMinutes(1))
            .maximumWeight(MAX_KEPT_KIB)
            .weigher((String k, ShownExplanation v) -> weightKib(v))
            .build();
        this.locales = Caffeine.newBuilder()
            .expireAfterWrite(this.linkTtl.plusMinutes(1))
            .maximumSize(MAX_LOCALES)
            .build();
    }

    /** The explainer's key of one call's explanation: its hook instance, scoped to the calling issuer. */
    public static String key(String hookInstance, String issuer) {
        return scopedKey(hookInstance, CapabilityTokens.issuerDigest(issuer));
    }

    static String scopedKey(String hookInstance, String issuerDigest) {
        return hookInstance + "@" + issuerDigest;
    }

    /** Keeps what may be shown of an outcome reviewed in the call (the page shows only reviewed text). */
    public void keep(String key, ExplanationReview.Result reviewed) {
        if (reviewed.shown().status() != ExplanationOutcome.Status.PENDING) {
            shown.put(key, reviewed.shown());
        }
    }

    /**
     * The explanation is late: have it reviewed, kept and recorded when it is finished (once per key), and return
     * the card's link to its page.
     *
     * @param baseUrl the base URL the caller used (or {@code --public-url}); null: the default
     * @param locale  the call's locale: the link's label and the page's fixed texts are in its language (kept with
     *                the explanation, never read from the link)
     */
    public Link pending(String hookInstance, String issuer, URI baseUrl, PatientFacts facts,
                        List<Candidate> candidates, DecisionDraft.FollowUp followUp, Locale locale) {
        String key = key(hookInstance, issuer);
        ClinicianPhrases phrases = ClinicianPhrases.forLocale(locale);
        locales.put(key, phrases == ClinicianPhrases.english() ? Locale.ENGLISH : Locale.CHINESE);
        explainer.claimLateReview(key).ifPresent(f -> f.whenComplete((o, error) -> {
            if (error != null || o == null) {
                LOG.warn("late explanation failed unexpectedly ({})", error == null ? "no outcome"
                    : error.getClass().getName());
                return;
            }
            finished(key, o, facts, candidates, followUp);
        }));
        return Link.absolute(phrases.text("card.link"), url(baseUrl, hookInstance, issuer));
    }

    private void finished(String key, ExplanationOutcome o, PatientFacts facts, List<Candidate> candidates,
                          DecisionDraft.FollowUp followUp) {
        // the model's thread: carry the call's trace id into these log lines, as on the request thread
        if (followUp.traceId() != null) {
            MDC.put(TraceContext.MDC_KEY, followUp.traceId());
        }
        try {
            ExplanationReview.Result r = review.review(o, facts, candidates);
            shown.put(key, r.shown());
            decisions.append(followUp.explanationRecord(clock.instant(), o.elapsed().toNanos() / 1000, o.modelId(),
                o.promptVersion(), ExplanationReview.recordedRaw(o), r.claims(), r.verdicts(), r.vetoRulesVersion(),
                "late: " + r.outcome()));
            // the status word and the reason key only: the detail may quote the model
            LOG.info("late explanation reviewed and recorded: {}{} after {} ms", r.shown().status().name()
                    .toLowerCase(Locale.ROOT), r.shown().why() == null ? "" : " " + r.shown().why().key(),
                o.elapsed().toMillis());
        } catch (RuntimeException e) {
            LOG.error("late explanation could not be reviewed or recorded ({})", e.getClass().getName());
            LOG.debug("late explanation failure", e);
        } finally {
            MDC.remove(TraceContext.MDC_KEY);
        }
    }

    /**
     * What the page of a valid link may show: the kept reviewed explanation; else, while the explainer still has it,
     * that it is being written or checked (or why it failed); empty when nothing is kept any more.
     */
    Optional<ShownExplanation> shown(String hookInstance, String issuerDigest) {
        String key = scopedKey(hookInstance, issuerDigest);
        ShownExplanation kept = shown.getIfPresent(key);
        if (kept != null) {
            return Optional.of(kept);
        }
        return explainer.lookup(key).map(ShownExplanation::unreviewed);
    }

    /** The locale of the call that made this hook instance's link for this issuer, while it is kept. */
    Optional<Locale> locale(String hookInstance, String issuerDigest) {
        return Optional.ofNullable(locales.getIfPresent(scopedKey(hookInstance, issuerDigest)));
    }

    /**
     * What may be shown of a hook instance's explanation to this issuer (the SMART app launched from its card, which
     * authenticated its own way): as {@link #shown(String, String)}.
     */
    public Optional<ShownExplanation> shownFor(String hookInstance, String issuer) {
        return shown(hookInstance, CapabilityTokens.issuerDigest(issuer));
    }

    /** The page of this hook instance's explanation, with a token for this issuer valid for the link's lifetime. */
    public String url(URI baseUrl, String hookInstance, String issuer) {
        String base = (baseUrl != null ? baseUrl : defaultBaseUrl.get()).toString();
        base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        return base + PATH + URLEncoder.encode(hookInstance, StandardCharsets.UTF_8) + "?t="
            + tokens.token(hookInstance, issuer, clock.instant().plus(linkTtl));
    }

    CapabilityTokens tokens() {
        return tokens;
    }

    Clock clock() {
        return clock;
    }

    private static int weightKib(ShownExplanation s) {
        long chars = 64;
        if (s.explanation() != null) {
            chars += s.explanation().summary().length();
            for (CandidateExplanation c : s.explanation().candidates()) {
                chars += c.diagnosis().length() + c.rationale().length() + 64L * (c.citedEvidenceIds().size()
                    + c.wouldConfirm().size() + c.wouldExclude().size() + c.nextSteps().size());
                for (String t : c.wouldConfirm()) {
                    chars += t.length();
                }
                for (String t : c.wouldExclude()) {
                    chars += t.length();
                }
                for (String t : c.nextSteps()) {
                    chars += t.length();
                }
            }
        }
        return (int) Math.min(Integer.MAX_VALUE, 1 + chars * 2 / 1024);
    }
}
