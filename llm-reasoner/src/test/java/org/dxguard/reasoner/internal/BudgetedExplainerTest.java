package org.dxguard.reasoner.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.dxguard.model.Candidate;
import org.dxguard.model.PatientFacts;
import org.dxguard.reasoner.CandidateExplanation;
import org.dxguard.reasoner.Explanation;
import org.dxguard.reasoner.ExplanationOutcome;
import org.dxguard.reasoner.ExplanationOutcome.Status;
import org.dxguard.reasoner.ReasonerConfig;
import org.dxguard.reasoner.ReasonerErrors;
import org.dxguard.reasoner.ReasonerFixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Budget, join, cache and breaker semantics over a scripted {@link ExplanationSource} (our own interface; the real
 * langchain4j client against a local server is exercised in {@code OpenAiCompatibleExplainerIT}).
 */
class BudgetedExplainerTest {

    /** A source whose calls block until released, then succeed or fail as scripted. */
    private static final class ScriptedSource implements ExplanationSource {
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger calls = new AtomicInteger();
        volatile boolean block;
        volatile boolean fail;
        volatile String rejection;
        volatile RuntimeException unexpected;

        @Override
        public Generation generate(PatientFacts facts, List<Candidate> candidates) {
            calls.incrementAndGet();
            if (block) {
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (unexpected != null) {
                throw unexpected;
            }
            if (fail) {
                throw new ModelCallException(ReasonerErrors.MODEL_UNAVAILABLE, ExplanationOutcome.Reason.MODEL_ERROR,
                    "model server error (HTTP 500)", null);
            }
            if (rejection != null) {
                return Generation.rejected(ExplanationOutcome.Reason.UNREADABLE, rejection, "raw", "thought");
            }
            return Generation.explained(new Explanation(List.of(new CandidateExplanation("Diabetic kidney disease",
                "low eGFR [ev-egfr-low]", List.of("ev-egfr-low"), null, null, null, null)), "s"), "{}", "thought");
        }

        @Override
        public String modelId() {
            return "scripted";
        }

        @Override
        public String promptVersion() {
            return "differential-v1";
        }
    }

    private final ScriptedSource source = new ScriptedSource();
    private final BudgetedExplainer explainer = new BudgetedExplainer(source, ReasonerConfig.builder()
        .breakerFailureThreshold(2).breakerOpenDuration(Duration.ofMinutes(5)).build());

    @AfterEach
    void close() {
        source.release.countDown();
        explainer.close();
    }

    private ExplanationOutcome explain(String hook, Duration budget) {
        return explainer.explain(hook, ReasonerFixtures.dkdPatient(), ReasonerFixtures.candidates(), budget);
    }

    @Test
    void should_return_ready_with_audit_texts_when_source_answers_within_budget() {
        // when
        ExplanationOutcome outcome = explain("h1", Duration.ofSeconds(5));

        // then
        assertThat(outcome.status()).isEqualTo(Status.READY);
        assertThat(outcome.modelId()).isEqualTo("scripted");
        assertThat(outcome.thinking()).isEqualTo("thought");
        assertThat(outcome.explanation().candidates().get(0).rationale()).doesNotContain("thought");
    }

    @Test
    void should_return_pending_then_late_result_on_lookup_when_source_is_slower_than_budget() throws Exception {
        // given
        source.block = true;

        // when
        ExplanationOutcome first = explain("h2", Duration.ofMillis(50));

        // then
        assertThat(first.status()).isEqualTo(Status.PENDING);
        assertThat(first.detail()).startsWith("model timed out after 50 ms");
        assertThat(explainer.lookup("h2")).hasValueSatisfying(o -> assertThat(o.status()).isEqualTo(Status.PENDING));

        // when the model finishes
        source.release.countDown();
        ExplanationOutcome late = awaitDone("h2");

        // then
        assertThat(late.status()).isEqualTo(Status.READY);
        assertThat(source.calls).hasValue(1);
    }

