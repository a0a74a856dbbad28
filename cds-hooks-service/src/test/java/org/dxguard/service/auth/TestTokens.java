package org.dxguard.service.auth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.dxguard.model.testing.RepoPaths;

/**
 * Test support for the whole module: signs CDS Hooks tokens exactly as the HL7 sandbox does, and builds
 * arbitrary (also hostile) tokens with throwaway keys for negative tests. Signing uses the JDK only, so the
 * tokens are independent of the nimbus code that verifies them.
 *
 * <pre>{@code
 * String header = TestTokens.bearer(TestTokens.sandboxToken("http://localhost:8080/cds-services"));
 * }</pre>
 */
public final class TestTokens {
    public static final String SANDBOX_ISSUER = "https://sandbox.cds-hooks.org";
    public static final String SANDBOX_KID = "44823f3d-0b01-4a6c-a80e-b9d3e8a7226f";
    public static final String SANDBOX_JKU = "https://sandbox.cds-hooks.org/.well-known/jwks.json";
    /** Lifetime the sandbox gives its tokens. */
    public static final Duration SANDBOX_LIFETIME = Duration.ofSeconds(300);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static volatile ECPrivateKey sandboxKey;

    private TestTokens() {}

    // ------------------------------------------------------------------------------------------- sandbox

    /**
     * The {@code shared/data} directory next to (or inside) the repository root, found by walking up from
     * {@code user.dir}; empty when this checkout has none.
     */
    public static Optional<Path> sharedData() {
        return RepoPaths.sharedData();
    }

    /** The sandbox's PKCS#8 private key file ({@code shared/data/cds-hooks-sandbox/ecprivkey.pem}), if present. */
    public static Optional<Path> sandboxPrivateKeyFile() {
        return sharedData().map(d -> d.resolve("cds-hooks-sandbox").resolve("ecprivkey.pem"))
            .filter(Files::isRegularFile);
    }

    /** For {@code Assumptions.assumeTrue(TestTokens.sandboxKeyAvailable(), ...)}. */
    public static boolean sandboxKeyAvailable() {
        return sandboxPrivateKeyFile().isPresent();
    }

    /** The sandbox's private P-384 key; throws {@link IllegalStateException} when the shared data is absent. */
    public static ECPrivateKey sandboxPrivateKey() {
        ECPrivateKey key = sandboxKey;
        if (key == null) {
            Path file = sandboxPrivateKeyFile().orElseThrow(() -> new IllegalStateException(
                "shared/data/cds-hooks-sandbox/ecprivkey.pem not found above " + System.getProperty("user.dir")));
            key = (ECPrivateKey) readPkcs8(file, "EC");
            sandboxKey = key;
        }
        return key;
    }

    /** A token exactly as the sandbox signs it now (no sub claim, like the sandbox). */
    public static String sandboxToken(String audience) {
        return sandboxToken(audience, Instant.now());
    }

    /** A token exactly as the sandbox signs it at {@code now}: ES384, typ JWT, kid, jku; iss, aud, exp, iat, jti. */
    public static String sandboxToken(String audience, Instant now) {
        return sign(sandboxHeader(), claims(SANDBOX_ISSUER, audience, now), sandboxPrivateKey());
    }

    /** As {@link #sandboxToken(String, Instant)} with a {@code sub} claim added. */
    public static String sandboxToken(String audience, String subject, Instant now) {
        Map<String, Object> claims = claims(SANDBOX_ISSUER, audience, now);
        claims.put("sub", subject);
        return sign(sandboxHeader(), claims, sandboxPrivateKey());
    }

    /** The sandbox's JOSE header: alg ES384, typ JWT, kid, jku. Mutable. */
    public static Map<String, Object> sandboxHeader() {
        Map<String, Object> header = header("ES384", SANDBOX_KID);
        header.put("jku", SANDBOX_JKU);
        return header;
    }

    // ------------------------------------------------------------------------------------------- builders

