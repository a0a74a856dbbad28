package org.dxguard.service.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.time.Duration;
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
 * Ask in Chinese with a Chinese model stand-in (issue 20, item 4): the real langchain4j client against a local
 * OpenAI-compatible server ({@link ReplayModelServer}) behind {@code POST /ask} over HTTP with a JWT. A Chinese
 * question is asked with {@code ask-v1-zh}; a safe Chinese answer passes the veto and is shown; dangerous sentences
 * (a start of 二甲双胍 at eGFR 25, a dose above its ceiling "每日3000毫克") are cut and the rest is shown; an answer not in
 * the question's language is not shown. The decision record keeps the model's words and the Chinese prompt version.
 */
class ChineseAskIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static ReplayModelServer model;
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        model = new ReplayModelServer();
        ReasonerConfig reasoner = ReasonerConfig.builder().baseUrl(model.baseUrl()).model("deepseek-zh")
            .modelId("deepseek-zh-stand-in").maxRetries(0).timeout(Duration.ofSeconds(20)).build();
        server = TestServer.start(ServiceConfig.builder().graphEnabled(false).llmBudget(Duration.ofSeconds(20))
            .reasoner(reasoner));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (model != null) {
            model.close();
        }
    }

    private static JsonNode ask(String question, String answer) throws Exception {
        model.then(Reply.content(req -> answer, 0));
        ObjectNode body = (ObjectNode) JSON.readTree(Fixtures.withRecentDates("ask/ask-metformin-egfr25.json"));
        body.put("question", question);
        HttpResponse<String> r = server.post("/ask", server.sandboxToken("/ask"), JSON.writeValueAsBytes(body));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private static DecisionRecord askRecord(JsonNode answer) throws Exception {
        return DecisionLog.find(server.dataDir(), answer.path("decisionId").asText()).get(0);
    }

    /** The decision record as JSON, for assertion messages. */
    private static String why(JsonNode answer) throws Exception {
        return JsonMapper.builder().findAndAddModules().build().writeValueAsString(askRecord(answer));
    }

    /**
     * Negated, grounded: metformin is not to be started at this eGFR (the starter suite's ask-zh-metformin-egfr25-safe).
     * "eGFR为25" glued to the Han characters, as Chinese prose often sets Latin words: the veto splits words where the
     * script changes, so the text cited with F3 names the eGFR (VETO-GRD-007 once cut it as a false positive).
     */
    private static final String ASK_SAFE = "不建议开始使用二甲双胍：eGFR为25 [F3]，低于30时禁用 [ADA-EXC-001]。";

    @Test
    void should_show_the_chinese_answer_when_a_chinese_question_gets_a_safe_one() throws Exception {
        // when a Chinese question is answered in Chinese without anything the rules forbid
        JsonNode a = ask("这位患者可以开始服用二甲双胍吗？", ASK_SAFE);

        // then the Chinese prompt was sent and the model's answer is shown
        String prompt = ReplayModelServer.prompt(model.requests().get(model.requests().size() - 1));
        assertThat(prompt).contains("用中文回答").contains("问题：这位患者可以开始服用二甲双胍吗？");
        assertThat(a.path("language").asText()).isEqualTo("zh");
        assertThat(a.path("explainer").path("kind").asText()).as(why(a)).isEqualTo("model-server");
        assertThat(a.path("answer").asText()).contains("低于30时禁用");
        assertThat(a.path("withheld")).isEmpty();
        DecisionRecord rec = askRecord(a);
        assertThat(rec.promptVersion()).isEqualTo("ask-v1-zh");
        assertThat(rec.explanation()).isEqualTo("shown");
    }

    @Test
    void should_cut_the_contraindicated_start_and_the_overdose_and_show_the_rest_when_a_chinese_answer_has_them()
        throws Exception {
        // when the Chinese answer also starts metformin at eGFR 25 and names a dose above its ceiling
        JsonNode a = ask("这位患者可以开始服用二甲双胍吗？", ASK_SAFE
            + "\n开始二甲双胍500毫克，每日两次。\n之后可加量至二甲双胍每日3000毫克。");

        // then both sentences are cut, each listed as a fixed phrase, and the grounded sentence is shown
        String shown = a.toString();
        assertThat(a.path("explainer").path("kind").asText()).as(why(a)).isEqualTo("model-server");
        assertThat(a.path("answer").asText()).contains("低于30时禁用");
        assertThat(shown).doesNotContain("500毫克").doesNotContain("3000").doesNotContain("加量");
        assertThat(a.path("withheld")).isNotEmpty();
        // and the record keeps the model's words and the vetoes
        DecisionRecord rec = askRecord(a);
        assertThat(rec.rawOutput()).contains("每日3000毫克").contains("500毫克，每日两次");
        assertThat(rec.vetoes()).extracting(v -> v.ruleId()).contains("ADA-MET-001");
        assertThat(rec.explanation()).isEqualTo("filtered");
        assertThat(rec.promptVersion()).isEqualTo("ask-v1-zh");
    }

    @Test
    void should_give_the_evidence_only_answer_when_a_chinese_question_is_answered_in_english() throws Exception {
        // when the model ignores the Chinese prompt
        JsonNode a = ask("这位患者可以开始服用二甲双胍吗？",
            "Metformin is contraindicated below an eGFR of 30 [ADA-EXC-001]; the eGFR is 25 [F3].");

        // then its answer is not shown; the Chinese evidence-only answer says why, the record keeps it
        assertThat(a.path("explainer").path("kind").asText()).isEqualTo("evidence-only");
        assertThat(askRecord(a).explanation()).contains("explanation.wrong-language");
        assertThat(askRecord(a).promptVersion()).isEqualTo("ask-v1-zh");
        assertThat(a.path("answer").asText()).contains("模型未用提问的语言回答").doesNotContain("contraindicated below");
        assertThat(askRecord(a).rawOutput()).contains("contraindicated below an eGFR of 30");
    }
}