    @Test
    void should_join_the_running_call_when_the_same_hook_instance_is_explained_again() {
        // given
        source.block = true;
        explain("h3", Duration.ofMillis(20));

        // when
        source.release.countDown();
        ExplanationOutcome second = explain("h3", Duration.ofSeconds(5));

        // then
        assertThat(second.status()).isEqualTo(Status.READY);
        assertThat(source.calls).hasValue(1);
    }

    @Test
    void should_report_rejection_with_raw_output_when_answer_fails_validation() {
        // given
        source.rejection = "model output failed schema validation: truncated JSON";

        // when
        ExplanationOutcome outcome = explain("h4", Duration.ofSeconds(5));

        // then
        assertThat(outcome.status()).isEqualTo(Status.UNAVAILABLE);
        assertThat(outcome.detail()).isEqualTo("model output failed schema validation: truncated JSON");
        assertThat(outcome.rawOutput()).isEqualTo("raw");
        assertThat(explainer.circuitState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void should_open_circuit_and_stop_calling_when_source_keeps_failing() {
        // given
        source.fail = true;

        // when
        ExplanationOutcome a = explain("h5", Duration.ofSeconds(5));
        ExplanationOutcome b = explain("h6", Duration.ofSeconds(5));
        ExplanationOutcome c = explain("h7", Duration.ofSeconds(5));

        // then
        assertThat(a.detail()).isEqualTo("model server error (HTTP 500)");
        assertThat(b.status()).isEqualTo(Status.UNAVAILABLE);
        assertThat(c.detail()).isEqualTo("model server unavailable (circuit open)");
        assertThat(source.calls).hasValue(2);
        assertThat(explainer.circuitState()).isEqualTo(CircuitBreaker.State.OPEN);
    }

    @Test
    void should_try_again_when_a_hook_instance_failed_before() {
        // given
        source.rejection = "model output failed schema validation: truncated JSON";
        explain("h8", Duration.ofSeconds(5));
        source.rejection = null;

        // when
        ExplanationOutcome again = explain("h8", Duration.ofSeconds(5));

        // then
        assertThat(again.status()).isEqualTo(Status.READY);
        assertThat(source.calls).hasValue(2);
    }

    @Test
    void should_not_call_the_model_when_there_are_no_candidates() {
        // when
        ExplanationOutcome outcome = explainer.explain("h9", ReasonerFixtures.dkdPatient(), List.of(),
            Duration.ofSeconds(1));

        // then
        assertThat(outcome.status()).isEqualTo(Status.UNAVAILABLE);
        assertThat(source.calls).hasValue(0);
    }

    private ExplanationOutcome awaitDone(String hook) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            ExplanationOutcome o = explainer.lookup(hook).orElseThrow();
            if (o.status() != Status.PENDING) {
                return o;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("explanation for " + hook + " did not finish");
    }

    @Test
    void should_not_throw_when_source_fails_unexpectedly() {
        // given
        source.unexpected = new IllegalStateException("bug in an adapter");

        // when
        ExplanationOutcome outcome = explain("h10", Duration.ofSeconds(5));

        // then
        assertThat(outcome.status()).isEqualTo(Status.UNAVAILABLE);
        assertThat(outcome.detail()).isEqualTo("model call failed (IllegalStateException)");
    }

    @Test
    void should_refuse_at_once_when_all_model_calls_are_busy_and_queue_is_full() {
        // given
        source.block = true;
        try (BudgetedExplainer small = new BudgetedExplainer(source, ReasonerConfig.builder()
            .maxConcurrentCalls(1).maxQueuedCalls(0).build())) {
            small.explain("busy-1", ReasonerFixtures.dkdPatient(), ReasonerFixtures.candidates(), Duration.ofMillis(10));

            // when
            ExplanationOutcome refused = small.explain("busy-2", ReasonerFixtures.dkdPatient(),
                ReasonerFixtures.candidates(), Duration.ofSeconds(5));

            // then
            assertThat(refused.status()).isEqualTo(Status.UNAVAILABLE);
            assertThat(refused.detail()).startsWith("reasoner overloaded");
            assertThat(refused.elapsed()).isLessThan(Duration.ofSeconds(5));
        }
    }
}
