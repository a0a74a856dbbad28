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
