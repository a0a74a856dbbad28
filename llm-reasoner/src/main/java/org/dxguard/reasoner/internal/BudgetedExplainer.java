package org.dxguard.reasoner.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.dxguard.model.Candidate;
import org.dxguard.model.PatientFacts;
import org.dxguard.reasoner.Explainer;
import org.dxguard.reasoner.ExplainerHealth;
import org.dxguard.reasoner.ExplanationOutcome;
import org.dxguard.reasoner.ExplanationOutcome.Reason;
import org.dxguard.reasoner.ExplanationRequest;
import org.dxguard.reasoner.ReasonerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an {@link ExplanationSource} off the caller's thread and gives the caller at most its budget: the outcome if
 * it is done by then, otherwise PENDING. The call goes on; its outcome stays in a bounded cache keyed by hook
 * instance (size and time to live from the config) for {@link #lookup} and for repeated calls, which join the
 * running call instead of starting another. A circuit breaker refuses calls to a server that keeps failing; a
 * bounded pool (concurrency + queue) refuses calls beyond capacity. No model failure is ever thrown to the caller.
 */
public final class BudgetedExplainer implements Explainer {
    private static final Logger log = LoggerFactory.getLogger(BudgetedExplainer.class);
    static final String CIRCUIT_OPEN = "model server unavailable (circuit open)";

    private final ExplanationSource source;
    private final ReasonerConfig config;
    private final CircuitBreaker breaker;
    private final ExecutorService executor;
    private final Cache<String, Entry> cache;

    /** One explanation, running or done, and its reviewed form once the caller's review has been kept. */
    private static final class Entry {
        private final CompletableFuture<ExplanationOutcome> future;
        private final long startNanos;
        /** The prompt version of the language this explanation is written in (the first call's). */
        private final String promptVersion;
        private final AtomicBoolean lateReviewClaimed = new AtomicBoolean();
        private volatile ExplanationOutcome reviewed;

        Entry(CompletableFuture<ExplanationOutcome> future, long startNanos, String promptVersion) {
            this.future = future;
            this.startNanos = startNanos;
            this.promptVersion = promptVersion;
        }

        CompletableFuture<ExplanationOutcome> future() {
            return future;
        }

        long startNanos() {
            return startNanos;
        }
    }

    public BudgetedExplainer(ExplanationSource source, ReasonerConfig config) {
        this(source, config, new CircuitBreaker(config.breakerFailureThreshold(), config.breakerOpenDuration()));
    }

    public BudgetedExplainer(ExplanationSource source, ReasonerConfig config, CircuitBreaker breaker) {
        this.source = Objects.requireNonNull(source, "source");
        this.config = Objects.requireNonNull(config, "config");
        this.breaker = Objects.requireNonNull(breaker, "breaker");
        AtomicInteger n = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(config.maxConcurrentCalls(), config.maxConcurrentCalls(), 30,
            TimeUnit.SECONDS,
            config.maxQueuedCalls() == 0 ? new SynchronousQueue<>() : new LinkedBlockingQueue<>(config.maxQueuedCalls()),
            r -> {
                Thread t = new Thread(r, "dxguard-reasoner-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
        ((ThreadPoolExecutor) executor).allowCoreThreadTimeOut(true);
        this.cache = Caffeine.newBuilder()
            .maximumSize(config.cacheSize())
            .expireAfterWrite(config.cacheTtl())
            .build();
    }

    /** In the configured language ({@code DXGUARD_LLM_LANGUAGE}). */
    @Override
    public ExplanationOutcome explain(String hookInstance, PatientFacts facts, List<Candidate> candidates,
                                      Duration budget) {
        Objects.requireNonNull(hookInstance, "hookInstance");
        Objects.requireNonNull(facts, "facts");
        return explain(hookInstance, facts, candidates, budget, source.defaultLanguage());
    }

    @Override
    public ExplanationOutcome explain(ExplanationRequest request) {
        return explain(request.hookInstance(), request.facts(), request.candidates(), request.budget(),
            request.answerLanguageOr(source.defaultLanguage()));
    }

    private ExplanationOutcome explain(String hookInstance, PatientFacts facts, List<Candidate> candidates,
                                       Duration budget, String language) {
        long start = System.nanoTime();
        Duration wait = budget == null ? config.budget() : budget;
        List<Candidate> ranked = candidates == null ? List.of() : List.copyOf(candidates);
        if (ranked.isEmpty()) {
            return ExplanationOutcome.unavailable(Reason.NO_CANDIDATES, "no candidate diagnoses to explain", modelId(),
                source.promptVersion(language), null, null, Duration.ofNanos(System.nanoTime() - start));
        }
        Entry entry = cache.asMap().compute(hookInstance, (key, old) ->
            old != null && !retryable(old) ? old : start(facts, ranked, language, start));
        String promptVersion = entry.promptVersion;
        long remaining = wait.toNanos() - (System.nanoTime() - start);
        try {
            return entry.future().get(Math.max(0, remaining), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return ExplanationOutcome.pending(Reason.PENDING, "model timed out after " + ModelFailures.human(wait)
                    + "; the explanation is still being written and can be looked up later", modelId(),
                promptVersion, Duration.ofNanos(System.nanoTime() - start));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExplanationOutcome.pending(Reason.PENDING, "interrupted while waiting for the model", modelId(),
                promptVersion, Duration.ofNanos(System.nanoTime() - start));
        } catch (ExecutionException e) {
            // the class only at WARN: a message may quote what the model answered
            log.warn("explanation task failed unexpectedly ({})", e.getCause().getClass().getName());
            log.debug("explanation task failure", e.getCause());
            return ExplanationOutcome.unavailable(Reason.INTERNAL_ERROR, "internal error while explaining", modelId(),
                promptVersion, null, null, Duration.ofNanos(System.nanoTime() - start));
        }
    }

    /** A finished UNAVAILABLE outcome is not final: a repeated call tries again (the breaker still applies). */
    private static boolean retryable(Entry e) {
        return e.future().isDone() && e.future().getNow(null) != null
            && e.future().getNow(null).status() == ExplanationOutcome.Status.UNAVAILABLE;
    }

    private Entry start(PatientFacts facts, List<Candidate> candidates, String language, long start) {
        String promptVersion = source.promptVersion(language);
        if (!breaker.tryAcquire()) {
            return new Entry(CompletableFuture.completedFuture(unavailable(Reason.MODEL_UNAVAILABLE, CIRCUIT_OPEN, null,
                null, promptVersion, start)), start, promptVersion);
        }
        try {
            CompletableFuture<ExplanationOutcome> f =
                CompletableFuture.supplyAsync(() -> run(facts, candidates, language, promptVersion, start), executor);
            return new Entry(f, start, promptVersion);
        } catch (RejectedExecutionException e) {
            breaker.release(); // the server was not asked: neither a success nor a failure
            return new Entry(CompletableFuture.completedFuture(unavailable(Reason.OVERLOADED,
                "reasoner overloaded (" + config.maxConcurrentCalls() + " model calls running, queue full)",
                null, null, promptVersion, start)), start, promptVersion);
        }
    }

    private ExplanationOutcome run(PatientFacts facts, List<Candidate> candidates, String language,
                                   String promptVersion, long start) {
        try {
            ExplanationSource.Generation g = source.generate(facts, candidates, language);
            if (g.modelId() != null) {
                // written by another explainer instead (the evidence-only fallback): the model was not asked
                breaker.release();
                return ExplanationOutcome.ready(g.explanation(), g.why(), g.detail(), g.modelId(), g.promptVersion(),
                    null, null, Duration.ofNanos(System.nanoTime() - start));
            }
            breaker.onSuccess();
            if (g.explanation() != null) {
                return ExplanationOutcome.ready(g.explanation(), modelId(), promptVersion, g.rawOutput(),
                    g.thinking(), Duration.ofNanos(System.nanoTime() - start));
            }
            return unavailable(g.why(), g.detail(), g.rawOutput(), g.thinking(), promptVersion, start);
        } catch (ModelCallException e) {
            if (e.serverFailure()) {
                breaker.onFailure();
            } else {
                breaker.release();
            }
            // the detail is built from status codes and class names (ModelFailures), never from the server's text
            log.info("model call failed ({}, {}): {}", e.errorCode().code(), e.why().key(), e.reason());
            return unavailable(e.why(), e.reason(), null, null, promptVersion, start);
        } catch (RuntimeException e) {
            breaker.onFailure();
            // the class only at WARN: a message may quote what the model answered
            log.warn("model call failed unexpectedly ({})", e.getClass().getName());
            log.debug("model call failure", e);
            return unavailable(Reason.INTERNAL_ERROR, "model call failed (" + e.getClass().getSimpleName() + ")", null,
                null, promptVersion, start);
        }
    }

    private ExplanationOutcome unavailable(Reason why, String detail, String raw, String thinking, String promptVersion,
                                           long start) {
        return ExplanationOutcome.unavailable(why, detail, modelId(), promptVersion, raw, thinking,
            Duration.ofNanos(System.nanoTime() - start));
    }

    @Override
    public Optional<ExplanationOutcome> lookup(String hookInstance) {
        Entry e = hookInstance == null ? null : cache.getIfPresent(hookInstance);
        if (e == null) {
            return Optional.empty();
        }
        ExplanationOutcome done = e.future().getNow(null);
        if (done != null) {
            return Optional.of(done);
        }
        return Optional.of(ExplanationOutcome.pending(Reason.PENDING, "the explanation is still being written", modelId(),
            e.promptVersion, Duration.ofNanos(System.nanoTime() - e.startNanos())));
    }

    @Override
    public Optional<CompletableFuture<ExplanationOutcome>> claimLateReview(String hookInstance) {
        Entry e = hookInstance == null ? null : cache.getIfPresent(hookInstance);
        if (e == null || !e.lateReviewClaimed.compareAndSet(false, true)) {
            return Optional.empty();
        }
        return Optional.of(e.future().copy());
    }

    @Override
    public void keepReviewed(String hookInstance, ExplanationOutcome reviewed) {
        Objects.requireNonNull(reviewed, "reviewed");
        Entry e = hookInstance == null ? null : cache.getIfPresent(hookInstance);
        if (e != null && e.future().isDone()) {
            e.reviewed = reviewed;
        }
    }

    @Override
    public Optional<ExplanationOutcome> lookupReviewed(String hookInstance) {
        Entry e = hookInstance == null ? null : cache.getIfPresent(hookInstance);
        if (e == null) {
            return Optional.empty();
        }
        if (e.reviewed != null) {
            return Optional.of(e.reviewed);
        }
        return lookup(hookInstance).map(o -> o.status() != ExplanationOutcome.Status.READY ? o
            : ExplanationOutcome.pending(Reason.BEING_CHECKED, Explainer.BEING_CHECKED, o.modelId(), o.promptVersion(),
                o.elapsed()));
    }

    @Override
    public String modelId() {
        return source.modelId();
    }

    /** The breaker's state, for health checks. */
    public CircuitBreaker.State circuitState() {
        return breaker.state();
    }

    @Override
    public ExplainerHealth health() {
        return new ExplainerHealth("model-server", ExplainerHealth.Circuit.valueOf(breaker.state().name()));
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
