package org.dxguard.service.explanations;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.dxguard.model.DxGuardException;
import org.dxguard.service.cdshooks.ServiceErrors;

/**
 * Unguessable, expiring capability tokens for the explanation page: an EHR opens a card's link in a browser without a
 * JWT, so the link itself carries the right to read that one hook instance's explanation, for the issuer (EHR) that
 * made the call, until it expires. A token is base64url of: a version byte, the expiry (epoch seconds, 8 bytes), a
 * 12-byte digest of the issuer (SHA-256, truncated) and HMAC-SHA256(secret, version, hook instance, issuer digest,
 * expiry). Changing any part of the link (hook instance, expiry, issuer) breaks the MAC. The 256-bit secret is
 * created on first start in {@code <data-dir>/secrets/explanation-links.key} (owner read/write only) and kept across
 * restarts. Thread-safe.
 */
public final class CapabilityTokens {
    static final String FILE = "explanation-links.key";
    private static final byte VERSION = 2;
    private static final int DIGEST = 12;
    private static final int MAC = 32;
    private static final int LENGTH = 1 + 8 + DIGEST + MAC;
    private final byte[] secret;

    /** What a presented token is: valid (with the issuer it is bound to), expired, or not a token of this link. */
    public enum Check { VALID, EXPIRED, INVALID }

    /** The verdict on a presented token and, when its MAC is good, the issuer digest it is bound to. */
    public record Verified(Check check, String issuerDigest) {}

    private CapabilityTokens(byte[] secret) {
        this.secret = secret.clone();
    }

    /** The secret of this data directory, created on first use. */
    public static CapabilityTokens open(Path dataDir) {
        Path file = dataDir.resolve("secrets").resolve(FILE);
        try {
            Files.createDirectories(file.getParent());
            if (!Files.exists(file)) {
                byte[] fresh = new byte[32];
                new SecureRandom().nextBytes(fresh);
                try {
                    Files.write(file, Base64.getEncoder().encode(fresh), StandardOpenOption.CREATE_NEW);
                    try {
                        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                    } catch (UnsupportedOperationException e) {
                        // not a POSIX file system: the data directory's own permissions apply
                    }
                } catch (FileAlreadyExistsException e) {
                    // another start created it first: use theirs
                }
            }
            byte[] secret = Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).strip());
            if (secret.length < 32) {
                throw new DxGuardException(ServiceErrors.INVALID_CONFIG, file + " holds a secret shorter than 256 bits;"
                    + " delete it to have a new one created (existing explanation links stop working)");
            }
            return new CapabilityTokens(secret);
        } catch (IOException | IllegalArgumentException e) {
            throw new DxGuardException(ServiceErrors.INVALID_CONFIG, "cannot read or create the explanation link secret "
                + file + ": " + e.getMessage() + " (check the data directory's permissions)", e);
        }
    }

    /** The digest an issuer is bound by (base64url of 12 bytes of SHA-256; "" hashes to a digest too). */
    public static String issuerDigest(String issuer) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(digest(issuer));
    }

    private static byte[] digest(String issuer) {
        try {
            byte[] full = MessageDigest.getInstance("SHA-256")
                .digest((issuer == null ? "" : issuer).getBytes(StandardCharsets.UTF_8));
            return java.util.Arrays.copyOf(full, DIGEST);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The token for this hook instance, bound to the calling issuer, valid until {@code expiresAt}. */
    public String token(String hookInstance, String issuer, Instant expiresAt) {
        long expiry = expiresAt.getEpochSecond();
        byte[] d = digest(issuer);
        ByteBuffer b = ByteBuffer.allocate(LENGTH).put(VERSION).putLong(expiry).put(d).put(mac(hookInstance, d, expiry));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
    }

    /** Checks a presented token for this hook instance at {@code now} (constant-time MAC comparison). */
    public Verified verify(String hookInstance, String token, Instant now) {
        if (hookInstance == null || token == null || token.isBlank() || token.length() > 200) {
            return new Verified(Check.INVALID, null);
        }
        byte[] given;
        try {
            given = Base64.getUrlDecoder().decode(token.strip());
        } catch (IllegalArgumentException e) {
            return new Verified(Check.INVALID, null);
        }
        if (given.length != LENGTH || given[0] != VERSION) {
            return new Verified(Check.INVALID, null);
        }
        ByteBuffer b = ByteBuffer.wrap(given);
        b.get();
        long expiry = b.getLong();
        byte[] d = new byte[DIGEST];
        b.get(d);
        byte[] mac = new byte[MAC];
        b.get(mac);
        if (!MessageDigest.isEqual(mac(hookInstance, d, expiry), mac)) {
            return new Verified(Check.INVALID, null);
        }
        String issuer = Base64.getUrlEncoder().withoutPadding().encodeToString(d);
        return new Verified(now.getEpochSecond() >= expiry ? Check.EXPIRED : Check.VALID, issuer);
    }

    private byte[] mac(String hookInstance, byte[] issuerDigest, long expiry) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update(("dxguard-explanation-link:v" + VERSION + "\n" + hookInstance + "\n")
                .getBytes(StandardCharsets.UTF_8));
            mac.update(issuerDigest);
            return mac.doFinal(("\n" + expiry).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }
}
