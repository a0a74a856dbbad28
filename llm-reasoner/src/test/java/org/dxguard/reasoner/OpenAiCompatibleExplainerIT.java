package org.dxguard.reasoner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.dxguard.reasoner.ExplanationOutcome.Status;
import org.dxguard.reasoner.ReplayModelServer.Reply;
import org.dxguard.reasoner.internal.BudgetedExplainer;
import org.dxguard.reasoner.internal.CircuitBreaker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real langchain4j {@code OpenAiChatModel} (JDK HTTP client) against a local OpenAI-compatible server that
 * replays recorded and adversarial answers.
 */
class OpenAiCompatibleExplainerIT {
    private static final JsonMapper JSON = new JsonMapper();
    private static final Duration BUDGET = Duration.ofMillis(400);
    /** Generous waits for outcomes whose content (not timing) is under test. */
    private static final Duration PATIENT = Duration.ofSeconds(20);
    private static final AtomicInteger HOOKS = new AtomicInteger();

    private ReplayModelServer server;
    private Explainer explainer;

    @BeforeEach
    void start() throws Exception {
        server = new ReplayModelServer();
        explainer = Explainers.openAiCompatible(config().build());
    }

    @AfterEach
    void stop() {
        explainer.close();
        server.close();
    }

    private ReasonerConfig.Builder config() {
        return ReasonerConfig.builder().baseUrl(server.baseUrl()).model("dxguard-dsr1-qwen7b-lora")
            .modelId("deepseek-r1-distill-qwen-7b+lora-v1").maxRetries(0).timeout(Duration.ofSeconds(10));
    }

    /** Slack over the budget: 50 ms, or more when this machine is overloaded (load average above the core count). */
    private static long slackMillis() {
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        int cores = Runtime.getRuntime().availableProcessors();
        return load > cores ? 500 : 50;
    }

    private static String hook() {
        return "hook-" + HOOKS.incrementAndGet();
    }

    private ExplanationOutcome explain(String hook, Duration budget) {
        return explainer.explain(hook, ReasonerFixtures.dkdPatient(), ReasonerFixtures.candidates(), budget);
    }

    private ExplanationOutcome explainPatiently(String fixtureOrNull) {
        if (fixtureOrNull != null) {
            server.then(Reply.ok(fixtureOrNull));
        }
        return explain(hook(), PATIENT);
    }

