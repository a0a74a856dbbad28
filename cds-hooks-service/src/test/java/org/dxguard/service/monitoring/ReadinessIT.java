package org.dxguard.service.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.dxguard.guidelines.GuidelineCommands;
import org.dxguard.guidelines.GuidelineRepository;
import org.dxguard.model.Candidate;
import org.dxguard.model.Code;
import org.dxguard.model.DxGuardException;
import org.dxguard.model.PatientFacts;
import org.dxguard.model.Sex;
import org.dxguard.reasoner.Explainer;
import org.dxguard.reasoner.ExplainerHealth;
import org.dxguard.reasoner.Explainers;
import org.dxguard.reasoner.ReasonerConfig;
import org.dxguard.service.audit.DecisionLog;
import org.dxguard.service.hooks.GraphHolder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Readiness over real components: the packaged guidelines, a decision log on disk, real explainers. */
class ReadinessIT {
    private static GuidelineRepository packaged;

    @BeforeAll
    static void load() {
        packaged = GuidelineRepository.packagedDefaults();
    }

    @AfterAll
    static void close() {
        packaged.close();
    }

    private static GraphHolder failedGraph() throws InterruptedException {
        GraphHolder g = GraphHolder.connectInBackground(() -> {
            throw new DxGuardException(org.dxguard.graph.GraphErrors.GRAPH_UNAVAILABLE,
                "Neo4j at neo4j://neo4j:7687 refused the connection");
        });
        for (int i = 0; i < 200 && g.state() == GraphHolder.State.CONNECTING; i++) {
            Thread.sleep(10);
        }
        return g;
    }

    @Test
    void should_stay_ready_but_degraded_when_the_knowledge_graph_is_down(@TempDir Path dir) throws Exception {
        // given
        try (DecisionLog log = DecisionLog.open(dir); GraphHolder graph = failedGraph();
             Explainer explainer = Explainers.evidenceOnly();
             Readiness readiness = new Readiness(packaged, graph, explainer, log, dir, Duration.ZERO)) {

            // when
            Readiness.Report report = readiness.report();

            // then
            assertThat(report.ready()).isTrue();
            assertThat(report.status()).isEqualTo("DEGRADED");
            assertThat(report.components().get("graph").status()).isEqualTo(Readiness.DOWN);
            assertThat(report.components().get("rules").status()).isEqualTo(Readiness.UP);
            assertThat(report.components().get("model").details()).containsEntry("kind", "evidence-only")
                .containsEntry("modelId", "dxguard-evidence-only");
            assertThat(report.reasons()).singleElement().asString().startsWith("graph: ")
                .contains("refused the connection").contains("medication safety is unaffected");
        }
    }

    @Test
    void should_be_up_when_every_component_is_up_and_the_graph_is_configured_off(@TempDir Path dir) {
        // given
        try (DecisionLog log = DecisionLog.open(dir); GraphHolder graph = GraphHolder.disabled();
             Explainer explainer = Explainers.evidenceOnly();
             Readiness readiness = new Readiness(packaged, graph, explainer, log, dir, Duration.ZERO)) {

            // when
            Readiness.Report report = readiness.report();

            // then
            assertThat(report.status()).isEqualTo("UP");
            assertThat(report.reasons()).isEmpty();
            assertThat(report.components().get("graph").status()).isEqualTo(Readiness.DISABLED);
            assertThat(report.components().get("rules").details().get("version"))
                .isEqualTo(packaged.activeRuleSet().rulesetVersion());
            assertThat(report.components().get("rules").details()).containsEntry("lastReload", "ok");
        }
    }

