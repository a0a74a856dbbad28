package org.dxguard.reasoner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.dxguard.reasoner.ReplayModelServer.Reply;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fine-tuning recipe under {@code fine-tune/}: what can run on this machine does (the scripts compile, the
 * training data check rejects a malformed export with file:line, and evaluate.py scores a local OpenAI-compatible
 * server); training and vLLM serving need a GPU and are not run here.
 */
class FineTuneRecipeIT {
    private static final JsonMapper JSON = new JsonMapper();
    private static final Path DIR = Path.of("fine-tune");

    @BeforeAll
    static void python() {
        assumeTrue(run(List.of("python3", "--version"), Path.of(".")).code() == 0, "python3 is needed");
    }

    record Result(int code, String out) {}

    private static Result run(List<String> command, Path cwd) {
        try {
            Process p = new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, out + "\n(timed out)");
            }
            return new Result(p.exitValue(), out);
        } catch (IOException e) {
            return new Result(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, e.toString());
        }
    }

    @Test
    void should_compile_the_scripts_when_python_and_bash_check_them(@TempDir Path tmp) {
        // when
        Result py = run(List.of("python3", "-c", "import py_compile,sys\nfor i,f in enumerate(sys.argv[1:]): "
            + "py_compile.compile(f, cfile='" + tmp + "/c%d.pyc' % i, doraise=True)",
            DIR.resolve("train_lora.py").toString(), DIR.resolve("evaluate.py").toString(),
            DIR.resolve("fake_openai_server.py").toString()), Path.of("."));
        Result sh = run(List.of("bash", "-n", DIR.resolve("serve-vllm.sh").toString()), Path.of("."));

        // then
        assertThat(py.code()).as(py.out()).isZero();
        assertThat(sh.code()).as(sh.out()).isZero();
    }

    @Test
    void should_serve_the_adapter_with_lora_and_the_r1_reasoning_parser_when_the_script_runs() throws IOException {
        // when
        String script = Files.readString(DIR.resolve("serve-vllm.sh"));

        // then
        assertThat(script).contains("vllm serve").contains("--enable-lora").contains("--lora-modules dxguard=")
            .contains("--reasoning-parser deepseek_r1").doesNotContain("--guided-decoding");
    }

    @Test
    void should_reject_a_malformed_export_with_its_line_when_training_starts() {
        // when: the data check runs before any GPU library is imported
        Result r = run(List.of("python3", DIR.resolve("train_lora.py").toString(), "--train",
            "src/test/resources/reasoner/fine-tune/bad.jsonl", "--output", "target/never"), Path.of("."));

        // then
        assertThat(r.code()).isNotZero();
        assertThat(r.out()).contains("bad.jsonl:2: messages must be system, user, assistant in that order");
    }

    @Test
    void should_score_schema_validity_grounding_and_latency_when_evaluating_a_local_server() throws Exception {
        // given a server answering: grounded, grounded after a think block, malformed, and citing an id not offered
        try (ReplayModelServer server = new ReplayModelServer()) {
            String good = "{\"summary\": \"s\", \"candidates\": [{\"diagnosis\": \"Diabetic kidney disease\", "
                + "\"rationale\": \"Low eGFR [E1].\", \"citedEvidenceIds\": [\"E1\"], \"wouldConfirm\": [], "
                + "\"wouldExclude\": [], \"nextSteps\": [], \"medications\": [], \"guidelineExcerptIds\": [\"DX-EXC-013\"]}]}";
            server.then(Reply.content(b -> good, 0), Reply.content(b -> "<think>hmm</think>" + good, 0),
                Reply.ok("malformed.json"), Reply.content(b -> good.replace("E1", "E9"), 0));

            // when
            Result r = run(new ArrayList<>(List.of("python3", DIR.resolve("evaluate.py").toString(), "--base-url",
                server.baseUrl(), "--model", "dxguard", "--data", "src/test/resources/reasoner/fine-tune/eval.jsonl")),
                Path.of("."));

            // then
            assertThat(r.code()).as(r.out()).isZero();
            JsonNode report = JSON.readTree(r.out());
            assertThat(report.path("examples").asInt()).isEqualTo(4);
            assertThat(report.path("schema_valid_rate").asDouble()).isEqualTo(0.75);
            assertThat(report.path("grounding_rate").asDouble()).isEqualTo(0.6667);
            assertThat(report.path("latency_ms").path("p95").isNumber()).isTrue();
            assertThat(report.path("veto_checked").asInt()).isZero();
            JsonNode sent = JSON.readTree(server.requests().get(0));
            assertThat(sent.path("response_format").path("type").asText()).isEqualTo("json_schema");
            assertThat(sent.path("messages")).hasSize(2);
        }
    }
}