    private ExplanationOutcome awaitDone(String hook, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < deadline) {
            ExplanationOutcome o = explainer.lookup(hook).orElseThrow();
            if (o.status() != Status.PENDING) {
                return o;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("explanation " + hook + " still pending after " + max);
    }

    private static String allText(Explanation e) {
        StringBuilder sb = new StringBuilder(e.summary());
        for (CandidateExplanation c : e.candidates()) {
            sb.append(c.diagnosis()).append(c.rationale()).append(c.wouldConfirm()).append(c.wouldExclude())
                .append(c.nextSteps()).append(c.medications());
        }
        return sb.toString();
    }

    @Test
    void should_return_validated_explanation_when_model_answers_well() {
        // when
        ExplanationOutcome outcome = explainPatiently("good.json");

        // then
        assertThat(outcome.status()).isEqualTo(Status.READY);
        assertThat(outcome.modelId()).isEqualTo("deepseek-r1-distill-qwen-7b+lora-v1");
        assertThat(outcome.promptVersion()).isEqualTo("differential-v2");
        assertThat(outcome.explanation().candidates()).hasSize(2);
        assertThat(outcome.explanation().citedEvidenceIds()).containsExactly("ev-egfr-low", "ev-t2dm", "ev-htn");
        assertThat(outcome.explanation().candidates().get(1).medications().get(0).doseAmount()).isEqualTo(10.0);
        assertThat(outcome.rawOutput()).startsWith("{\"summary\"");
        assertThat(outcome.thinking()).isNull();
    }

    @Test
    void should_send_json_schema_response_format_and_deidentified_prompt_when_calling_the_server() throws Exception {
        // when
        explainPatiently("good.json");

        // then
        assertThat(server.requests()).hasSize(1);
        JsonNode request = JSON.readTree(server.requests().get(0));
        assertThat(request.path("model").asText()).isEqualTo("dxguard-dsr1-qwen7b-lora");
        JsonNode format = request.path("response_format");
        assertThat(format.path("type").asText()).isEqualTo("json_schema");
        assertThat(format.path("json_schema").path("name").asText()).isEqualTo("dxguard_differential_explanation");
        assertThat(format.path("json_schema").path("strict").asBoolean()).isTrue();
        JsonNode schema = format.path("json_schema").path("schema");
        assertThat(schema.path("additionalProperties").asBoolean(true)).isFalse();
        assertThat(schema.path("properties").path("summary").path("type").asText()).isEqualTo("string");
        JsonNode candidate = schema.path("properties").path("candidates").path("items");
        assertThat(candidate.path("properties").path("rationale").path("type").isTextual()).isTrue();
        assertThat(candidate.path("properties").path("citedEvidenceIds").path("type").asText()).isEqualTo("array");
        assertThat(candidate.path("required")).hasSize(8);
        JsonNode medication = candidate.path("properties").path("medications").path("items");
        assertThat(medication.path("properties").path("drug").path("type").asText()).isEqualTo("string");
        assertThat(medication.path("properties").path("doseAmount").path("type").toString())
            .isEqualTo("[\"number\",\"null\"]");
        assertThat(medication.path("properties").path("action").path("enum")).hasSize(4);

        String prompt = request.path("messages").path(0).path("content").asText();
        assertThat(prompt).contains("Patient: age 67, female").contains("eGFR: 25 mL/min/1.73m2, 30 days ago")
            .contains("[E1] eGFR below 30").doesNotContain("Patient/example-1").doesNotContain("obs-egfr")
            .doesNotContain("ev-egfr-low").doesNotContain("2026-");
        assertThat(request.path("max_tokens").isMissingNode() && request.path("max_completion_tokens").isMissingNode())
            .isFalse();
    }

    @Test
    void should_speak_plain_http_1_1_when_calling_a_cleartext_server() {
        // when
        explainPatiently("good.json");

        // then: no h2c upgrade, which makes uvicorn (vLLM, SGLang) drop the request body
        assertThat(server.requestHeaders()).hasSize(1);
        assertThat(server.requestHeaders().get(0).containsKey("Upgrade")).isFalse();
        assertThat(server.requestHeaders().get(0).getFirst("Content-Type")).startsWith("application/json");
    }

    @Test
    void should_request_plain_json_mode_when_configured_for_servers_without_schemas() throws Exception {
        // given
        explainer.close();
        explainer = Explainers.openAiCompatible(config().responseFormat(ReasonerConfig.ResponseFormatMode.JSON_OBJECT)
            .build());

        // when
        ExplanationOutcome outcome = explainPatiently("good.json");

        // then
        assertThat(outcome.status()).isEqualTo(Status.READY);
        JsonNode format = JSON.readTree(server.requests().get(0)).path("response_format");
        assertThat(format.path("type").asText()).isEqualTo("json_object");
    }

    @Test
    void should_keep_think_block_out_of_explanation_when_model_thinks_inline() {
        // when
        ExplanationOutcome outcome = explainPatiently("think-block.json");

        // then
        assertThat(outcome.status()).isEqualTo(Status.READY);
        assertThat(outcome.thinking()).contains("Okay, the eGFR is low").contains("must never be shown");
        assertThat(allText(outcome.explanation())).doesNotContain("Okay, the eGFR").doesNotContain("never be shown")
            .doesNotContain("think>");
        assertThat(outcome.rawOutput()).doesNotContain("<think>").doesNotContain("must never be shown");
    }

    @Test
    void should_keep_reasoning_content_for_audit_only_when_server_separates_it() {
        // when
        ExplanationOutcome outcome = explainPatiently("reasoning-content.json");

        // then
        assertThat(outcome.status()).isEqualTo(Status.READY);
        assertThat(outcome.thinking()).startsWith("Okay, the eGFR is low");
        assertThat(allText(outcome.explanation())).doesNotContain("Okay, the eGFR");
    }

    @Test
    void should_repair_answer_when_json_is_in_markdown_fences() {
        // when
        ExplanationOutcome outcome = explainPatiently("fenced.json");

        // then
        assertThat(outcome.status()).isEqualTo(Status.READY);
        assertThat(outcome.explanation().candidates()).hasSize(2);
        assertThat(outcome.rawOutput()).startsWith("Here is the explanation:");
    }

    @Test
    void should_reject_with_reason_and_keep_raw_output_when_answer_is_malformed() {
        // when
        ExplanationOutcome malformed = explainPatiently("malformed.json");
        ExplanationOutcome truncated = explainPatiently("truncated.json");
        ExplanationOutcome wrong = explainPatiently("wrong-schema.json");
        ExplanationOutcome chinese = explainPatiently("chinese.json");

        // then
        assertThat(malformed.status()).isEqualTo(Status.UNAVAILABLE);
        assertThat(malformed.detail()).startsWith("model output failed schema validation: not valid JSON");
        assertThat(malformed.rawOutput()).startsWith("{summary:");
        assertThat(truncated.detail()).isEqualTo(
            "model output failed schema validation: truncated JSON (the answer ends before the object is closed)");
        assertThat(wrong.detail()).isEqualTo("model output failed schema validation: 'candidates' is missing or not a list");
        assertThat(chinese.detail()).contains("not in the configured language (en)");
        assertThat(chinese.rawOutput()).contains("糖尿病肾病");
        assertThat(((BudgetedExplainer) explainer).circuitState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void should_report_server_error_when_server_answers_500() {
        // given
        server.then(Reply.error(500));

        // when
        ExplanationOutcome outcome = explain(hook(), PATIENT);

        // then
        assertThat(outcome.status()).isEqualTo(Status.UNAVAILABLE);
        assertThat(outcome.detail()).isEqualTo("model server error (HTTP 500)");
        assertThat(outcome.explanation()).isNull();
    }

    @Test
    void should_report_rate_limit_when_server_answers_429() {
        // given
        server.then(Reply.error(429));

        // when
        ExplanationOutcome outcome = explain(hook(), PATIENT);

        // then
        assertThat(outcome.status()).isEqualTo(Status.UNAVAILABLE);
        assertThat(outcome.detail()).isEqualTo("model server rate-limited the request (HTTP 429)");
    }

    @Test
    void should_retry_once_when_configured_and_server_fails_once() {
        // given
        explainer.close();
        explainer = Explainers.openAiCompatible(config().maxRetries(1).build());
        server.then(Reply.error(500), Reply.ok("good.json"));

        // when
        ExplanationOutcome outcome = explain(hook(), PATIENT);

        // then
        assertThat(outcome.status()).isEqualTo(Status.READY);
        assertThat(server.requests()).hasSize(2);
    }

    @Test
    void should_answer_within_budget_and_keep_late_result_for_lookup_when_model_is_slow() throws Exception {
        // given
        server.then(Reply.slow("good.json", 3_000));
        String hook = hook();

        // when
        long t0 = System.nanoTime();
        ExplanationOutcome first = explain(hook, BUDGET);
        long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);

        // then: the caller did not wait for the slow server
        assertThat(first.status()).isEqualTo(Status.PENDING);
        assertThat(first.detail()).startsWith("model timed out after 400 ms");
        assertThat(first.explanation()).isNull();
        assertThat(waitedMillis).isLessThanOrEqualTo(BUDGET.toMillis() + slackMillis()).isLessThan(3_000);

        // and the late explanation appears via lookup
        ExplanationOutcome late = awaitDone(hook, PATIENT);
        assertThat(late.status()).isEqualTo(Status.READY);
        assertThat(late.elapsed()).isGreaterThanOrEqualTo(Duration.ofMillis(2_900));
        assertThat(server.requests()).hasSize(1);
    }

    @Test
    void should_answer_within_budget_whatever_the_server_does() {
        // given
        server.then(Reply.error(500), Reply.error(429), Reply.ok("malformed.json"), Reply.slow("good.json", 2_000));

        for (int i = 0; i < 4; i++) {
            // when
            long t0 = System.nanoTime();
            ExplanationOutcome outcome = explain(hook(), BUDGET);
            long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);

            // then
            assertThat(waitedMillis).as("call %d", i).isLessThanOrEqualTo(BUDGET.toMillis() + slackMillis());
            assertThat(outcome.status()).as("call %d", i).isNotEqualTo(Status.READY);
        }
    }

    @Test
    void should_report_timeout_when_server_is_slower_than_the_call_timeout() throws Exception {
        // given
        explainer.close();
        explainer = Explainers.openAiCompatible(config().timeout(Duration.ofMillis(500)).build());
        server.then(Reply.slow("good.json", 3_000));
        String hook = hook();

        // when
        explain(hook, Duration.ofMillis(50));
        ExplanationOutcome outcome = awaitDone(hook, PATIENT);

        // then
        assertThat(outcome.status()).isEqualTo(Status.UNAVAILABLE);
        assertThat(outcome.detail()).isEqualTo("model call timed out after 500 ms");
    }

    @Test
    void should_report_unreachable_when_nothing_listens() {
        // given
        String url = server.baseUrl();
        server.close();
        explainer.close();
        explainer = Explainers.openAiCompatible(config().baseUrl(url).build());

        // when
        ExplanationOutcome outcome = explain(hook(), PATIENT);

        // then
        assertThat(outcome.status()).isEqualTo(Status.UNAVAILABLE);
        assertThat(outcome.detail()).startsWith("model server unreachable");
    }

    @Test
    void should_open_circuit_after_failures_and_close_after_recovery_when_server_comes_back() throws Exception {
        // given
        explainer.close();
        explainer = Explainers.openAiCompatible(config().breakerFailureThreshold(2)
            .breakerOpenDuration(Duration.ofMillis(500)).build());
        BudgetedExplainer budgeted = (BudgetedExplainer) explainer;
        server.then(Reply.error(500), Reply.error(503));

        // when: two failures
        explain(hook(), PATIENT);
        explain(hook(), PATIENT);

        // then: open, and the server is not asked again
        assertThat(budgeted.circuitState()).isEqualTo(CircuitBreaker.State.OPEN);
        ExplanationOutcome refused = explain(hook(), PATIENT);
        assertThat(refused.status()).isEqualTo(Status.UNAVAILABLE);
        assertThat(refused.detail()).isEqualTo("model server unavailable (circuit open)");
        assertThat(server.requests()).hasSize(2);

        // when: the open period passes and the server has recovered
        Thread.sleep(600);
        ExplanationOutcome trial = explain(hook(), PATIENT);

        // then: the half-open trial succeeds and closes the circuit
        assertThat(trial.status()).isEqualTo(Status.READY);
        assertThat(budgeted.circuitState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(server.requests()).hasSize(3);
    }
}