    @Test
    void should_report_the_rejected_reload_and_keep_serving_when_a_guideline_edit_breaks(@TempDir Path dir)
        throws Exception {
        // given: an exported guideline folder whose rule file is then broken
        Path guidelines = dir.resolve("guidelines");
        assertThat(GuidelineCommands.export(guidelines, new PrintStream(new ByteArrayOutputStream(), true,
            StandardCharsets.UTF_8))).isEqualTo(GuidelineCommands.OK);
        Path data = Files.createDirectories(dir.resolve("data"));
        try (GuidelineRepository repo = GuidelineRepository.fromDirectory(guidelines, false);
             DecisionLog log = DecisionLog.open(data); GraphHolder graph = GraphHolder.disabled();
             Explainer explainer = Explainers.evidenceOnly();
             Readiness readiness = new Readiness(repo, graph, explainer, log, data, Duration.ZERO)) {
            String version = repo.activeRuleSet().rulesetVersion();
            Path drl = anyDrl(guidelines);
            Files.writeString(drl, "rule \"broken\" when then this is not DRL end\n", StandardCharsets.UTF_8);

            // when
            boolean reloaded = repo.reload();
            Readiness.Report report = readiness.report();

            // then
            assertThat(reloaded).isFalse();
            assertThat(report.ready()).isTrue();
            assertThat(report.status()).isEqualTo("DEGRADED");
            Readiness.Component rules = report.components().get("rules");
            assertThat(rules.status()).isEqualTo(Readiness.DEGRADED);
            assertThat(rules.details()).containsEntry("lastReload", "failed").containsEntry("version", version);
            assertThat(rules.details().get("lastReloadError").toString()).contains(drl.getFileName().toString());
        }
    }

    @Test
    void should_not_be_ready_when_the_decision_log_cannot_be_written(@TempDir Path dir) {
        // given: the log closed (as after a disk failure), so no answer could be recorded
        DecisionLog log = DecisionLog.open(dir);
        log.close();
        try (GraphHolder graph = GraphHolder.disabled(); Explainer explainer = Explainers.evidenceOnly();
             Readiness readiness = new Readiness(packaged, graph, explainer, log, dir, Duration.ZERO)) {

            // when
            Readiness.Report report = readiness.report();

            // then
            assertThat(report.ready()).isFalse();
            assertThat(report.status()).isEqualTo("DOWN");
            assertThat(report.components().get("audit").status()).isEqualTo(Readiness.DOWN);
            assertThat(report.reasons()).anySatisfy(r -> assertThat(r).startsWith("audit: ").contains("503"));
        }
    }

    @Test
    void should_stay_ready_but_degraded_when_the_model_circuit_is_open(@TempDir Path dir) throws Exception {
        // given: a real OpenAI-compatible explainer whose breaker opened after the server failed (nothing listens on
        // port 9: one refused call opens a breaker with a threshold of 1)
        ReasonerConfig config = ReasonerConfig.builder().baseUrl("http://127.0.0.1:9/v1").model("deepseek")
            .modelId("deepseek-r1-distill-qwen-7b+lora").maxRetries(0).breakerFailureThreshold(1)
            .breakerOpenDuration(Duration.ofMinutes(5)).build();
        try (DecisionLog log = DecisionLog.open(dir); GraphHolder graph = GraphHolder.disabled();
             Explainer explainer = Explainers.openAiCompatible(config);
             Readiness readiness = new Readiness(packaged, graph, explainer, log, dir, Duration.ZERO)) {
            explainer.explain("readiness-circuit", PatientFacts.builder().ageYears(60).sex(Sex.FEMALE)
                .asOf(Instant.now()).build(), List.of(new Candidate(Code.snomed("38341003"), "Hypertension", 0.5, 1,
                List.of(), List.of())), Duration.ofSeconds(5));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (explainer.health().circuit() != ExplainerHealth.Circuit.OPEN && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(explainer.health().circuit()).isEqualTo(ExplainerHealth.Circuit.OPEN);

            // when
            Readiness.Report report = readiness.report();

            // then
            assertThat(report.ready()).isTrue();
            assertThat(report.status()).isEqualTo("DEGRADED");
            assertThat(report.components().get("model").details()).containsEntry("kind", "model-server")
                .containsEntry("circuit", "open").containsEntry("modelId", "deepseek-r1-distill-qwen-7b+lora");
            assertThat(report.reasons()).singleElement().asString().contains("without model explanations");
        }
    }

    @Test
    void should_reuse_the_report_when_probed_again_within_the_cache_time(@TempDir Path dir) {
        // given
        DecisionLog log = DecisionLog.open(dir);
        try (GraphHolder graph = GraphHolder.disabled(); Explainer explainer = Explainers.evidenceOnly();
             Readiness readiness = new Readiness(packaged, graph, explainer, log, dir, Duration.ofMinutes(1))) {
            Readiness.Report first = readiness.report();

            // when: the log fails right after the first probe
            log.close();
            Readiness.Report second = readiness.report();

            // then: the probe is answered from the cache, not by checking again
            assertThat(second).isSameAs(first);
            assertThat(second.ready()).isTrue();
        }
    }

    private static Path anyDrl(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.toString().endsWith(".drl")).sorted().findFirst().orElseThrow();
        }
    }
}
