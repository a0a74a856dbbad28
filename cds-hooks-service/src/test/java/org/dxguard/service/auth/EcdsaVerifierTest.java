package org.dxguard.service.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The Bouncy Castle ES256/ES384 verifier agrees with the JDK's ECDSA on genuine and tampered signatures, and fails
 * closed on every malformed or hostile signature a caller could send.
 */
class EcdsaVerifierTest {
    private static final byte[] INPUT = "eyJhbGciOiJFUzM4NCJ9.eyJpc3MiOiJodHRwczovL2VociJ9"
        .getBytes(StandardCharsets.US_ASCII);

    @Test
    void should_agree_with_the_jdk_on_genuine_and_tampered_signatures_when_es384_and_es256() throws Exception {
        for (Curve curve : new Curve[] {Curve.P_384, Curve.P_256}) {
            // given a key of the curve and 100 random signing inputs, signed by the JDK provider
            ECKey key = new ECKeyGenerator(curve).keyID("k").generate();
            JWSAlgorithm alg = curve == Curve.P_384 ? JWSAlgorithm.ES384 : JWSAlgorithm.ES256;
            String jdkAlg = curve == Curve.P_384 ? "SHA384withECDSAinP1363Format" : "SHA256withECDSAinP1363Format";
            EcdsaVerifier verifier = EcdsaVerifier.of(key.toPublicJWK());
            Random random = new Random(7);
            int accepted = 0;
            int rejected = 0;
            for (int i = 0; i < 100; i++) {
                byte[] input = new byte[20 + random.nextInt(200)];
                random.nextBytes(input);
                Signature signer = Signature.getInstance(jdkAlg);
                signer.initSign(key.toECPrivateKey());
                signer.update(input);
                byte[] sig = signer.sign();
                if (i % 2 == 1) {
                    sig[random.nextInt(sig.length)] ^= (byte) (1 << random.nextInt(8));
                }

                // when both verify it
                boolean ours = verifier.verify(new JWSHeader(alg), input, Base64URL.encode(sig));
                Signature jdk = Signature.getInstance(jdkAlg);
                jdk.initVerify(key.toECPublicKey());
                jdk.update(input);

                // then they agree, and every genuine signature verifies
                assertThat(ours).as("%s signature %d", alg, i).isEqualTo(jdk.verify(sig));
                if (i % 2 == 0) {
                    assertThat(ours).as("genuine %s signature %d", alg, i).isTrue();
                }
                if (ours) {
                    accepted++;
                } else {
                    rejected++;
                }
            }
            assertThat(accepted).isEqualTo(50);
            assertThat(rejected).isEqualTo(50);
        }
    }

    @Test
    void should_reject_the_all_zero_psychic_signature_when_cve_2022_21449_is_tried() throws Exception {
        // given a P-384 key
        EcdsaVerifier verifier = EcdsaVerifier.of(new ECKeyGenerator(Curve.P_384).keyID("k").generate().toPublicJWK());

        // when a signature of zeros (r = s = 0) is offered, then it does not verify
        assertThat(verifier.verify(new JWSHeader(JWSAlgorithm.ES384), INPUT, Base64URL.encode(new byte[96])))
            .isFalse();
    }

    @Test
    void should_reject_when_the_signature_is_der_encoded_or_of_the_wrong_length() throws Exception {
        // given a genuine ES384 signature in DER, as the JDK's default format writes it
        ECKey key = new ECKeyGenerator(Curve.P_384).keyID("k").generate();
        Signature der = Signature.getInstance("SHA384withECDSA");
        der.initSign(key.toECPrivateKey());
        der.update(INPUT);
        byte[] derSig = der.sign();
        EcdsaVerifier verifier = EcdsaVerifier.of(key.toPublicJWK());
        JWSHeader header = new JWSHeader(JWSAlgorithm.ES384);

        // then neither DER nor a truncated or padded R||S verifies
        assertThat(verifier.verify(header, INPUT, Base64URL.encode(derSig))).isFalse();
        byte[] good = sign(key, JWSAlgorithm.ES384, header, INPUT).decode();
        assertThat(verifier.verify(header, INPUT, Base64URL.encode(good))).isTrue();
        assertThat(verifier.verify(header, INPUT, Base64URL.encode(java.util.Arrays.copyOf(good, 95)))).isFalse();
        assertThat(verifier.verify(header, INPUT, Base64URL.encode(java.util.Arrays.copyOf(good, 97)))).isFalse();
    }

    @Test
    void should_reject_a_genuine_signature_when_the_header_names_another_alg_or_a_crit_parameter() throws Exception {
        // given a genuine ES384 signature
        ECKey key = new ECKeyGenerator(Curve.P_384).keyID("k").generate();
        JWSHeader es384 = new JWSHeader(JWSAlgorithm.ES384);
        Base64URL sig = sign(key, JWSAlgorithm.ES384, es384, INPUT);
        EcdsaVerifier verifier = EcdsaVerifier.of(key.toPublicJWK());
        assertThat(verifier.verify(es384, INPUT, sig)).isTrue();

        // then it is refused under another alg, and with a critical header this service does not understand
        assertThat(verifier.verify(new JWSHeader(JWSAlgorithm.ES256), INPUT, sig)).isFalse();
        JWSHeader crit = new JWSHeader.Builder(JWSAlgorithm.ES384).type(JOSEObjectType.JWT)
            .criticalParams(Set.of("exp")).build();
        assertThat(verifier.verify(crit, INPUT, sig)).isFalse();
        assertThat(verifier.supportedJWSAlgorithms()).containsExactly(JWSAlgorithm.ES384);
    }

    @Test
    void should_refuse_the_key_when_its_curve_is_not_p256_or_p384() throws Exception {
        // given a P-521 key (ES512 is not in the CDS Hooks allowlist)
        ECKey p521 = new ECKeyGenerator(Curve.P_521).keyID("big").generate().toPublicJWK();

        // then no verifier is made for it
        assertThatThrownBy(() -> EcdsaVerifier.of(p521))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("is not P-256 or P-384");
    }

    private static Base64URL sign(ECKey key, JWSAlgorithm alg, JWSHeader header, byte[] input) throws Exception {
        return new ECDSASigner(key).sign(header.getAlgorithm() == alg ? header : new JWSHeader(alg), input);
    }
}
