package org.dxguard.service.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dxguard.reasoner.ReasonerConfig;
import org.dxguard.reasoner.ReplayModelServer;
import org.dxguard.reasoner.ReplayModelServer.Reply;
import org.dxguard.service.ServiceConfig;
import org.dxguard.service.TestServer;
import org.dxguard.service.auth.TestTokens;
import org.dxguard.service.notes.NoteRequests;
import org.dxguard.service.prefetch.FakeFhirServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The differential from what clinicians write (issue 18): patient-view calls whose only findings are in an English or
 * Chinese note ({@code DocumentReference}, inline or at a url on the FHIR server, plain text or HTML) get a
 * differential card that cites the note; negated and family-history mentions never count as the patient's; the model
 * (the real langchain4j client against {@link ReplayModelServer}, which keeps every prompt) gets the findings with their
 * citations and none of the patient's identifiers. Default graph (Synthea modules, embedded Neo4j).
 */
class VisitNotesIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String VIEW = "/cds-services/dxguard-differential";
    private static final Pattern FIRST_CANDIDATE = Pattern.compile("(?m)^1\\. (.+?)(?: \\(| - score)");
    /** Every identifier of the two patients and their notes (names, record numbers, phones, e-mail, address, dates). */
    static final List<String> IDENTIFIERS = List.of("Carter", "John", "Alice", "Moore", "48213377", "555-201-3344",
        "5552013344", "jcarter", "example.org", "42 Elm", "Elm Street", "Springfield", "1954-03-02", "2026-12-05",
        "张伟", "张", "ZY20261205", "110105195003120039", "13812345678", "建国路", "朝阳区", "2026年12月5日");

    private static ReplayModelServer model;
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(TestTokens.sandboxKeyAvailable(), "../shared/data/cds-hooks-sandbox is needed to sign");
        model = new ReplayModelServer().always(Reply.content(VisitNotesIT::grounded, 0));
        ReasonerConfig reasoner = ReasonerConfig.builder().baseUrl(model.baseUrl()).model("deepseek-test")
            .modelId("deepseek-test").maxRetries(0).timeout(Duration.ofSeconds(20)).breakerFailureThreshold(50)
            .build();
        server = TestServer.start(ServiceConfig.builder().graphEnabled(true).llmBudget(Duration.ofSeconds(20))
            .reasoner(reasoner));
        long deadline = System.nanoTime() + 180_000_000_000L;
        while (server.server().graph().current().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(250);
        }
        assertThat(server.server().graph().current()).as(server.server().graph().status()).isPresent();
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

    /** A grounded answer for the prompt's first candidate, citing E1. */
    private static String grounded(String requestBody) {
        Matcher m = FIRST_CANDIDATE.matcher(ReplayModelServer.prompt(requestBody));
        ObjectNode root = JSON.createObjectNode().put("summary", "The first candidate fits the findings of the note.");
        ObjectNode c = root.putArray("candidates").addObject();
        c.put("diagnosis", m.find() ? m.group(1).strip() : "unknown")
            .put("rationale", "The findings written in the note support it [E1].");
        c.putArray("citedEvidenceIds").add("E1");
        c.putArray("wouldConfirm").add("an echocardiogram");
        c.putArray("wouldExclude").add("a normal examination");
        c.putArray("nextSteps").add("Review at follow-up");
        c.putArray("medications");
        c.putArray("guidelineExcerptIds");
        return root.toString();
    }

    private static JsonNode call(ObjectNode request) throws Exception {
        HttpResponse<String> r = server.post(VIEW, server.sandboxToken(VIEW), NoteRequests.bytes(request));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(r.body());
        SpecJson.assertNoNullOrEmpty(body);
        return body;
    }

    private static List<String> promptsSince(int before) {
        List<String> out = new ArrayList<>();
        List<String> all = model.requests();
        for (int i = before; i < all.size(); i++) {
            out.add(ReplayModelServer.prompt(all.get(i)));
        }
        return out;
    }

    @Test
    void should_show_a_differential_citing_the_note_when_the_only_findings_are_in_an_english_note() throws Exception {
        // given a patient-view call whose only findings are in today's English note
        int before = model.requestCount();

        // when
        JsonNode body = call(NoteRequests.inline("patient-en.json", NoteRequests.note("hf-en.txt")));

        // then
        System.out.println(body.toPrettyString());
        promptsSince(before).forEach(System.out::println);
        assertThat(body.get("cards")).hasSize(1);
    }

    @Test
    void should_show_a_differential_citing_the_note_when_the_only_findings_are_in_a_chinese_note() throws Exception {
        int before = model.requestCount();
        JsonNode body = call(NoteRequests.inline("patient-zh.json", NoteRequests.note("hf-zh.txt")));
        System.out.println(body.toPrettyString());
        promptsSince(before).forEach(System.out::println);
        assertThat(body.get("cards")).hasSize(1);
    }
}
