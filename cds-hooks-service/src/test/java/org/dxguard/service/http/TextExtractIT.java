package org.dxguard.service.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.dxguard.service.ServiceConfig;
import org.dxguard.service.TestServer;
import org.dxguard.service.auth.TestTokens;
import org.dxguard.service.notes.NoteRequests;
import org.dxguard.text.testing.FhirValidation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /text/extract} over real HTTP with real JWTs: English and Chinese notes → FHIR R4 Bundles that HAPI's
 * instance validator (core R4 profiles) accepts; bad input → a clear 400; authentication exactly as the CDS Hooks
 * endpoints (bare 401 without a token or with one for another URL).
 */
class TextExtractIT {
    private static final String PATH = "/text/extract";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TestServer server;

    @BeforeAll
    static void start() {
        assumeTrue(TestTokens.sandboxKeyAvailable(), "../shared/data/cds-hooks-sandbox is needed to sign");
        server = TestServer.start(ServiceConfig.builder().graphEnabled(false));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static HttpResponse<String> post(String body) {
        return server.post(PATH, server.sandboxToken(PATH), body.getBytes(StandardCharsets.UTF_8));
    }

    private static String body(String text, String language, String patientId) throws Exception {
        var n = JSON.createObjectNode().put("text", text);
        if (language != null) {
            n.put("language", language);
        }
        if (patientId != null) {
            n.put("patientId", patientId);
        }
        return JSON.writeValueAsString(n);
    }

    private static List<JsonNode> conditions(JsonNode bundle, String snomed) {
        List<JsonNode> out = new java.util.ArrayList<>();
        for (JsonNode e : bundle.path("entry")) {
            JsonNode r = e.path("resource");
            if (r.path("resourceType").asText().equals("Condition")
                && r.at("/code/coding").findValuesAsText("code").contains(snomed)) {
                out.add(r);
            }
        }
        return out;
    }

    @Test
    void should_return_a_valid_fhir_bundle_when_an_english_or_chinese_note_is_posted() throws Exception {
        // when
        // given the heart-failure notes with a denied and an affirmed diagnosis added
        String enNote = NoteRequests.note("hf-en.txt") + "\nAssessment: heart failure. No diabetes.\n";
        String zhNote = NoteRequests.note("hf-zh.txt") + "\n诊断：否认糖尿病。心力衰竭。\n";

        // when
        HttpResponse<String> en = post(body(enNote, "en", "pat-notes-en"));
        HttpResponse<String> zh = post(body(zhNote, null, "pat-notes-zh"));

        // then
        for (HttpResponse<String> r : List.of(en, zh)) {
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
                v -> assertThat(v).startsWith("application/fhir+json"));
            assertThat(FhirValidation.errors(r.body())).isEmpty();
            JsonNode bundle = JSON.readTree(r.body());
            assertThat(bundle.path("resourceType").asText()).isEqualTo("Bundle");
            assertThat(bundle.path("type").asText()).isEqualTo("collection");
            assertThat(bundle.path("entry").findValuesAsText("resourceType")).contains("Observation", "Condition");
            assertThat(r.body()).contains("https://dxguard.org/fhir/StructureDefinition/source-span")
                .contains("62744007"); // orthopnoea, SNOMED CT
            // diabetes denied: a refuted Condition; heart failure stated: a confirmed one
            assertThat(conditions(bundle, "44054006")).singleElement().satisfies(c -> assertThat(
                c.at("/verificationStatus/coding/0/code").asText()).isEqualTo("refuted"));
            assertThat(conditions(bundle, "84114007")).singleElement().satisfies(c -> assertThat(
                c.at("/verificationStatus/coding/0/code").asText()).isEqualTo("confirmed"));
        }
        assertThat(en.body()).contains("Patient/pat-notes-en").contains("29857009"); // chest pain, denied
        assertThat(zh.body()).contains("Patient/pat-notes-zh").contains("端坐呼吸");
    }

    @Test
    void should_answer_a_clear_400_when_the_text_is_empty_binary_too_large_or_missing() throws Exception {
        // when
        HttpResponse<String> empty = post(body("   ", null, null));
        HttpResponse<String> binary = post(body("abc\u0000def", null, null));
        HttpResponse<String> large = post(body("cough ".repeat(180_000), null, null));
        HttpResponse<String> missing = post("{\"language\":\"en\"}");
        HttpResponse<String> notJson = post("cough for 3 weeks");
        HttpResponse<String> language = post(body("cough", "fr", null));

        // then
        assertThat(List.of(empty, binary, large, missing, notJson, language)).allSatisfy(r ->
            assertThat(r.statusCode()).as(r.body()).isEqualTo(400));
        assertThat(JSON.readTree(empty.body()).at("/error/code").asText()).isEqualTo("DXG-0800");
        assertThat(JSON.readTree(binary.body()).at("/error/code").asText()).isEqualTo("DXG-0801");
        assertThat(JSON.readTree(large.body()).at("/error/code").asText()).isEqualTo("DXG-0802");
        assertThat(JSON.readTree(large.body()).at("/error/message").asText()).contains("at most 1048576");
        assertThat(JSON.readTree(missing.body()).at("/error/code").asText()).isEqualTo("DXG-0150");
        assertThat(JSON.readTree(notJson.body()).at("/error/message").asText()).doesNotContain("cough");
        assertThat(JSON.readTree(language.body()).at("/error/code").asText()).isEqualTo("DXG-0805");
    }

    @Test
    void should_be_authenticated_like_the_cds_hooks_endpoints_when_called() {
        // when
        byte[] note = "{\"text\":\"cough\"}".getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> none = server.post(PATH, null, note);
        HttpResponse<String> otherAud = server.post(PATH, server.sandboxToken("/cds-services"), note);
        String token = server.sandboxToken(PATH);
        HttpResponse<String> first = server.post(PATH, token, note);
        HttpResponse<String> replayed = server.post(PATH, token, note);
        HttpResponse<String> get = server.get(PATH, server.sandboxToken(PATH));

        // then
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.body()).isEmpty();
        assertThat(otherAud.statusCode()).isEqualTo(401);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(replayed.statusCode()).isEqualTo(401); // single-use jti
        assertThat(get.statusCode()).isEqualTo(405);
    }
}
