package org.dxguard.service.auth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.util.Base64URL;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Set;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.math.ec.ECPoint;

/**
 * ES256 / ES384 verification of JWS signatures (RFC 7518 §3.4) with Bouncy Castle's ECDSA over its specialised
 * P-256/P-384 field arithmetic. It replaces nimbus' {@code ECDSAVerifier} (which calls the JDK provider) because on
 * JDK 17 one P-384 verification costs ~2.3 ms of CPU there and ~0.25 ms here (docs/BENCHMARKS.md, "Service
 * overhead"): ES384 is what the HL7 sandbox and most EHRs sign with, and verification was 60% of an order-sign
 * call's CPU.
 *
 * <p>Checks, each failing closed ({@code false}): the header's alg is the one this key is for; no {@code crit}
 * header parameter (this service understands none, RFC 7515 §4.1.11); the signature is exactly the fixed-width
 * {@code R || S} of the curve (no DER, no padding); {@code 0 < r, s < n} (Bouncy Castle's check, which also
 * rules out the all-zero "psychic signature" of CVE-2022-21449); and the ECDSA equation itself. The public point
 * is validated once, when the key is loaded (on the curve, in the prime-order subgroup, not infinity).
 * Thread-safe: the public key parameters are immutable (Bouncy Castle caches its precomputation on the point
 * under its own lock) and a signer is made per call.
 */
final class EcdsaVerifier implements JWSVerifier {
    private final JWSAlgorithm alg;
    private final String digest;
    private final int half;
    private final ECPublicKeyParameters publicKey;
    private final JCAContext jca = new JCAContext();

    private EcdsaVerifier(JWSAlgorithm alg, String digest, int half, ECPublicKeyParameters publicKey) {
        this.alg = alg;
        this.digest = digest;
        this.half = half;
        this.publicKey = publicKey;
    }

    /**
     * A verifier for a P-256 (ES256) or P-384 (ES384) public JWK.
     *
     * @throws IllegalArgumentException when the curve is another one or the point is not a valid public key of it
     */
    static EcdsaVerifier of(ECKey key) {
        Curve curve = key.getCurve();
        JWSAlgorithm alg;
        String digest;
        String name;
        int half;
        if (Curve.P_256.equals(curve)) {
            alg = JWSAlgorithm.ES256;
            digest = "SHA-256";
            name = "P-256";
            half = 32;
        } else if (Curve.P_384.equals(curve)) {
            alg = JWSAlgorithm.ES384;
            digest = "SHA-384";
            name = "P-384";
            half = 48;
        } else {
            throw new IllegalArgumentException("curve " + curve + " is not P-256 or P-384");
        }
        X9ECParameters params = CustomNamedCurves.getByName(name);
        ECDomainParameters domain = new ECDomainParameters(params.getCurve(), params.getG(), params.getN(),
            params.getH());
        BigInteger x = key.getX().decodeToBigInteger();
        BigInteger y = key.getY().decodeToBigInteger();
        ECPoint q;
        try {
            // validatePoint: on the curve; ECPublicKeyParameters then checks not infinity and order n
            q = params.getCurve().validatePoint(x, y);
            return new EcdsaVerifier(alg, digest, half, new ECPublicKeyParameters(q, domain));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("EC key " + key.getKeyID() + " is not a valid " + name
                + " public key: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean verify(JWSHeader header, byte[] signingInput, Base64URL signature) {
        if (!alg.equals(header.getAlgorithm())) {
            return false;
        }
        if (header.getCriticalParams() != null && !header.getCriticalParams().isEmpty()) {
            return false;
        }
        byte[] sig = signature.decode();
        if (sig.length != 2 * half) {
            return false;
        }
        BigInteger r = new BigInteger(1, Arrays.copyOfRange(sig, 0, half));
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(sig, half, 2 * half));
        byte[] hash;
        try {
            hash = MessageDigest.getInstance(digest).digest(signingInput);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(digest + " is part of every Java runtime", e);
        }
        ECDSASigner signer = new ECDSASigner();
        signer.init(false, publicKey);
        return signer.verifySignature(hash, r, s);
    }

    @Override
    public Set<JWSAlgorithm> supportedJWSAlgorithms() {
        return Set.of(alg);
    }

    @Override
    public JCAContext getJCAContext() {
        return jca;
    }
}
