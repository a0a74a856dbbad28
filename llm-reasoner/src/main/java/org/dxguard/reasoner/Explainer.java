package org.dxguard.reasoner;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.dxguard.model.Candidate;
import org.dxguard.model.PatientFacts;

/**
 * Writes the differential explanation for one hook call. Thread-safe. Create one per process with
 * {@link #fromEnvironment()} or {@link Explainers}, and {@link #close()} it on shutdown.
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

    /**
     * The OpenAI-compatible explainer when {@code DXGUARD_LLM_BASE_URL} is set; else the embedded small local model
     * ({@code dxguard-tiny-local-v1}), or the evidence-only explainer with {@code DXGUARD_LLM_EMBEDDED=off} or when
     * the model cannot load on this machine (see {@link Explainers#create}).
     */
    static Explainer fromEnvironment() {
        return Explainers.create(ReasonerConfig.fromEnvironment());
    }

    /** Stops background model calls. */
    @Override
    default void close() {}
}
