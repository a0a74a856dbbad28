package org.dxguard.service.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.Map;
import org.dxguard.model.DxGuardException;
import org.dxguard.service.cdshooks.CdsRequest;
import org.dxguard.service.cdshooks.Hook;
import org.junit.jupiter.api.Test;

class CallLocaleTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static CdsRequest request(String locale) {
        ObjectNode ext = locale == null ? null : JSON.createObjectNode().put(CallLocale.EXTENSION_KEY, locale);
        return new CdsRequest(Hook.ORDER_SIGN, "d1f3a8e2-6c1b-4f7e-9a55-0c2b8d7e4f10", null, null,
            JSON.createObjectNode().put("patientId", "p1"), Map.of(), ext);
    }

    @Test
    void should_use_the_issuers_locale_when_the_call_names_none() {
        // when / then
        assertThat(CallLocale.resolve(Locale.SIMPLIFIED_CHINESE, request(null))).isEqualTo(Locale.SIMPLIFIED_CHINESE);
        assertThat(CallLocale.resolve(null, request(null))).isEqualTo(Locale.ENGLISH);
    }

    @Test
    void should_keep_none_configured_apart_from_an_explicit_english_when_neither_the_call_nor_its_ehr_names_one() {
        // when / then: no locale anywhere is "unspecified" (the model's configured language applies), not English
        assertThat(CallLocale.specified(null, request(null))).isEmpty();
        assertThat(CallLocale.specified(Locale.ENGLISH, request(null))).contains(Locale.ENGLISH);
        assertThat(CallLocale.specified(null, request("zh-CN"))).contains(Locale.SIMPLIFIED_CHINESE);
        assertThat(CallLocale.specified(null, request("en"))).contains(Locale.ENGLISH);
    }

    @Test
    void should_render_in_english_but_name_no_locale_when_a_hook_call_is_made_without_one() {
        // given
        org.dxguard.model.PatientFacts facts = org.dxguard.model.PatientFacts.builder()
            .asOf(java.time.Instant.parse("2026-12-07T10:00:00Z")).build();
        org.dxguard.service.audit.DecisionDraft.FollowUp followUp = new org.dxguard.service.audit.DecisionDraft(
            "s", "iss", java.time.Instant.EPOCH, new byte[0]).followUp();

        // when
        HookCall none = new HookCall("s", request(null), facts, "iss", 0, followUp, null, null, null);
        HookCall zh = new HookCall("s", request(null), facts, "iss", 0, followUp, null, null, Locale.SIMPLIFIED_CHINESE);

        // then
        assertThat(none.locale()).isEqualTo(Locale.ENGLISH);
        assertThat(none.specifiedLocale()).isEmpty();
        assertThat(zh.specifiedLocale()).contains(Locale.SIMPLIFIED_CHINESE);
    }

    @Test
    void should_follow_the_extension_when_the_call_names_a_supported_locale() {
        // when / then
        assertThat(CallLocale.resolve(Locale.ENGLISH, request("zh-Hans-CN"))).isEqualTo(Locale.SIMPLIFIED_CHINESE);
        assertThat(CallLocale.resolve(Locale.SIMPLIFIED_CHINESE, request("en-US"))).isEqualTo(Locale.ENGLISH);
    }

    @Test
    void should_refuse_with_dxg_0545_when_the_extension_names_an_unsupported_locale() {
        // when / then
        assertThatThrownBy(() -> CallLocale.resolve(Locale.ENGLISH, request("ja")))
            .isInstanceOf(DxGuardException.class).hasMessageContaining("DXG-0545").hasMessageContaining("'ja'");
    }
}
