package org.dxguard.service.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dxguard.reasoner.ReasonerConfig;
import org.dxguard.reasoner.ReplayModelServer;
import org.dxguard.reasoner.ReplayModelServer.Reply;
import org.dxguard.service.Fixtures;
import org.dxguard.service.ServiceConfig;
import org.dxguard.service.TestServer;
import org.dxguard.service.audit.DecisionLog;
import org.dxguard.service.audit.DecisionRecord;
import org.dxguard.service.auth.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The model in Chinese, end to end (issue 20, item 4): a Chinese model stand-in — the real langchain4j client against
 * a local OpenAI-compatible server ({@link ReplayModelServer}) — behind the real service over HTTP with JWTs. The
 * service is deployed with the default (English) model language and each call asks for Chinese with the request
 * extension {@code org.dxguard.locale: zh-CN} (a zh-CN EHR in the trusted-EHRs file takes the same path), so the
 * differential explanation of a patient-view card is asked with {@code differential-v2-zh}. A safe Chinese explanation passes the veto and is shown; a dangerous sentence (a
 * metformin dose above its ceiling in Chinese units, "开始二甲双胍每日3000毫克") is cut and the rest is shown; the
 * decision record keeps what the model wrote and the Chinese prompt version. Ask in Chinese: {@link ChineseAskIT}.
 */
class ChineseModelAnswersIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String VIEW = "/cds-services/dxguard-differential";
    private static final String FIXTURE_HOOK = "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";
    private static final Pattern E1_LABEL = Pattern.compile("\\[E1] ([^;(\\n]+)");
    /** The safe sentence of the Chinese explanation (the cited finding is named, as VETO-GRD-007 requires). */
    private static final String SAFE = "记录的发现支持该诊断：%s [E1]。";
    private static final String OVERDOSE = "为控制感染期间的血糖，开始二甲双胍每日3000毫克。";

    private static ReplayModelServer model;
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(TestTokens.sandboxKeyAvailable(), "../shared/data/cds-hooks-sandbox is needed to sign");
        model = new ReplayModelServer();
        ReasonerConfig reasoner = ReasonerConfig.builder().baseUrl(model.baseUrl()).model("deepseek-zh")
            .modelId("deepseek-zh-stand-in").maxRetries(0).timeout(Duration.ofSeconds(20))
            .budget(Duration.ofSeconds(20)).build();
        // the call waits for the answer: the content is under test, not the budget
        server = TestServer.start(ServiceConfig.builder().graphEnabled(true).llmBudget(Duration.ofSeconds(20))
            .reasoner(reasoner));
        server.awaitGraph(Duration.ofMinutes(3));
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

    // ------------------------------------------------------------------ the explanation of a patient-view card

    /** A Chinese explanation of the prompt's first candidate, citing E1 by its finding, with {@code extra} appended. */
    static String explanation(String requestBody, String extra) {
        String prompt = ReplayModelServer.prompt(requestBody);
        ObjectNode root = ExplanationBudgetIT.grounded(prompt).put("summary", "首位候选诊断与记录的发现相符。");
        Matcher f = E1_LABEL.matcher(prompt);
        ObjectNode c = (ObjectNode) root.get("candidates").get(0);
        c.put("rationale", SAFE.formatted(f.find() ? f.group(1).strip() : "fever") + extra);
        c.putArray("wouldConfirm").add("确证性检查结果");
        c.putArray("wouldExclude").add("体格检查正常");
        c.putArray("nextSteps").add("随访时复查");
        return root.toString();
    }

    private static JsonNode card(String extra) throws Exception {
        model.then(Reply.content(body -> explanation(body, extra), 0));
        String hook = UUID.randomUUID().toString();
        ObjectNode request = (ObjectNode) JSON.readTree(new String(Fixtures.withRecentDates(
            "cdshooks/patient-view-fever-cough.json"), StandardCharsets.UTF_8).replace(FIXTURE_HOOK, hook));
        request.putObject("extension").put("org.dxguard.locale", "zh-CN");
        byte[] body = JSON.writeValueAsBytes(request);
        HttpResponse<String> r = server.post(VIEW, server.sandboxToken(VIEW), body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode cards = JSON.readTree(r.body()).get("cards");
        assertThat(cards).hasSize(1);
        ObjectNode card = (ObjectNode) cards.get(0);
        card.put("_hook", hook);
        return card;
    }

    private static String record(String hook) throws Exception {
        List<DecisionRecord> records = DecisionLog.find(server.dataDir(), hook);
        assertThat(records).hasSize(1);
        return JsonMapper.builder().findAndAddModules().build().writeValueAsString(records.get(0));
    }

    @Test
    void should_show_the_chinese_explanation_when_it_is_safe() throws Exception {
        // when the stand-in answers the Chinese prompt with a grounded Chinese explanation
        JsonNode card = card("");

        // then the model was asked in Chinese, and the card shows the Chinese rationale
        String prompt = ReplayModelServer.prompt(model.requests().get(model.requests().size() - 1));
        assertThat(prompt).contains("用简体中文书写").contains("只能从以下编号中选择");
        String detail = card.path("detail").asText();
        assertThat(detail).contains("记录的发现支持该诊断").contains("随访时复查");
        // and the differential names its candidates by the graph's Chinese names, each on its bold line (issue 20)
        List<String> names = detail.lines().filter(l -> l.startsWith("**"))
            .map(l -> l.substring(2, l.indexOf("**", 2))).toList();
        assertThat(names).isNotEmpty().allSatisfy(n -> assertThat(n).containsPattern("\\p{IsHan}")
            .doesNotContain("无中文名").doesNotContainPattern("[A-Za-z]{3,}"));
        assertThat(card.path("summary").asText()).doesNotContainPattern("[A-Za-z]{4,}");
        assertThat(detail).containsPattern("(?m)^- 支持：\\p{IsHan}");
        // and the decision record keeps the Chinese prompt version and the answer
        String rec = record(card.path("_hook").asText());
        assertThat(rec).contains("\"promptVersion\":\"differential-v2-zh\"").contains("deepseek-zh-stand-in")
            .contains("记录的发现支持该诊断");
    }

    @Test
    void should_cut_the_overdose_in_chinese_units_and_show_the_rest_when_the_chinese_explanation_has_one()
        throws Exception {
        // when the rationale ends with a metformin dose above its daily ceiling, written in Chinese units
        JsonNode card = card(OVERDOSE);

        // then the dangerous sentence is gone and the grounded sentence is shown
        String shown = card.toString();
        assertThat(shown).doesNotContain("3000").doesNotContain("二甲双胍").doesNotContainIgnoringCase("metformin");
        assertThat(card.path("detail").asText()).contains("记录的发现支持该诊断").contains("随访时复查");
        // and the record keeps what the model wrote and the veto that cut it
        String rec = record(card.path("_hook").asText());
        assertThat(rec).contains("每日3000毫克").contains("ADA-MET-005").contains("differential-v2-zh");
    }
}
