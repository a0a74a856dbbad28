package org.dxguard.service.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.nimbusds.jose.jwk.JWK;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.dxguard.model.DxGuardException;
import org.dxguard.service.auth.AuthenticationException.Reason;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CallerAuthenticatorTest {
    static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
    static final String ISS = "https://ehr.example.org";
    static final String URL = "https://dxguard.example.org/cds-services/dx-check";

    static KeyPair ec256;
    static KeyPair ec384;
    static KeyPair rsa2048;
    static KeyPair rsa1024;
    static TrustedEhrs trusted;

    MutableClock clock;
    CallerAuthenticator auth;

    @BeforeAll
    static void keys() {
        ec256 = TestTokens.ecKeyPair("P-256");
        ec384 = TestTokens.ecKeyPair("P-384");
        rsa2048 = TestTokens.rsaKeyPair(2048);
        rsa1024 = TestTokens.rsaKeyPair(1024);
        JWK[] jwks = {
            TestTokens.publicJwk(ec256, "es256"),
            TestTokens.publicJwk(ec384, "es384"),
            TestTokens.publicJwk(rsa2048, "rsa"),
            TestTokens.publicJwk(rsa1024, "rsa-weak"),
        };
        String sandboxJwks = new String(readResource("/auth/cds-hooks-sandbox-jwks.json"), StandardCharsets.UTF_8);
        String json = "{\"ehrs\":["
            + "{\"iss\":\"" + ISS + "\",\"jwks\":" + TestTokens.jwksJson(jwks) + "},"
            + "{\"iss\":\"" + TestTokens.SANDBOX_ISSUER + "\",\"jwks\":" + sandboxJwks
            + ",\"jkuAllowlist\":[\"" + TestTokens.SANDBOX_JKU + "\"]},"
            + "{\"iss\":\"https://tenant-ehr.example.org\",\"jwks\":" + TestTokens.jwksJson(jwks)
            + ",\"tenant\":\"hospital-a\"}"
            + "]}";
        trusted = TrustedEhrs.parse(json, "test");
    }

    @BeforeEach
    void authenticator() {
        clock = new MutableClock(NOW);
        auth = CallerAuthenticator.builder().trustedEhrs(trusted).clock(clock).build();
    }

    // ------------------------------------------------------------------------------------------ acceptance

    @Test
    void should_accept_sandbox_token_when_signed_exactly_as_the_sandbox_does() {
        assumeTrue(TestTokens.sandboxKeyAvailable(), "shared/data/cds-hooks-sandbox is absent");
        // given the packaged sandbox default and a token signed with the sandbox's key, jku included
        CallerAuthenticator sandbox = CallerAuthenticator.builder()
            .trustedEhrs(TrustedEhrs.sandboxDefault()).clock(clock).build();
        String token = TestTokens.sandboxToken(URL, NOW);

        // when
        AuthenticatedCaller caller = sandbox.authenticate(TestTokens.bearer(token), URL);

        // then the inline key was used (the jku is unreachable offline) and the caller is described
        assertThat(caller.issuer()).isEqualTo(TestTokens.SANDBOX_ISSUER);
        assertThat(caller.keyId()).isEqualTo(TestTokens.SANDBOX_KID);
        assertThat(caller.subject()).isNull();
        assertThat(caller.tenant()).isNull();
        assertThat(caller.expiresAt()).isEqualTo(NOW.plusSeconds(300));
        assertThat(caller.jti()).isNotBlank();
    }

    @Test
    void should_accept_sandbox_token_with_sub_when_scheme_is_lower_case() {
        assumeTrue(TestTokens.sandboxKeyAvailable(), "shared/data/cds-hooks-sandbox is absent");
        // given
        String token = TestTokens.sandboxToken(URL, "sandbox-client", NOW);

        // when
        AuthenticatedCaller caller = auth.authenticate("bearer " + token, URL);

        // then
        assertThat(caller.subject()).isEqualTo("sandbox-client");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ES256:es256", "ES384:es384", "RS256:rsa", "RS384:rsa"})
    void should_accept_token_when_signed_with_an_allowed_alg_and_matching_key(String algAndKid) {
        // given
        String alg = algAndKid.split(":")[0];
        String kid = algAndKid.split(":")[1];
        Map<String, Object> claims = TestTokens.claims(ISS, URL, NOW);
        claims.put("sub", "ehr-client-1");
        String token = TestTokens.sign(TestTokens.header(alg, kid), claims, privateKey(kid));

        // when
        AuthenticatedCaller caller = auth.authenticate("BEARER " + token, URL);

        // then
        assertThat(caller).isEqualTo(new AuthenticatedCaller(ISS, "ehr-client-1", null, (String) claims.get("jti"),
            kid, NOW.plusSeconds(300)));
    }

    @Test
    void should_accept_token_when_aud_is_an_array_containing_the_called_url() {
        // given
        Map<String, Object> claims = TestTokens.claims(ISS, List.of("https://other.example.org/x", URL), NOW);

        // when
        AuthenticatedCaller caller = auth.authenticate(bearer("ES384", "es384", claims), URL);

        // then
        assertThat(caller.issuer()).isEqualTo(ISS);
    }

    @Test
    void should_accept_token_when_aud_and_called_url_differ_only_by_a_trailing_slash() {
        // given
        String first = bearer("ES384", "es384", TestTokens.claims(ISS, URL + "/", NOW));
        String second = bearer("ES384", "es384", TestTokens.claims(ISS, URL, NOW));

        // when / then
        assertThat(auth.authenticate(first, URL).issuer()).isEqualTo(ISS);
        assertThat(auth.authenticate(second, URL + "/").issuer()).isEqualTo(ISS);
    }

    @Test
    void should_accept_token_when_its_tenant_matches_the_configured_tenant() {
        // given
        Map<String, Object> claims = TestTokens.claims("https://tenant-ehr.example.org", URL, NOW);
        claims.put("tenant", "hospital-a");

        // when
        AuthenticatedCaller caller = auth.authenticate(bearer("ES256", "es256", claims), URL);

        // then
        assertThat(caller.tenant()).isEqualTo("hospital-a");
    }

    // ------------------------------------------------------------------------------------------ header

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "Bearer", "Bearer    ", "Basic dXNlcjpwYXNz", "Token abc.def.ghi"})
    void should_refuse_with_missing_token_when_no_bearer_token_is_sent(String header) {
        assertReason(() -> auth.authenticate(header, URL), Reason.MISSING_TOKEN);
    }

    @Test
    void should_refuse_with_missing_token_when_header_is_null() {
        assertReason(() -> auth.authenticate(null, URL), Reason.MISSING_TOKEN);
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "a.b", "a.b.c.d", "!!!.e30.c2ln", "e30.e30.c2ln", "bm90IGpzb24.e30.c2ln"})
    void should_refuse_as_malformed_when_token_is_not_a_compact_jws(String token) {
        assertReason(() -> auth.authenticate("Bearer " + token, URL), Reason.MALFORMED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "None", "NONE", "HS256", "HS384", "HS512", "PS256", "ES512", "RS512", "EdDSA"})
    void should_refuse_alg_when_not_one_of_the_four_allowed(String alg) {
        // given a token claiming the alg, otherwise valid, with some signature
        Map<String, Object> claims = TestTokens.claims(ISS, URL, NOW);
        String token = TestTokens.hmac(TestTokens.header(alg, "es384"), claims, "secret".getBytes());

        // when / then
        assertReason(() -> auth.authenticate(TestTokens.bearer(token), URL), Reason.ALG_NOT_ALLOWED);
    }

    @Test
    void should_refuse_alg_none_when_signature_is_empty() {
        // given an unsigned token (alg none, empty signature) that nimbus would parse as a PlainJWT
        String token = TestTokens.unsigned(TestTokens.header("none", "es384"), TestTokens.claims(ISS, URL, NOW));

        // when
        AuthenticationException e = refusal(() -> auth.authenticate(TestTokens.bearer(token), URL));

        // then
        assertThat(e.failureReason()).isEqualTo(Reason.ALG_NOT_ALLOWED);
        assertThat(e.getMessage()).startsWith("DXG-0112: ").contains("'none'");
    }

    @Test
    void should_refuse_hs256_when_hmac_secret_is_the_issuers_public_key() {
        // given the classic key-confusion attack: HMAC keyed with the public key the verifier knows
        byte[] publicKey = ec384.getPublic().getEncoded();
        String token = TestTokens.hmac(TestTokens.header("HS256", "es384"), TestTokens.claims(ISS, URL, NOW),
            publicKey);

        // when / then
        assertReason(() -> auth.authenticate(TestTokens.bearer(token), URL), Reason.ALG_NOT_ALLOWED);
    }

    @Test
    void should_refuse_rs256_when_configured_allowlist_is_es384_only() {
        // given
        CallerAuthenticator es384Only = CallerAuthenticator.builder().trustedEhrs(trusted).clock(clock)
            .allowedAlgorithms(Set.of("ES384")).build();

        // when / then
        assertReason(() -> es384Only.authenticate(bearer("RS256", "rsa", TestTokens.claims(ISS, URL, NOW)), URL),
            Reason.ALG_NOT_ALLOWED);
    }

    @Test
    void should_refuse_as_malformed_when_kid_is_missing() {
        // given
        String token = TestTokens.sign(TestTokens.header("ES384", null), TestTokens.claims(ISS, URL, NOW),
            ec384.getPrivate());

        // when / then
        assertReason(() -> auth.authenticate(TestTokens.bearer(token), URL), Reason.MALFORMED);
    }

    @Test
    void should_refuse_as_malformed_when_typ_is_not_jwt() {
        // given
        Map<String, Object> header = TestTokens.header("ES384", "es384");
        header.put("typ", "at+jwt");
        String token = TestTokens.sign(header, TestTokens.claims(ISS, URL, NOW), ec384.getPrivate());

        // when / then
        assertReason(() -> auth.authenticate(TestTokens.bearer(token), URL), Reason.MALFORMED);
    }

    @Test
    void should_refuse_as_malformed_when_a_claim_has_the_wrong_type() {
        // given
        Map<String, Object> claims = TestTokens.claims(ISS, URL, NOW);
        claims.put("exp", "tomorrow");

        // when / then
        assertReason(() -> auth.authenticate(bearer("ES384", "es384", claims), URL), Reason.MALFORMED);
    }

    // ------------------------------------------------------------------------------------------ issuer and key

    @Test
    void should_refuse_unknown_issuer_when_iss_is_not_trusted() {
        // given a correctly signed token whose iss is not in the trusted-EHR file
        String token = bearer("ES384", "es384", TestTokens.claims("https://evil.example.org", URL, NOW));

        // when
        AuthenticationException e = refusal(() -> auth.authenticate(token, URL));

        // then
        assertThat(e.failureReason()).isEqualTo(Reason.UNKNOWN_ISSUER);
        assertThat(e.getMessage()).startsWith("DXG-0113: ").contains("https://evil.example.org");
    }

    @Test
    void should_refuse_unknown_key_when_kid_is_not_in_the_issuers_keys() {
        // given
        String token = TestTokens.sign(TestTokens.header("ES384", "rotated-away"), TestTokens.claims(ISS, URL, NOW),
            ec384.getPrivate());

        // when / then
        assertReason(() -> auth.authenticate(TestTokens.bearer(token), URL), Reason.UNKNOWN_KEY);
    }

    @Test
    void should_refuse_key_of_another_issuer_when_kid_exists_only_there() {
        // given a kid of the sandbox entry, but iss of the test EHR
        String token = TestTokens.sign(TestTokens.header("ES384", TestTokens.SANDBOX_KID),
            TestTokens.claims(ISS, URL, NOW), ec384.getPrivate());

        // when / then
        assertReason(() -> auth.authenticate(TestTokens.bearer(token), URL), Reason.UNKNOWN_KEY);
    }

    @Test
    void should_refuse_jku_when_not_allow_listed_for_the_issuer() {
        // given a sandbox-like token pointing to an attacker's JWKS
        Map<String, Object> header = TestTokens.header("ES384", "es384");
        header.put("jku", "https://evil.example.org/jwks.json");
        String token = TestTokens.sign(header, TestTokens.claims(ISS, URL, NOW), ec384.getPrivate());

        // when
        AuthenticationException e = refusal(() -> auth.authenticate(TestTokens.bearer(token), URL));

        // then the URL itself is not echoed (token contents beyond iss/kid/alg stay out of messages)
        assertThat(e.failureReason()).isEqualTo(Reason.JKU_NOT_ALLOWED);
        assertThat(e.getMessage()).doesNotContain("evil.example.org/jwks.json");
    }

    @Test
    void should_refuse_rs256_when_rsa_key_is_smaller_than_2048_bits() {
        // given
        String token = bearer("RS256", "rsa-weak", TestTokens.claims(ISS, URL, NOW));

        // when
        AuthenticationException e = refusal(() -> auth.authenticate(token, URL));

        // then
        assertThat(e.failureReason()).isEqualTo(Reason.KEY_UNSUITABLE);
        assertThat(e.getMessage()).contains("2048").contains("1024");
    }

    @Test
    void should_refuse_key_when_curve_does_not_match_alg() {
        // given ES256 claimed, kid of the P-384 key
        String token = TestTokens.sign(TestTokens.header("ES256", "es384"), TestTokens.claims(ISS, URL, NOW),
            ec384.getPrivate());

        // when / then
        assertReason(() -> auth.authenticate(TestTokens.bearer(token), URL), Reason.KEY_UNSUITABLE);
    }

    @Test
    void should_refuse_key_when_rsa_alg_names_an_ec_key() {
        // given
        String token = TestTokens.sign(TestTokens.header("RS384", "es384"), TestTokens.claims(ISS, URL, NOW),
            rsa2048.getPrivate());

        // when / then
        assertReason(() -> auth.authenticate(TestTokens.bearer(token), URL), Reason.KEY_UNSUITABLE);
    }

    // ------------------------------------------------------------------------------------------ signature

    @Test
    void should_refuse_bad_signature_when_signature_is_tampered() {
        // given
        String token = TestTokens.tamperSignature(
            TestTokens.sign(TestTokens.header("ES384", "es384"), TestTokens.claims(ISS, URL, NOW), ec384.getPrivate()));

        // when / then
        assertReason(() -> auth.authenticate(TestTokens.bearer(token), URL), Reason.BAD_SIGNATURE);
    }

    @Test
    void should_refuse_bad_signature_when_payload_is_replaced_under_a_genuine_signature() {
        // given
        Map<String, Object> claims = TestTokens.claims(ISS, URL, NOW);
        String genuine = TestTokens.sign(TestTokens.header("RS384", "rsa"), claims, rsa2048.getPrivate());
        Map<String, Object> forged = TestTokens.claims(ISS, URL, NOW);
        forged.put("sub", "admin");

        // when / then
        assertReason(() -> auth.authenticate(TestTokens.bearer(TestTokens.replacePayload(genuine, forged)), URL),
            Reason.BAD_SIGNATURE);
    }

    @Test
    void should_refuse_bad_signature_when_signed_with_another_key_under_a_trusted_kid() {
        // given
        KeyPair attacker = TestTokens.ecKeyPair("P-384");
        String token = TestTokens.sign(TestTokens.header("ES384", "es384"), TestTokens.claims(ISS, URL, NOW),
            attacker.getPrivate());

        // when / then
        assertReason(() -> auth.authenticate(TestTokens.bearer(token), URL), Reason.BAD_SIGNATURE);
    }

    @Test
    void should_refuse_sandbox_signed_token_when_only_sandbox_key_signed_it_but_iss_is_another_ehr() {
        assumeTrue(TestTokens.sandboxKeyAvailable(), "shared/data/cds-hooks-sandbox is absent");
        // given the sandbox key (public to everyone) signing for the test EHR with the test EHR's kid
        String token = TestTokens.sign(TestTokens.header("ES384", "es384"), TestTokens.claims(ISS, URL, NOW),
            TestTokens.sandboxPrivateKey());

        // when / then
        assertReason(() -> auth.authenticate(TestTokens.bearer(token), URL), Reason.BAD_SIGNATURE);
    }

    // ------------------------------------------------------------------------------------------ claims

    @ParameterizedTest
    @ValueSource(strings = {"iss", "aud", "exp", "iat", "jti"})
    void should_refuse_missing_claim_when_a_required_claim_is_absent(String claim) {
        // given
        Map<String, Object> claims = TestTokens.claims(ISS, URL, NOW);
        claims.remove(claim);

        // when
        AuthenticationException e = refusal(() -> auth.authenticate(bearer("ES384", "es384", claims), URL));

        // then
        assertThat(e.failureReason()).isEqualTo(Reason.MISSING_CLAIM);
        assertThat(e.getMessage()).contains(claim);
    }

    @Test
    void should_refuse_missing_claim_when_sub_is_required_and_absent() {
        // given
        CallerAuthenticator strict = CallerAuthenticator.builder().trustedEhrs(trusted).clock(clock)
            .requireSubject(true).build();

        // when / then
        assertReason(() -> strict.authenticate(bearer("ES384", "es384", TestTokens.claims(ISS, URL, NOW)), URL),
            Reason.MISSING_CLAIM);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "https://dxguard.example.org/cds-services",
        "https://dxguard.example.org/cds-services/dx-check/feedback",
        "http://dxguard.example.org/cds-services/dx-check",
        "https://dxguard.example.org:8443/cds-services/dx-check",
        "https://dxguard.example.org/cds-services/dx-check//"})
    void should_refuse_wrong_audience_when_aud_is_not_the_called_url(String aud) {
        // given
        String token = bearer("ES384", "es384", TestTokens.claims(ISS, aud, NOW));

        // when / then
        assertReason(() -> auth.authenticate(token, URL), Reason.WRONG_AUDIENCE);
    }

    @Test
    void should_refuse_wrong_audience_when_aud_array_lacks_the_called_url() {
        // given
        String token = bearer("ES384", "es384",
            TestTokens.claims(ISS, List.of("https://a.example.org", "https://b.example.org"), NOW));

        // when / then
        assertReason(() -> auth.authenticate(token, URL), Reason.WRONG_AUDIENCE);
    }

    @Test
    void should_refuse_expired_token_when_exp_is_past_by_more_than_the_skew() {
        // given a token issued 6 minutes ago, expired 61 s ago
        String token = bearer("ES384", "es384", TestTokens.claims(ISS, URL, NOW.minusSeconds(361)));

        // when / then
        assertReason(() -> auth.authenticate(token, URL), Reason.EXPIRED);
    }

    @Test
    void should_accept_token_when_exp_is_past_by_less_than_the_skew() {
        // given expired 59 s ago
        String token = bearer("ES384", "es384", TestTokens.claims(ISS, URL, NOW.minusSeconds(359)));

        // when / then
        assertThat(auth.authenticate(token, URL).issuer()).isEqualTo(ISS);
    }

    @Test
    void should_refuse_expired_token_when_exp_is_past_by_exactly_the_skew() {
        // given expired exactly 60 s ago
        String token = bearer("ES384", "es384", TestTokens.claims(ISS, URL, NOW.minusSeconds(360)));

        // when / then
        assertReason(() -> auth.authenticate(token, URL), Reason.EXPIRED);
    }

    @Test
    void should_refuse_expired_token_when_the_clock_moves_past_exp_plus_skew() {
        // given a token accepted now
        Map<String, Object> claims = TestTokens.claims(ISS, URL, NOW);
        String later = bearer("ES384", "es384", claims);

        // when the clock moves 6 minutes on
        clock.advance(Duration.ofSeconds(360));

        // then
        assertReason(() -> auth.authenticate(later, URL), Reason.EXPIRED);
    }

    @Test
    void should_accept_token_when_iat_is_ahead_by_exactly_the_skew() {
        // given
        String token = bearer("ES384", "es384", TestTokens.claims(ISS, URL, NOW.plusSeconds(60)));

        // when / then
        assertThat(auth.authenticate(token, URL).issuer()).isEqualTo(ISS);
    }

    @Test
    void should_refuse_iat_in_future_when_iat_is_ahead_by_more_than_the_skew() {
        // given
        String token = bearer("ES384", "es384", TestTokens.claims(ISS, URL, NOW.plusSeconds(61)));

        // when / then
        assertReason(() -> auth.authenticate(token, URL), Reason.IAT_IN_FUTURE);
    }

    @Test
    void should_refuse_not_yet_valid_when_nbf_is_ahead_by_more_than_the_skew() {
        // given
        Map<String, Object> claims = TestTokens.claims(ISS, URL, NOW);
        claims.put("nbf", NOW.getEpochSecond() + 61);

        // when / then
        assertReason(() -> auth.authenticate(bearer("ES384", "es384", claims), URL), Reason.NOT_YET_VALID);
    }

    @Test
    void should_accept_token_when_lifetime_is_exactly_the_maximum_plus_skew() {
        // given exp - iat = 5 min + 60 s
        Map<String, Object> claims = TestTokens.claims(ISS, URL, NOW);
        claims.put("exp", NOW.getEpochSecond() + 360);

        // when / then
        assertThat(auth.authenticate(bearer("ES384", "es384", claims), URL).expiresAt())
            .isEqualTo(NOW.plusSeconds(360));
    }

    @Test
    void should_refuse_lifetime_too_long_when_lifetime_exceeds_the_maximum_plus_skew() {
        // given exp - iat = 5 min + 61 s
        Map<String, Object> claims = TestTokens.claims(ISS, URL, NOW);
        claims.put("exp", NOW.getEpochSecond() + 361);

        // when / then
        assertReason(() -> auth.authenticate(bearer("ES384", "es384", claims), URL), Reason.LIFETIME_TOO_LONG);
    }

    @Test
    void should_refuse_lifetime_too_long_when_a_shorter_maximum_is_configured() {
        // given
        CallerAuthenticator strict = CallerAuthenticator.builder().trustedEhrs(trusted).clock(clock)
            .maxTokenLifetime(Duration.ofMinutes(1)).clockSkew(Duration.ZERO).build();

        // when / then (a sandbox-style 5 minute token)
        assertReason(() -> strict.authenticate(bearer("ES384", "es384", TestTokens.claims(ISS, URL, NOW)), URL),
            Reason.LIFETIME_TOO_LONG);
    }

    @Test
    void should_refuse_wrong_tenant_when_tenant_differs_from_the_configured_one() {
        // given
        Map<String, Object> claims = TestTokens.claims("https://tenant-ehr.example.org", URL, NOW);
        claims.put("tenant", "hospital-b");

        // when / then
        assertReason(() -> auth.authenticate(bearer("ES256", "es256", claims), URL), Reason.WRONG_TENANT);
    }

    @Test
    void should_refuse_missing_claim_when_tenant_is_configured_but_absent() {
        // given
        Map<String, Object> claims = TestTokens.claims("https://tenant-ehr.example.org", URL, NOW);

        // when / then
        assertReason(() -> auth.authenticate(bearer("ES256", "es256", claims), URL), Reason.MISSING_CLAIM);
    }

    // ------------------------------------------------------------------------------------------ replay

    @Test
    void should_refuse_replayed_when_the_same_token_is_sent_twice() {
        // given
        String token = bearer("ES384", "es384", TestTokens.claims(ISS, URL, NOW));
        auth.authenticate(token, URL);

        // when / then
        assertReason(() -> auth.authenticate(token, URL), Reason.REPLAYED);
    }

    @Test
    void should_refuse_replayed_when_a_new_token_reuses_a_jti_of_the_same_issuer() {
        // given
        Map<String, Object> first = TestTokens.claims(ISS, URL, NOW);
        Map<String, Object> second = TestTokens.claims(ISS, URL, NOW.plusSeconds(1));
        second.put("jti", first.get("jti"));
        auth.authenticate(bearer("ES384", "es384", first), URL);

        // when / then (even signed with another alg and key)
        assertReason(() -> auth.authenticate(bearer("RS384", "rsa", second), URL), Reason.REPLAYED);
    }

    @Test
    void should_accept_same_jti_when_issuers_differ() {
        // given
        Map<String, Object> first = TestTokens.claims(ISS, URL, NOW);
        Map<String, Object> second = TestTokens.claims("https://tenant-ehr.example.org", URL, NOW);
        second.put("jti", first.get("jti"));
        second.put("tenant", "hospital-a");
        auth.authenticate(bearer("ES384", "es384", first), URL);

        // when
        AuthenticatedCaller caller = auth.authenticate(bearer("ES384", "es384", second), URL);

        // then
        assertThat(caller.jti()).isEqualTo(first.get("jti"));
    }

    @Test
    void should_not_burn_jti_when_a_forged_or_invalid_token_carries_it() {
        // given a forged (bad signature), an expired and a wrong-audience token, all with one jti
        Map<String, Object> claims = TestTokens.claims(ISS, URL, NOW);
        String jti = (String) claims.get("jti");
        String forged = TestTokens.tamperSignature(
            TestTokens.sign(TestTokens.header("ES384", "es384"), claims, ec384.getPrivate()));
        Map<String, Object> expired = TestTokens.claims(ISS, URL, NOW.minusSeconds(3600));
        expired.put("jti", jti);
        Map<String, Object> wrongAud = TestTokens.claims(ISS, "https://other.example.org", NOW);
        wrongAud.put("jti", jti);
        assertReason(() -> auth.authenticate(TestTokens.bearer(forged), URL), Reason.BAD_SIGNATURE);
        assertReason(() -> auth.authenticate(bearer("ES384", "es384", expired), URL), Reason.EXPIRED);
        assertReason(() -> auth.authenticate(bearer("ES384", "es384", wrongAud), URL), Reason.WRONG_AUDIENCE);

        // when the genuine token arrives
        AuthenticatedCaller caller = auth.authenticate(bearer("ES384", "es384", claims), URL);

        // then
        assertThat(caller.jti()).isEqualTo(jti);
        assertThat(auth.replayCacheSize()).isEqualTo(1);
    }

    @Test
    void should_stay_within_the_bound_when_replay_cache_is_full_and_evict_expired_entries() {
        // given a replay cache of 3 entries, filled
        CallerAuthenticator small = CallerAuthenticator.builder().trustedEhrs(trusted).clock(clock)
            .replayCacheMaxEntries(3).build();
        for (int i = 0; i < 3; i++) {
            small.authenticate(bearer("ES384", "es384", TestTokens.claims(ISS, URL, NOW)), URL);
        }

        // when a 4th valid token arrives while all 3 are unexpired
        AuthenticationException e = refusal(() ->
            small.authenticate(bearer("ES384", "es384", TestTokens.claims(ISS, URL, NOW)), URL));

        // then it fails closed and the cache does not grow
        assertThat(e.failureReason()).isEqualTo(Reason.REPLAY_CACHE_FULL);
        assertThat(small.replayCacheSize()).isEqualTo(3);

        // when the entries expire (exp + skew) and new tokens arrive
        clock.advance(Duration.ofMinutes(7));
        for (int i = 0; i < 3; i++) {
            small.authenticate(bearer("ES384", "es384", TestTokens.claims(ISS, URL, clock.instant())), URL);
        }

        // then expired entries were evicted and the bound holds
        assertThat(small.replayCacheSize()).isEqualTo(3);
    }

    @Test
    void should_accept_exactly_one_when_sixteen_threads_send_the_same_token() throws Exception {
        // given
        String token = bearer("ES384", "es384", TestTokens.claims(ISS, URL, NOW));
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Callable<Reason>> calls = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                calls.add(() -> {
                    try {
                        auth.authenticate(token, URL);
                        return null;
                    } catch (AuthenticationException e) {
                        return e.failureReason();
                    }
                });
            }

            // when
            List<Reason> outcomes = new ArrayList<>();
            for (Future<Reason> f : pool.invokeAll(calls)) {
                outcomes.add(f.get());
            }

            // then
            assertThat(outcomes).filteredOn(r -> r == null).hasSize(1);
            assertThat(outcomes).filteredOn(r -> r != null).hasSize(15).containsOnly(Reason.REPLAYED);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void should_accept_all_when_sixteen_threads_send_distinct_tokens_concurrently() throws Exception {
        // given
        List<Callable<AuthenticatedCaller>> calls = new ArrayList<>();
        for (int i = 0; i < 160; i++) {
            String kid = i % 2 == 0 ? "es384" : "rsa";
            String alg = i % 2 == 0 ? "ES384" : "RS384";
            String token = bearer(alg, kid, TestTokens.claims(ISS, URL, NOW));
            calls.add(() -> auth.authenticate(token, URL));
        }
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            // when
            List<AuthenticatedCaller> callers = new ArrayList<>();
            for (Future<AuthenticatedCaller> f : pool.invokeAll(calls)) {
                callers.add(f.get());
            }

            // then
            assertThat(callers).hasSize(160).allSatisfy(c -> assertThat(c.issuer()).isEqualTo(ISS));
            assertThat(auth.replayCacheSize()).isEqualTo(160);
        } finally {
            pool.shutdownNow();
        }
    }

    // ------------------------------------------------------------------------------------------ messages, config

    @Test
    void should_keep_token_contents_out_of_the_message_when_refusing() {
        // given an untrusted issuer with a log-injection attempt, and claims that must not be echoed
        Map<String, Object> claims = TestTokens.claims("https://evil.example.org\nINFO fake log line", URL, NOW);
        claims.put("sub", "secret-subject");
        claims.put("patient", "Patient/123");
        String token = bearer("ES384", "es384", claims);

        // when
        AuthenticationException e = refusal(() -> auth.authenticate(token, URL));

        // then
        assertThat(e.getMessage()).doesNotContain("\n").doesNotContain((String) claims.get("jti"))
            .doesNotContain("secret-subject").doesNotContain("Patient/123").doesNotContain(token.substring(7, 40))
            .contains("https://evil.example.org?INFO fake log line");
    }

    @Test
    void should_declare_unique_codes_in_the_auth_range_when_listing_reasons() {
        // given / when
        List<String> codes = new ArrayList<>();
        for (Reason r : Reason.values()) {
            codes.add(r.errorCode().code());
        }

        // then
        assertThat(codes).doesNotHaveDuplicates()
            .allSatisfy(c -> assertThat(Integer.parseInt(c.substring(4))).isBetween(110, 129));
        assertThat(AuthErrors.INVALID_TRUSTED_EHRS.code()).isEqualTo("DXG-0128");
        assertThat(AuthErrors.INVALID_AUTH_CONFIG.code()).isEqualTo("DXG-0129");
    }

    @Test
    void should_refuse_to_build_when_trusted_ehrs_are_missing() {
        assertThatThrownBy(() -> CallerAuthenticator.builder().build())
            .isInstanceOf(DxGuardException.class)
            .hasMessageStartingWith("DXG-0129: ")
            .hasMessageContaining("trustedEhrs");
    }

    @Test
    void should_refuse_to_build_when_allowlist_contains_an_unsupported_alg() {
        assertThatThrownBy(() -> CallerAuthenticator.builder().trustedEhrs(trusted)
            .allowedAlgorithms(Set.of("ES384", "HS256")).build())
            .isInstanceOf(DxGuardException.class)
            .hasMessageStartingWith("DXG-0129: ")
            .hasMessageContaining("HS256");
    }

    @Test
    void should_refuse_to_build_when_a_duration_is_not_positive() {
        assertThatThrownBy(() -> CallerAuthenticator.builder().trustedEhrs(trusted)
            .jwksFetchTimeout(Duration.ZERO).build())
            .isInstanceOf(DxGuardException.class)
            .hasMessageContaining("jwksFetchTimeout");
    }

    // ------------------------------------------------------------------------------------------ helpers

    static String bearer(String alg, String kid, Map<String, Object> claims) {
        return TestTokens.bearer(TestTokens.sign(TestTokens.header(alg, kid), claims, privateKey(kid)));
    }

    static java.security.PrivateKey privateKey(String kid) {
        return switch (kid) {
            case "es256" -> ec256.getPrivate();
            case "es384" -> ec384.getPrivate();
            case "rsa" -> rsa2048.getPrivate();
            case "rsa-weak" -> rsa1024.getPrivate();
            default -> throw new IllegalArgumentException(kid);
        };
    }

    static AuthenticationException refusal(Runnable call) {
        AuthenticationException e = catchThrowableOfType(AuthenticationException.class, call::run);
        assertThat(e).as("expected an AuthenticationException").isNotNull();
        return e;
    }

    static void assertReason(Runnable call, Reason reason) {
        AuthenticationException e = refusal(call);
        assertThat(e.failureReason()).as(e.getMessage()).isEqualTo(reason);
        assertThat(e.errorCode()).isEqualTo(reason.errorCode());
        assertThat(e.getMessage()).startsWith(reason.errorCode().code() + ": ");
    }

    static byte[] readResource(String name) {
        try (var in = CallerAuthenticatorTest.class.getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
