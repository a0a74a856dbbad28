package org.dxguard.service.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Instant;
import java.util.regex.Pattern;
import org.dxguard.service.Fixtures;
import org.dxguard.service.ServiceConfig;
import org.dxguard.service.TestServer;
import org.dxguard.service.auth.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Locale per EHR and per call through the real HTTP path (issue 20): a trusted-EHRs file with a zh-CN issuer and an
 * English one, real ES384 tokens, the packaged guidelines. The zh-CN issuer's cards are Chinese (summary, detail,
 * suggestion label, override-reason displays; codes unchanged); the request extension {@code org.dxguard.locale}
 * overrides the issuer's locale; an unsupported locale is a 400 naming DXG-0545.
 */
class ChineseLocaleIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern HAN = Pattern.compile("\\p{IsHan}");
    private static final String ZH_ISS = "https://his.hospital.example.cn";
    private static final String EN_ISS = "https://ehr.hospital.example";
    private static final String SIGN = "/cds-services/dxguard-medication-sign";
    private static final KeyPair KEY = TestTokens.ecKeyPair("P-384");
    private static TestServer server;

    @BeforeAll
    static void start(@TempDir Path dir) throws Exception {
        ObjectNode zh = (ObjectNode) JSON.readTree(TestTokens.trustedEhrsJson(ZH_ISS,
            TestTokens.publicJwk(KEY, "k1"))).get("ehrs").get(0);
        zh.put("locale", "zh-CN");
        ObjectNode en = (ObjectNode) JSON.readTree(TestTokens.trustedEhrsJson(EN_ISS,
            TestTokens.publicJwk(KEY, "k1"))).get("ehrs").get(0);
        ObjectNode file = JSON.createObjectNode();
        ArrayNode ehrs = file.putArray("ehrs");
        ehrs.add(zh);
        ehrs.add(en);
        Path trusted = dir.resolve("trusted-ehrs.json");
        Files.writeString(trusted, JSON.writeValueAsString(file));
        server = TestServer.start(ServiceConfig.builder().graphEnabled(false).consoleEnabled(false)
            .host("127.0.0.1").trustedEhrsFile(trusted));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static HttpResponse<String> sign(String issuer, String locale) throws Exception {
        ObjectNode body = (ObjectNode) JSON.readTree(
            Fixtures.withRecentDates("cdshooks/sandbox-order-sign-metformin-egfr25.json"));
        if (locale != null) {
            body.putObject("extension").put("org.dxguard.locale", locale);
        }
        String token = TestTokens.sign(TestTokens.header("ES384", "k1"), TestTokens.claims(issuer, server.url(SIGN),
            Instant.now()), KEY.getPrivate());
        return server.post(SIGN, token, JSON.writeValueAsBytes(body));
    }

    private static JsonNode metforminCard(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        for (JsonNode c : JSON.readTree(r.body()).get("cards")) {
            if (c.path("detail").asText().contains("ADA-MET-001")) {
                return c;
            }
        }
        throw new AssertionError("no ADA-MET-001 card in " + r.body());
    }

    @Test
    void should_render_the_card_in_chinese_when_the_issuer_is_configured_zh_cn() throws Exception {
        // given metformin ordered at eGFR 25, called by the EHR configured with "locale": "zh-CN"
        // when
        JsonNode card = metforminCard(sign(ZH_ISS, null));
        // then every text is Chinese, the eGFR value is the record's and the codes are unchanged
        assertThat(card.get("summary").asText()).contains("二甲双胍").contains("25").contains("eGFR");
        assertThat(HAN.matcher(card.get("detail").asText()).find()).isTrue();
        assertThat(card.get("detail").asText()).contains("规则 `ADA-MET-001`").contains("依据");
        // and "Based on" names the record's drug and lab in Chinese (issue 20): no English name where one exists
        String detail = card.get("detail").asText();
        // (the resource references stay as they are: a reviewer finds the resource; "draft-metformin-1" is an id)
        String basedOn = detail.substring(detail.indexOf("**依据"), detail.indexOf("规则 `ADA-MET-001`"))
            .replaceAll("[A-Za-z]+/\\S+", "");
        assertThat(basedOn).contains("二甲双胍").contains("估算肾小球滤过率").doesNotContainIgnoringCase("metformin")
            .doesNotContain(" draft ").doesNotContain(" old)");
        assertThat(card.get("indicator").asText()).isEqualTo("critical");
        JsonNode suggestion = card.get("suggestions").get(0);
        assertThat(suggestion.get("label").asText()).isEqualTo("撤销二甲双胍医嘱");
        assertThat(suggestion.get("actions").get(0).get("type").asText()).isEqualTo("delete");
        JsonNode reasons = card.get("overrideReasons");
        assertThat(reasons.findValuesAsText("code")).contains("nephrology-advises-continuing", "not-applicable");
        assertThat(reasons.findValuesAsText("display")).contains("肾内科建议继续使用二甲双胍", "该提示不适用于此患者");
        assertThat(card.path("extension").path("org.dxguard.override-reason-required").asBoolean()).isTrue();
    }

    @Test
    void should_render_the_card_in_english_when_the_issuer_has_no_locale() throws Exception {
        // given the same call from the English EHR
        // when
        JsonNode card = metforminCard(sign(EN_ISS, null));
        // then
        assertThat(card.get("summary").asText()).startsWith("Metformin is contraindicated at eGFR 25");
        assertThat(HAN.matcher(card.toString()).find()).isFalse();
        assertThat(card.get("suggestions").get(0).get("label").asText()).isEqualTo("Cancel the metformin order");
    }

    @Test
    void should_follow_the_request_extension_when_it_names_a_locale() throws Exception {
        // given the zh-CN EHR asking for English in this call, and the English EHR asking for Chinese
        // when
        JsonNode english = metforminCard(sign(ZH_ISS, "en"));
        JsonNode chinese = metforminCard(sign(EN_ISS, "zh"));
        // then
        assertThat(english.get("summary").asText()).startsWith("Metformin is contraindicated");
        assertThat(chinese.get("summary").asText()).contains("二甲双胍");
    }

    @Test
    void should_refuse_with_dxg_0545_when_the_extension_names_an_unsupported_locale() throws Exception {
        // when
        HttpResponse<String> r = sign(ZH_ISS, "fr-FR");
        // then
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("DXG-0545").contains("org.dxguard.locale");
    }

    @Test
    void should_document_the_locale_extension_in_discovery() throws Exception {
        // when
        String token = TestTokens.sign(TestTokens.header("ES384", "k1"), TestTokens.claims(ZH_ISS,
            server.url("/cds-services"), Instant.now()), KEY.getPrivate());
        HttpResponse<String> r = server.get("/cds-services", token);
        // then every service names the extension and its values
        assertThat(r.statusCode()).isEqualTo(200);
        for (JsonNode s : JSON.readTree(r.body()).get("services")) {
            assertThat(s.path("extension").path("org.dxguard.locale").path("values").toString())
                .contains("en").contains("zh-CN");
        }
    }
}
