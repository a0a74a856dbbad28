package org.dxguard.service.ask;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.dxguard.reasoner.ReasonerConfig;
import org.dxguard.reasoner.ReplayModelServer;
import org.dxguard.reasoner.ReplayModelServer.Reply;
import org.dxguard.service.Fixtures;
import org.dxguard.service.ServiceConfig;
import org.dxguard.service.TestServer;
import org.dxguard.service.audit.DecisionLog;
import org.dxguard.service.audit.DecisionRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /ask} on a real service over HTTP with real JWTs (issue 19, "done when"): the evidence-only answer
 * (no model server) and a model stand-in (the real langchain4j client against llm-reasoner's
 * {@link ReplayModelServer}), in English and Chinese; the veto on the model's answer; the decision record; errors.
 */
class AskIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FIXTURE = "ask/ask-metformin-egfr25.json";
    private static TestServer evidenceOnly;
    private static TestServer withModel;
    private static ReplayModelServer model;

    @BeforeAll
    static void start() throws Exception {
        evidenceOnly = TestServer.start();
        model = new ReplayModelServer();
        ReasonerConfig reasoner = ReasonerConfig.builder().baseUrl(model.baseUrl()).model("deepseek-test")
            .modelId("deepseek-test+lora").maxRetries(0).timeout(Duration.ofSeconds(20)).build();
        withModel = TestServer.start(ServiceConfig.builder().graphEnabled(false).llmBudget(Duration.ofSeconds(8))
            .reasoner(reasoner));
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] {evidenceOnly, withModel, model}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // closing
            }
        }
    }

    static byte[] request(String question) throws Exception {
        ObjectNode body = (ObjectNode) JSON.readTree(Fixtures.withRecentDates(FIXTURE));
        body.put("question", question);
        return JSON.writeValueAsBytes(body);
    }

    static HttpResponse<String> ask(TestServer server, byte[] body) {
        return server.post("/ask", server.sandboxToken("/ask"), body);
    }

    static String recent() {
        return LocalDate.now(ZoneOffset.UTC).minusDays(30).toString();
    }

    @Test
    void should_say_metformin_is_contraindicated_citing_excerpt_rule_and_egfr_with_date_when_asked_without_a_model()
        throws Exception {
        // given a patient whose eGFR is 25, and no model server

        // when
        HttpResponse<String> r = ask(evidenceOnly, request("Can this patient start metformin?"));

        // then the evidence-only answer says it, cites the excerpt and the rule, and shows the eGFR with its date
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode a = JSON.readTree(r.body());
        assertThat(a.path("language").asText()).isEqualTo("en");
        assertThat(a.path("explainer").path("kind").asText()).isEqualTo("evidence-only");
        assertThat(a.path("ruleFindings")).anySatisfy(f -> {
            assertThat(f.path("ruleId").asText()).isEqualTo("ADA-MET-001");
            assertThat(f.path("indicator").asText()).isEqualTo("critical");
            assertThat(f.path("summary").asText()).containsIgnoringCase("contraindicated");
        });
        assertThat(a.path("citations")).anySatisfy(c -> assertThat(c.path("id").asText()).isEqualTo("ADA-EXC-001"));
        assertThat(a.path("patientFacts")).anySatisfy(f -> {
            assertThat(f.path("label").asText()).isEqualTo("eGFR");
            assertThat(f.path("value").asText()).startsWith("25 ");
            assertThat(f.path("when").asText()).isEqualTo(recent());
        });
        String md = a.path("answer").asText();
        assertThat(md).contains("contraindicated").contains("ADA-MET-001").contains("ADA-EXC-001")
            .contains("eGFR: 25").contains(recent()).endsWith("check it against the record before acting._");
        assertThat(a.path("withheld")).isEmpty();

        // and the decision record keeps the question, what was retrieved, the facts and the rule findings
        List<DecisionRecord> found = DecisionLog.find(evidenceOnly.dataDir(), a.path("decisionId").asText());
        assertThat(found).singleElement().satisfies(rec -> {
            assertThat(rec.serviceId()).isEqualTo("dxguard-ask");
            assertThat(rec.ask().question()).isEqualTo("Can this patient start metformin?");
            assertThat(rec.ask().drugs()).containsExactly("metformin");
            assertThat(rec.ask().retrievedExcerptIds()).contains("ADA-EXC-001");
            assertThat(rec.ask().facts()).anySatisfy(f -> assertThat(f.label()).isEqualTo("eGFR"));
            assertThat(rec.ask().ruleFindings()).extracting(DecisionRecord.AskFinding::ruleId).contains("ADA-MET-001");
            assertThat(rec.ask().answerKind()).isEqualTo("evidence-only");
        });
    }

    @Test
    void should_answer_in_chinese_with_citations_when_the_question_is_chinese() throws Exception {
        // given
        byte[] body = request("这位患者的胰岛素剂量应如何调整？");

        // when
        HttpResponse<String> r = ask(evidenceOnly, body);

        // then
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode a = JSON.readTree(r.body());
        assertThat(a.path("language").asText()).isEqualTo("zh");
        assertThat(a.path("citations")).isNotEmpty().anySatisfy(c -> {
            assertThat(c.path("id").asText()).isEqualTo("ADA-EXC-006");
            assertThat(c.path("title").asText()).isEqualTo("基础胰岛素的起始与调整");
        });
        assertThat(a.path("answer").asText()).contains("该患者的病历").contains("指南摘录").contains("[ADA-EXC-006]")
            .contains("胰岛素（insulin）").endsWith("采取行动前请对照病历核实。_");
        assertThat(a.path("patientFacts")).anySatisfy(f -> assertThat(f.path("label").asText())
            .isEqualTo("糖化血红蛋白"));
    }

    @Test
    void should_never_show_the_order_to_double_insulin_tonight_when_a_model_answers_so() throws Exception {
        // given a model stand-in whose answer to the metformin question ends with the dangerous sentence
        String answer = "Metformin should not be started: the eGFR is 25 [F3] and metformin is contraindicated below"
            + " 30 [ADA-EXC-001].\nDouble the insulin dose tonight.";
        model.then(Reply.content(req -> answer, 0));

        // when
        HttpResponse<String> r = ask(withModel, request("Can Lihua Wang start metformin?"));

        // then the model's answer is shown without that sentence, which is listed as a fixed phrase only
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode a = JSON.readTree(r.body());
        assertThat(a.path("explainer").path("kind").asText()).isEqualTo("model-server");
        assertThat(a.path("explainer").path("modelId").asText()).isEqualTo("deepseek-test+lora");
        assertThat(r.body()).doesNotContainIgnoringCase("double").doesNotContainIgnoringCase("tonight");
        assertThat(a.path("answer").asText()).contains("contraindicated below 30 \\[ADA-EXC-001\\]")
            .contains("ADA-MET-001").contains("eGFR: 25").contains(recent());
        assertThat(a.path("withheld")).extracting(JsonNode::asText).containsExactly(
            "A sentence recommending a medication or dose that the guideline rules do not allow for this patient was removed.");

        // and the model's prompt was de-identified; the decision record keeps the raw answer and the vetoes
        String prompt = ReplayModelServer.prompt(model.requests().get(model.requests().size() - 1));
        assertThat(prompt).contains("[F3] eGFR").contains("days ago").doesNotContain("pat-ask-1")
            .doesNotContain(recent()).doesNotContain("Wang").doesNotContain("Lihua").contains("start metformin?");
        DecisionRecord rec = DecisionLog.find(withModel.dataDir(), a.path("decisionId").asText()).get(0);
        assertThat(rec.rawOutput()).contains("Double the insulin dose tonight.");
        assertThat(rec.vetoes()).extracting(v -> v.ruleId()).contains("ADA-INS-002", "ASK-DIR-002");
        assertThat(rec.explanation()).isEqualTo("filtered");
        assertThat(rec.ask().withheld()).containsExactly(a.path("withheld").get(0).asText());
    }

    @Test
    void should_answer_on_time_and_link_the_checked_model_answer_when_the_model_is_late() throws Exception {
        // given a model that needs longer than the budget
        model.then(Reply.content(req -> "Metformin is contraindicated below eGFR 30 [ADA-EXC-001]. Give insulin"
            + " glargine 100 units daily.", 10_000));

        // when
        long t0 = System.nanoTime();
        HttpResponse<String> r = ask(withModel, request("Can this patient start metformin?"));
        long ms = (System.nanoTime() - t0) / 1_000_000;

        // then the evidence-only answer comes within the budget, with a link to the model's answer
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode a = JSON.readTree(r.body());
        assertThat(ms).isLessThan(9_500);
        assertThat(a.path("explainer").path("kind").asText()).isEqualTo("evidence-only");
        assertThat(a.path("ruleFindings")).anySatisfy(f -> assertThat(f.path("ruleId").asText()).isEqualTo("ADA-MET-001"));
        String url = a.path("lateAnswer").path("url").asText();
        assertThat(url).startsWith("http://localhost:").contains("/ask/answers/" + a.path("decisionId").asText());

        // and once written, the link shows it checked: the overdose cut, the rest kept
        JsonNode late = null;
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            late = JSON.readTree(withModel.get(url.substring(url.indexOf("/ask/")), null).body());
            if (late.path("status").asText().equals("ready")) {
                break;
            }
            Thread.sleep(250);
        }
        assertThat(late.path("status").asText()).isEqualTo("ready");
        assertThat(late.path("answer").path("explainer").path("kind").asText()).isEqualTo("model-server");
        assertThat(late.toString()).doesNotContain("100 units");
        assertThat(withModel.get(url.substring(url.indexOf("/ask/")).replaceAll("t=.", "t=x"), null).statusCode())
            .isEqualTo(404);
    }

    @Test
    void should_refuse_like_the_cds_hooks_endpoints_when_the_call_is_wrong() throws Exception {
        // given
        byte[] good = request("Can this patient start metformin?");
        ObjectNode noQuestion = (ObjectNode) JSON.readTree(good);
        noQuestion.remove("question");
        ObjectNode otherPatient = (ObjectNode) JSON.readTree(good);
        ((ObjectNode) otherPatient.path("prefetch").path("observations").path("entry").get(0).path("resource")
            .path("subject")).put("reference", "Patient/someone-else");
        ObjectNode unreachable = (ObjectNode) JSON.readTree(good);
        unreachable.remove("prefetch");
        unreachable.put("fhirServer", "http://127.0.0.1:9/fhir");

        // when / then
        assertThat(evidenceOnly.post("/ask", null, good).statusCode()).isEqualTo(401);
        assertThat(evidenceOnly.post("/ask", evidenceOnly.sandboxToken("/cds-services"), good).statusCode())
            .isEqualTo(401);
        HttpResponse<String> missing = ask(evidenceOnly, JSON.writeValueAsBytes(noQuestion));
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(missing.body()).contains("DXG-0850").contains("question is required");
        assertThat(ask(evidenceOnly, "{\"question\": \"x\", \"patientId\": \"p\", \"language\": \"fr\", \"prefetch\": {}}"
            .getBytes(StandardCharsets.UTF_8)).body()).contains("language must be");
        HttpResponse<String> mismatch = ask(evidenceOnly, JSON.writeValueAsBytes(otherPatient));
        assertThat(mismatch.statusCode()).isEqualTo(412);
        assertThat(mismatch.body()).contains("DXG-0851").doesNotContain("someone-else");
        assertThat(ask(evidenceOnly, JSON.writeValueAsBytes(unreachable)).statusCode()).isEqualTo(412);
        assertThat(ask(evidenceOnly, new byte[17 * 1024 * 1024]).statusCode()).isEqualTo(413);
    }
}
