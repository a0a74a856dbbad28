package org.dxguard.service.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dxguard.bench.synthea.Prefetch;
import org.dxguard.bench.synthea.SyntheaRequests;
import org.dxguard.reasoner.ReasonerConfig;
import org.dxguard.reasoner.ReplayModelServer;
import org.dxguard.reasoner.ReplayModelServer.Reply;
import org.dxguard.service.ServiceConfig;
import org.dxguard.service.TestServer;
import org.dxguard.service.auth.TestTokens;
import org.dxguard.service.hooks.PrefetchTemplates;
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
        server.awaitGraph(Duration.ofMinutes(7));
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

    /** Every message of every prompt the model server received since {@code before}, as one text. */
    private static String promptsSince(int before) throws Exception {
        StringBuilder out = new StringBuilder();
        List<String> all = model.requests();
        for (int i = before; i < all.size(); i++) {
            for (JsonNode m : JSON.readTree(all.get(i)).path("messages")) {
                out.append(m.path("content").asText()).append('\n');
            }
        }
        return out.toString();
    }

    private static String detail(JsonNode body) {
        assertThat(body.get("cards")).hasSize(1);
        return body.get("cards").get(0).get("detail").asText();
    }

    private static List<String> boldLines(String detail) {
        return detail.lines().filter(l -> l.startsWith("**")).map(l -> l.substring(2, l.indexOf("**", 2))).toList();
    }

    @Test
    void should_show_a_differential_citing_the_note_when_the_only_findings_are_in_an_english_note() throws Exception {
        // given a patient-view call whose only findings are in today's English note
        int before = model.requestCount();

        // when
        JsonNode body = call(NoteRequests.inline("patient-en.json", NoteRequests.note("hf-en.txt")));

        // then: heart failure leads, its evidence cites the note; negated findings are evidence against
        String detail = detail(body);
        assertThat(body.at("/cards/0/summary").asText()).startsWith("Differential: Chronic congestive heart failure");
        assertThat(boldLines(detail)).first().isEqualTo("Chronic congestive heart failure");
        assertThat(detail).contains("Orthopnea (note of today, HPI: \"").contains("Rales (note of today, HPI: "
            + "\"Crackles at both lung bases on exam.\")").contains("Against: Fever (note of today, HPI: \"No fever.\")")
            .doesNotContain("ev:").doesNotContainPattern("(?<![0-9])0 %");
        // the model got the same findings with their citations
        String prompt = promptsSince(before);
        assertThat(prompt).contains("present: orthopnea (SNOMED CT 62744007) (note, today, HPI: \"")
            .contains("absent: fever (SNOMED CT 386661006) (note, today, HPI: \"No fever.\")")
            .doesNotContain("free text withheld");
    }

    @Test
    void should_show_a_differential_citing_the_note_when_the_only_findings_are_in_a_chinese_note() throws Exception {
        // given
        int before = model.requestCount();

        // when
        JsonNode body = call(NoteRequests.inline("patient-zh.json", NoteRequests.note("hf-zh.txt")));

        // then
        String detail = detail(body);
        assertThat(boldLines(detail)).first().isEqualTo("Chronic congestive heart failure");
        assertThat(detail).contains("Orthopnea (note of today, HPI: \"活动后气促，端坐呼吸，双下肢水肿，伴咳嗽、乏力。\")")
            .contains("Rales (note of today, exam: \"双肺底可闻及湿啰音。\")").contains("Against: Fever");
        assertThat(promptsSince(before)).contains("(note, today, HPI: \"活动后气促");
    }

    @Test
    void should_never_count_negated_or_family_history_mentions_as_the_patients_when_a_note_has_only_those()
        throws Exception {
        // given a note that only denies symptoms and tells what relatives had (English and Chinese)
        String en = "HPI: Denies cough, dyspnoea or chest pain. No fever.\nFH: mother had asthma; father died of heart "
            + "failure with ankle swelling and orthopnoea.";
        String zh = "现病史：否认咳嗽、气促、胸痛，无发热。\n家族史：母亲有哮喘，父亲有心力衰竭、双下肢水肿。";

        // when
        JsonNode enBody = call(NoteRequests.inline("patient-en.json", en));
        JsonNode zhBody = call(NoteRequests.inline("patient-zh.json", zh));

        // then: nothing of the patient's own is present: no card
        assertThat(enBody.get("cards")).isEmpty();
        assertThat(zhBody.get("cards")).isEmpty();
    }

    @Test
    void should_keep_every_identifier_out_of_the_prompts_when_notes_name_the_patient() throws Exception {
        // given notes full of identifiers (names, MRN, resident ID, phones, e-mail, address, exact dates)
        int before = model.requestCount();

        // when
        call(NoteRequests.inline("patient-en.json", NoteRequests.note("hf-en.txt")));
        call(NoteRequests.inline("patient-zh.json", NoteRequests.note("hf-zh.txt")));

        // then: the model got the findings with their quotes, and not one identifier
        String prompts = promptsSince(before);
        assertThat(model.requestCount()).isGreaterThanOrEqualTo(before + 2);
        assertThat(prompts).contains("(note, today, HPI: ");
        assertThat(prompts).doesNotContain(IDENTIFIERS.toArray(String[]::new));
    }

    @Test
    void should_show_known_diagnoses_apart_when_the_problem_list_has_them() throws Exception {
        // given heart failure already on the problem list
        ObjectNode request = NoteRequests.inline("patient-en.json", NoteRequests.note("hf-en.txt"));
        ObjectNode condition = JSON.createObjectNode().put("resourceType", "Condition").put("id", "chf");
        condition.putObject("clinicalStatus").putArray("coding").addObject()
            .put("system", "http://terminology.hl7.org/CodeSystem/condition-clinical").put("code", "active");
        condition.putObject("code").putArray("coding").addObject().put("system", "http://snomed.info/sct")
            .put("code", "88805009").put("display", "Chronic congestive heart failure");
        ((com.fasterxml.jackson.databind.node.ArrayNode) request.at("/prefetch/conditions/entry")).addObject()
            .set("resource", condition);

        // when
        String detail = detail(call(request));

        // then: not proposed again, shown as known
        assertThat(boldLines(detail)).doesNotContain("Chronic congestive heart failure");
        assertThat(detail).contains("Known (on the problem list, not proposed again; may explain the findings): "
            + "Chronic congestive heart failure");
    }

    @Test
    void should_read_the_note_from_the_fhir_server_when_it_is_not_prefetched_or_is_an_html_url() throws Exception {
        // given the FHIR server: an HTML note behind a url, and the notes search that returns it
        try (FakeFhirServer fhir = new FakeFhirServer()) {
            String html = "<html><body><h3>HPI</h3><p>72-year-old with orthopno&eacute;a, ankle swelling and "
                + "dyspnoea on exertion.</p><p>Crackles at both bases.</p><script>x()</script></body></html>";
            fhir.route("Binary/note-html", q -> new FakeFhirServer.Reply(200, "{\"resourceType\":\"Binary\","
                + "\"contentType\":\"text/html\",\"data\":\"" + Base64.getEncoder().encodeToString(html.getBytes(
                    StandardCharsets.UTF_8)) + "\"}"));
            ObjectNode byUrl = NoteRequests.request("patient-en.json", "text/html", "url", "Binary/note-html");
            ObjectNode notPrefetched = NoteRequests.request("patient-en.json", "text/html", "url", "Binary/note-html");
            JsonNode search = notPrefetched.at("/prefetch/notes");
            fhir.route("DocumentReference", q -> new FakeFhirServer.Reply(200, search.toString()));
            for (ObjectNode r : List.of(byUrl, notPrefetched)) {
                r.put("fhirServer", fhir.base());
                r.putObject("fhirAuthorization").put("access_token", "tok-notes").put("token_type", "Bearer")
                    .put("expires_in", 300).put("scope", "patient/*.read").put("subject", "dxguard");
            }
            ((ObjectNode) notPrefetched.get("prefetch")).remove(List.of("notes", "reports", "encounters"));

            // when
            String viaUrl = detail(call(byUrl));
            String viaSearch = detail(call(notPrefetched));

            // then: both read the HTML note (the token went to the FHIR server only); reports and encounters the
            // server cannot answer (404) leave the call as it is
            for (String d : List.of(viaUrl, viaSearch)) {
                assertThat(boldLines(d)).first().isEqualTo("Chronic congestive heart failure");
                assertThat(d).contains("Rales (note of today, HPI: \"Crackles at both bases.\")");
            }
            assertThat(fhir.authorizations()).isNotEmpty().allMatch("Bearer tok-notes"::equals);
        }
    }

    @Test
    void should_keep_the_patients_name_out_of_the_prompt_when_real_synthea_notes_name_the_patient() throws Exception {
        // given a generated Synthea patient with its latest two clinical notes (base64 text/plain DocumentReferences whose
        // history begins "Christopher407 is a 54 year-old ..."), called as bench replay --notes calls: at the visit of
        // the latest note, with the prefetch the differential service declares, answered over the record
        java.nio.file.Path bundle = java.nio.file.Files.createTempFile("synthea-notes", ".json");
        java.nio.file.Files.write(bundle, org.dxguard.service.Fixtures.bytes("notes/synthea-notes-kris.json"));
        SyntheaRequests synthea = SyntheaRequests.atLatestNote(bundle);
        java.nio.file.Files.delete(bundle);
        ObjectNode request = synthea.patientViewCall(java.util.UUID.randomUUID().toString(),
            Prefetch.of(PrefetchTemplates.differential()));
        // Synthea marks every note but the latest "superseded": the template (status=current) leaves those out
        assertThat(request.at("/prefetch/notes/entry")).hasSize(1);
        List<String> names = List.of("Christopher407", "Emmett200", "Kris249");
        int before = model.requestCount();

        // when
        JsonNode body = call(request);

        // then: the chief complaint of today's note made a card, the model was asked, and no name reached it
        assertThat(detail(body)).contains("(note of today, CC: ");
        String prompts = promptsSince(before);
        assertThat(model.requestCount()).isGreaterThan(before);
        assertThat(prompts).contains("(note, today, CC: ").doesNotContain(names.toArray(String[]::new))
            .doesNotContain("1971-11-07");
    }
}