    /** A mutable JOSE header {@code {alg, typ: JWT, kid}} (kid omitted when null). */
    public static Map<String, Object> header(String alg, String kid) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", alg);
        header.put("typ", "JWT");
        if (kid != null) {
            header.put("kid", kid);
        }
        return header;
    }

    /**
     * Mutable claims as the sandbox sends them: iss, aud (a String or a List), exp = now + 300 s, iat = now
     * (epoch seconds), jti = random UUID.
     */
    public static Map<String, Object> claims(String issuer, Object audience, Instant now) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", issuer);
        claims.put("aud", audience);
        claims.put("exp", now.getEpochSecond() + SANDBOX_LIFETIME.toSeconds());
        claims.put("iat", now.getEpochSecond());
        claims.put("jti", UUID.randomUUID().toString());
        return claims;
    }

    /** {@code "Bearer " + token}. */
    public static String bearer(String token) {
        return "Bearer " + token;
    }

    // ------------------------------------------------------------------------------------------- signing

    /**
     * Signs with the JDK. The algorithm is the header's {@code alg}: ES256/ES384/ES512 (key must be EC, the
     * signature is R||S as JWS wants), RS256/RS384/RS512, PS256/PS384 (key must be RSA). Keys are not checked
     * against the alg, so mismatched tokens can be made on purpose.
     */
    public static String sign(Map<String, Object> header, Map<String, Object> claims, PrivateKey key) {
        String signingInput = encode(header) + "." + encode(claims);
        String alg = String.valueOf(header.get("alg"));
        try {
            Signature signature = switch (alg) {
                case "ES256" -> Signature.getInstance("SHA256withECDSAinP1363Format");
                case "ES384" -> Signature.getInstance("SHA384withECDSAinP1363Format");
                case "ES512" -> Signature.getInstance("SHA512withECDSAinP1363Format");
                case "RS256" -> Signature.getInstance("SHA256withRSA");
                case "RS384" -> Signature.getInstance("SHA384withRSA");
                case "RS512" -> Signature.getInstance("SHA512withRSA");
                case "PS256" -> pss("SHA-256", 32);
                case "PS384" -> pss("SHA-384", 48);
                default -> throw new IllegalArgumentException("sign() cannot sign alg " + alg
                    + "; use hmac() or unsigned()");
            };
            signature.initSign(key);
            signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + B64.encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign " + alg, e);
        }
    }

    /** An HMAC token built by hand (HS256/HS384/HS512 per header alg), e.g. with a public key as the secret. */
    public static String hmac(Map<String, Object> header, Map<String, Object> claims, byte[] secret) {
        String signingInput = encode(header) + "." + encode(claims);
        String alg = String.valueOf(header.get("alg"));
        String macAlg = switch (alg) {
            case "HS256" -> "HmacSHA256";
            case "HS384" -> "HmacSHA384";
            case "HS512" -> "HmacSHA512";
            default -> "HmacSHA256";
        };
        try {
            Mac mac = Mac.getInstance(macAlg);
            mac.init(new SecretKeySpec(secret, macAlg));
            return signingInput + "." + B64.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot compute " + macAlg, e);
        }
    }

    /** An unsigned token {@code header.payload.} (empty signature), e.g. with {@code alg: none}. */
    public static String unsigned(Map<String, Object> header, Map<String, Object> claims) {
        return encode(header) + "." + encode(claims) + ".";
    }

    /** The same token with one signature bit flipped. */
    public static String tamperSignature(String token) {
        int lastDot = token.lastIndexOf('.');
        byte[] sig = Base64.getUrlDecoder().decode(token.substring(lastDot + 1));
        sig[sig.length / 2] ^= 0x01;
        return token.substring(0, lastDot + 1) + B64.encodeToString(sig);
    }

    /** The token's header and signature with other claims: a forged payload under a genuine signature. */
    public static String replacePayload(String token, Map<String, Object> claims) {
        String[] parts = token.split("\\.", -1);
        return parts[0] + "." + encode(claims) + "." + parts[2];
    }

    // ------------------------------------------------------------------------------------------- keys

    /** A throwaway EC key pair on "P-256", "P-384" or "P-521". */
    public static KeyPair ecKeyPair(String curve) {
        String jdkName = switch (curve) {
            case "P-256" -> "secp256r1";
            case "P-384" -> "secp384r1";
            case "P-521" -> "secp521r1";
            default -> throw new IllegalArgumentException("unknown curve " + curve);
        };
        try {
            KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
            gen.initialize(new ECGenParameterSpec(jdkName));
            return gen.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A throwaway RSA key pair of {@code bits} (1024 works, for weak-key tests). */
    public static KeyPair rsaKeyPair(int bits) {
        try {
            KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
            gen.initialize(bits);
            return gen.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The public JWK of an EC or RSA key pair with {@code kid}. */
    public static JWK publicJwk(KeyPair keyPair, String kid) {
        if (keyPair.getPublic() instanceof ECPublicKey ec) {
            return new ECKey.Builder(Curve.forECParameterSpec(ec.getParams()), ec).keyID(kid).build();
        }
        if (keyPair.getPublic() instanceof RSAPublicKey rsa) {
            return new RSAKey.Builder(rsa).keyID(kid).build();
        }
        throw new IllegalArgumentException("unsupported key " + keyPair.getPublic().getAlgorithm());
    }

    /** {@code {"keys":[...]}} of the given JWKs (public parts only). */
    public static String jwksJson(JWK... keys) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (JWK key : keys) {
            list.add(key.toPublicJWK().toJSONObject());
        }
        return write(Map.of("keys", list));
    }

    /** A trusted-EHR document with one issuer and inline keys. */
    public static String trustedEhrsJson(String issuer, JWK... keys) {
        return "{\"ehrs\":[{\"iss\":" + write(issuer) + ",\"jwks\":" + jwksJson(keys) + "}]}";
    }

    /** Reads a PKCS#8 PEM private key ("-----BEGIN PRIVATE KEY-----"). */
    public static PrivateKey readPkcs8(Path pemFile, String keyAlgorithm) {
        try {
            String pem = Files.readString(pemFile, StandardCharsets.US_ASCII);
            if (!pem.contains("-----BEGIN PRIVATE KEY-----")) {
                throw new IllegalStateException(pemFile + " is not a PKCS#8 PEM private key");
            }
            String base64 = pem.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
            return KeyFactory.getInstance(keyAlgorithm)
                .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot read " + pemFile, e);
        }
    }

    private static Signature pss(String hash, int saltLength) throws GeneralSecurityException {
        Signature s = Signature.getInstance("RSASSA-PSS");
        s.setParameter(new java.security.spec.PSSParameterSpec(hash, "MGF1",
            new java.security.spec.MGF1ParameterSpec(hash), saltLength, 1));
        return s;
    }

    private static String encode(Map<String, Object> json) {
        return B64.encodeToString(write(json).getBytes(StandardCharsets.UTF_8));
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
