package org.dxguard.bench;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.UUID;
import org.dxguard.model.DxGuardException;
import org.dxguard.model.ErrorCode;

/**
 * Signs CDS Hooks caller tokens the way an EHR does, from a PKCS#8 PEM private key (EC P-256/P-384 or RSA).
 * Used by {@code dxguard token} and the load tool; never by the service itself.
 */
public final class JwtSigner {
    static final ErrorCode BAD_KEY = ErrorCode.of("DXG-0701", false,
        "Give a PKCS#8 PEM private key ('-----BEGIN PRIVATE KEY-----'), EC P-256/P-384 or RSA >= 2048 bits.");

    private final JWSSigner signer;
    private final JWSAlgorithm algorithm;
    private final String kid;
    private final String issuer;
    private final URI jku;

    private JwtSigner(JWSSigner signer, JWSAlgorithm algorithm, String kid, String issuer, URI jku) {
        this.signer = signer;
        this.algorithm = algorithm;
        this.kid = kid;
        this.issuer = issuer;
        this.jku = jku;
    }

    public static JwtSigner fromPem(Path pemFile, String kid, String issuer, URI jku) {
        String pem;
        try {
            pem = Files.readString(pemFile);
        } catch (IOException e) {
            throw new DxGuardException(BAD_KEY, "cannot read key file " + pemFile + ": " + e.getMessage(), e);
        }
        return fromPemText(pem, pemFile.toString(), kid, issuer, jku);
    }

    public static JwtSigner fromPemText(String pem, String source, String kid, String issuer, URI jku) {
        if (!pem.contains("-----BEGIN PRIVATE KEY-----")) {
            throw new DxGuardException(BAD_KEY, source + " is not a PKCS#8 PEM private key");
        }
        String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        byte[] der;
        try {
            der = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new DxGuardException(BAD_KEY, source + " does not hold valid base64", e);
        }
        PrivateKey key = null;
        for (String type : new String[] {"EC", "RSA"}) {
            try {
                key = KeyFactory.getInstance(type).generatePrivate(new PKCS8EncodedKeySpec(der));
                break;
            } catch (GeneralSecurityException e) {
                // try the next key type
            }
        }
        try {
            if (key instanceof ECPrivateKey ec) {
                int bits = ec.getParams().getCurve().getField().getFieldSize();
                JWSAlgorithm alg = switch (bits) {
                    case 256 -> JWSAlgorithm.ES256;
                    case 384 -> JWSAlgorithm.ES384;
                    default -> throw new DxGuardException(BAD_KEY, source + ": EC curve of " + bits
                        + " bits is not allowed by CDS Hooks (use P-256 or P-384)");
                };
                return new JwtSigner(new ECDSASigner(ec), alg, kid, issuer, jku);
            }
            if (key instanceof RSAPrivateKey rsa) {
                return new JwtSigner(new RSASSASigner(rsa), JWSAlgorithm.RS384, kid, issuer, jku);
            }
        } catch (JOSEException e) {
            throw new DxGuardException(BAD_KEY, source + ": " + e.getMessage(), e);
        }
        throw new DxGuardException(BAD_KEY, source + " holds neither an EC nor an RSA private key");
    }

    public String algorithm() {
        return algorithm.getName();
    }

    /** A fresh single-use token for {@code audience} (the exact URL to call). */
    public String sign(String audience, String subject, String tenant, Duration lifetime) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(issuer)
            .subject(subject == null ? issuer : subject).audience(audience)
            .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(lifetime)))
            .jwtID(UUID.randomUUID().toString());
        if (tenant != null) {
            claims.claim("tenant", tenant);
        }
        JWSHeader.Builder header = new JWSHeader.Builder(algorithm).type(JOSEObjectType.JWT).keyID(kid);
        if (jku != null) {
            header.jwkURL(jku);
        }
        SignedJWT jwt = new SignedJWT(header.build(), claims.build());
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("signing failed", e);
        }
        return jwt.serialize();
    }
}
