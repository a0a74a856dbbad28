package org.dxguard.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.dxguard.model.DxGuardException;

/**
 * A throwaway signing key for load tests: its PKCS#8 PEM private key (for {@code --key}) and the trusted-EHR file
 * (public key inline) that the service must be started with ({@code serve --trusted-ehrs FILE}).
 */
public record BenchKey(String algorithm, String kid, String issuer, String privateKeyPem, String trustedEhrsJson) {
    public static final String DEFAULT_ISSUER = "https://bench.dxguard.local";
    private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    public BenchKey {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(kid, "kid");
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(privateKeyPem, "privateKeyPem");
        Objects.requireNonNull(trustedEhrsJson, "trustedEhrsJson");
    }

    /** A new key pair: {@code ES384} (EC P-384) or {@code RS384} (RSA 2048). */
    public static BenchKey generate(String algorithm, String kid, String issuer) {
        try {
            KeyPair pair;
            JWK publicJwk;
            switch (algorithm) {
                case "ES384" -> {
                    KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
                    g.initialize(new ECGenParameterSpec("secp384r1"));
                    pair = g.generateKeyPair();
                    publicJwk = new ECKey.Builder(Curve.P_384, (ECPublicKey) pair.getPublic()).keyID(kid)
                        .algorithm(JWSAlgorithm.ES384).keyUse(KeyUse.SIGNATURE).build();
                }
                case "RS384" -> {
                    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
                    g.initialize(2048);
                    pair = g.generateKeyPair();
                    publicJwk = new RSAKey.Builder((RSAPublicKey) pair.getPublic()).keyID(kid)
                        .algorithm(JWSAlgorithm.RS384).keyUse(KeyUse.SIGNATURE).build();
                }
                default -> throw new DxGuardException(BenchErrors.BAD_OPTIONS, "--alg must be ES384 or RS384, was "
                    + algorithm);
            }
            String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                    .encodeToString(pair.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
            Map<String, Object> trusted = Map.of("ehrs", List.of(Map.of("iss", issuer,
                "jwks", Map.of("keys", List.of(publicJwk.toJSONObject())))));
            return new BenchKey(algorithm, kid, issuer, pem, JSON.writeValueAsString(trusted) + "\n");
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot generate a " + algorithm + " key: " + e.getMessage(), e);
        }
    }
}
