package org.dxguard.service.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The locale the SMART app takes from the trusted-EHRs file for a launching EHR (issue 20, item 1). */
class TrustedEhrsLocaleOfTest {
    private static final KeyPair KEY = TestTokens.ecKeyPair("P-384");
    private static final String ISS = "https://his.example.cn";

    @Test
    void should_give_the_configured_locale_when_the_issuer_is_in_the_file() {
        // given
        String json = TestTokens.trustedEhrsJson(ISS, TestTokens.publicJwk(KEY, "k1"))
            .replace("\"iss\":", "\"locale\":\"zh-CN\",\"iss\":");

        // when
        TrustedEhrs ehrs = TrustedEhrs.parse(json, "test");

        // then the issuer's locale is known, another issuer's is not
        assertThat(ehrs.localeOf(ISS)).contains(Locale.SIMPLIFIED_CHINESE);
        assertThat(ehrs.localeOf("https://other.example.org")).isEmpty();
        assertThat(ehrs.localeOf(null)).isEmpty();
    }

    @Test
    void should_give_no_locale_when_nothing_was_configured() {
        // when the service runs on the development default (no trusted-EHRs file)
        TrustedEhrs dev = TrustedEhrs.sandboxDefault();

        // then the browser's language decides (nothing configured)
        assertThat(dev.localeOf(TrustedEhrs.SANDBOX_ISSUER)).isEmpty();
        // and an entry without "locale" is English, as its cards are
        TrustedEhrs plain = TrustedEhrs.parse(TestTokens.trustedEhrsJson(ISS, TestTokens.publicJwk(KEY, "k1")), "t");
        assertThat(plain.localeOf(ISS)).contains(Locale.ENGLISH);
    }
}
