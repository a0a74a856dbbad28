package org.dxguard.service.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.util.Locale;
import org.dxguard.model.DxGuardException;
import org.junit.jupiter.api.Test;

class TrustedEhrsLocaleTest {
    private static final KeyPair KEY = TestTokens.ecKeyPair("P-384");

    private static String file(String localeField) {
        String entry = TestTokens.trustedEhrsJson("https://his.example.cn", TestTokens.publicJwk(KEY, "k1"));
        return localeField == null ? entry : entry.replace("\"iss\":", localeField + ",\"iss\":");
    }

    @Test
    void should_read_the_issuers_locale_when_the_file_names_zh_cn() {
        // when
        TrustedEhrs ehrs = TrustedEhrs.parse(file("\"locale\":\"zh-CN\""), "test");
        // then
        assertThat(ehrs.find("https://his.example.cn").locale()).isEqualTo(Locale.SIMPLIFIED_CHINESE);
    }

    @Test
    void should_default_to_english_when_the_entry_has_no_locale() {
        // when
        TrustedEhrs ehrs = TrustedEhrs.parse(file(null), "test");
        // then
        assertThat(ehrs.find("https://his.example.cn").locale()).isEqualTo(Locale.ENGLISH);
    }

    @Test
    void should_refuse_the_file_naming_the_entry_when_the_locale_is_unsupported() {
        // when / then
        assertThatThrownBy(() -> TrustedEhrs.parse(file("\"locale\":\"fr\""), "test"))
            .isInstanceOf(DxGuardException.class)
            .hasMessageContaining("\"locale\" must be one of [en, zh-CN], found 'fr'")
            .hasMessageContaining("iss https://his.example.cn");
    }
}
