package org.dxguard.reasoner;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.dxguard.model.Candidate;
import org.dxguard.model.PatientFacts;

/**
 * Writes the differential explanation for one hook call. Thread-safe. Create one per process with
 * {@link Explainers#create} with a {@link ReasonerConfig}, and {@link #close()} it on shutdown.
 */
public interface Explainer extends AutoCloseable {

    /**
     * Starts (or joins) the explanation for this hook instance; returns within {@code budget} (+ small overhead)
     * with either the validated explanation or the reason there is none yet ({@code PENDING}: look it up later) or at
     * all ({@code UNAVAILABLE}). Never throws for model failures. A {@code null} budget means the configured one.
     * Calls with the same hook instance join the same explanation (the first call's facts and candidates win);
     * a finished UNAVAILABLE explanation is tried again.
     */
    ExplanationOutcome explain(String hookInstance, PatientFacts facts, List<Candidate> candidates, Duration budget);

    /**
     * As {@link #explain(String, PatientFacts, List, Duration)}, in the request's language: the model is asked with the
     * prompt of {@link ExplanationRequest#answerLanguageOr(String)} ({@code differential-v2-zh} for Chinese) and its answer
     * must be written in it (else {@code explanation.wrong-language}); the outcome records that prompt version. A
     * request without a locale, and the 4-argument form, use the configured {@code DXGUARD_LLM_LANGUAGE}. Explainers without a model (evidence-only)
     * ignore the locale. The first call of a hook instance decides its language (later calls join it).
     */
    default ExplanationOutcome explain(ExplanationRequest request) {
        return explain(request.hookInstance(), request.facts(), request.candidates(), request.budget());
    }

    /** The outcome for a hook instance (finished late, still pending, or why it failed), while it is cached. */
    Optional<ExplanationOutcome> lookup(String hookInstance);

    /** The reason of a finished explanation whose review (the veto) has not been kept yet. */
    String BEING_CHECKED = "the explanation is written and is being checked against the guidelines";

    /**
     * For a late explanation: the future of this hook instance's explanation, returned to the FIRST caller only
     * (so that exactly one review and one follow-up audit record happen), empty for later callers or when nothing is
     * cached. The caller reviews the finished outcome (the veto) and {@link #keepReviewed keeps} what may be shown.
     */
    default Optional<CompletableFuture<ExplanationOutcome>> claimLateReview(String hookInstance) {
        return Optional.empty();
    }

    /**
     * Keeps the reviewed form of this hook instance's finished outcome (the vetoed and filtered explanation, or
     * UNAVAILABLE saying why it was withheld) with the cached explanation, in the same bounded cache; evicted with
     * it. Ignored when nothing finished is cached.
     */
    default void keepReviewed(String hookInstance, ExplanationOutcome reviewed) {}

    /**
     * What may be shown for this hook instance outside the hook call (the explanation page): the kept reviewed
     * outcome; else the raw outcome when it is PENDING or UNAVAILABLE; a finished but not yet reviewed explanation
     * is reported as PENDING ({@link #BEING_CHECKED}), never shown. Empty when nothing is cached.
     */
    default Optional<ExplanationOutcome> lookupReviewed(String hookInstance) {
        return Optional.empty();
    }

    /** Its kind and circuit breaker, for readiness probes (default: the class name, no circuit). */
    default ExplainerHealth health() {
        return new ExplainerHealth(getClass().getSimpleName(), null);
    }

    /** The label recorded with every outcome, e.g. {@code deepseek-r1-distill-qwen-7b+lora-v1} or {@code dxguard-evidence-only}. */
    String modelId();

    /** Stops background model calls. */
    @Override
    default void close() {}
}
