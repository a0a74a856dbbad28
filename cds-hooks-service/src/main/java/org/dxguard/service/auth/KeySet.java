package org.dxguard.service.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An immutable set of public verification keys by {@code kid}, each with its (thread-safe, reusable) verifier
 * built once: nimbus' RSA verifier, or {@link EcdsaVerifier} for EC keys. Verifiers are therefore cached per (key source, kid) for as long as the set is current.
 */
final class KeySet {
    static final int MIN_RSA_BITS = 2048;

    /** One public key and its verifier ({@code null} when the key type cannot verify any allowed alg). */
    record VerificationKey(JWK jwk, JWSVerifier verifier) {}

    private final Map<String, VerificationKey> byKid;

    private KeySet(Map<String, VerificationKey> byKid) {
        this.byKid = Collections.unmodifiableMap(byKid);
    }

    /** Keys must be public and carry a unique kid (callers check); the first key of a kid wins. */
    static KeySet of(List<JWK> keys) {
        Map<String, VerificationKey> map = new LinkedHashMap<>();
        for (JWK jwk : keys) {
            map.putIfAbsent(jwk.getKeyID(), new VerificationKey(jwk, verifierFor(jwk)));
        }
        return new KeySet(map);
    }

    VerificationKey find(String kid) {
        return byKid.get(kid);
    }

    int size() {
        return byKid.size();
    }

    private static JWSVerifier verifierFor(JWK jwk) {
        try {
            if (jwk instanceof ECKey ec && (Curve.P_256.equals(ec.getCurve()) || Curve.P_384.equals(ec.getCurve()))) {
                return EcdsaVerifier.of(ec);
            }
            if (jwk instanceof RSAKey rsa) {
                return new RSASSAVerifier(rsa);
            }
        } catch (JOSEException | IllegalArgumentException e) {
            return null;
        }
        return null;
    }

    /**
     * Why a key may not verify a token signed with {@code alg}, or {@code null} if it may: ES256 needs EC P-256,
     * ES384 EC P-384, RS256/RS384 RSA of at least 2048 bits; a key's own {@code alg} and {@code use}, when
     * present, must agree.
     */
    static String unsuitability(JWSAlgorithm alg, VerificationKey key) {
        JWK jwk = key.jwk();
        if (jwk.getKeyUse() != null && !KeyUse.SIGNATURE.equals(jwk.getKeyUse())) {
            return "key use is '" + jwk.getKeyUse().identifier() + "', not 'sig'";
        }
        if (jwk.getAlgorithm() != null && !jwk.getAlgorithm().getName().equals(alg.getName())) {
            return "key is declared for alg " + jwk.getAlgorithm().getName();
        }
        if (key.verifier() == null) {
            return "key type " + jwk.getKeyType() + describeCurve(jwk) + " cannot verify " + alg.getName();
        }
        if (JWSAlgorithm.ES256.equals(alg) || JWSAlgorithm.ES384.equals(alg)) {
            Curve wanted = JWSAlgorithm.ES256.equals(alg) ? Curve.P_256 : Curve.P_384;
            if (!(jwk instanceof ECKey ec) || !wanted.equals(ec.getCurve())) {
                return alg.getName() + " needs an EC " + wanted.getName() + " key, key is " + jwk.getKeyType()
                    + describeCurve(jwk);
            }
            return null;
        }
        if (JWSAlgorithm.RS256.equals(alg) || JWSAlgorithm.RS384.equals(alg)) {
            if (!(jwk instanceof RSAKey rsa)) {
                return alg.getName() + " needs an RSA key, key is " + jwk.getKeyType() + describeCurve(jwk);
            }
            if (rsa.size() < MIN_RSA_BITS) {
                return alg.getName() + " needs an RSA key of at least " + MIN_RSA_BITS + " bits, key has "
                    + rsa.size();
            }
            return null;
        }
        return "alg " + alg.getName() + " is not supported";
    }

    private static String describeCurve(JWK jwk) {
        return jwk instanceof ECKey ec ? " " + ec.getCurve().getName() : "";
    }
}
