package org.dxguard.service.explanations;

import java.io.IOException;
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
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.dxguard.model.DxGuardException;
import org.dxguard.service.cdshooks.ServiceErrors;

/**
 * Unguessable capability tokens for the explanation page: an EHR opens a card's link in a browser without a JWT,
 * so the link itself carries the right to read that one hook instance's explanation. The token is
 * HMAC-SHA256(secret, "explanation:" + hookInstance), base64url; the 256-bit secret is created on first start in
 * {@code <data-dir>/secrets/explanation-links.key} (owner read/write only) and kept across restarts, so links stay
 * valid while the explanation is cached. Thread-safe.
 */
public final class CapabilityTokens {
    static final String FILE = "explanation-links.key";
    private final byte[] secret;

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

    /** The token for this hook instance. */
    public String token(String hookInstance) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(mac(hookInstance));
    }

    /** True when {@code token} is this hook instance's token (constant-time comparison). */
    public boolean verify(String hookInstance, String token) {
        if (hookInstance == null || token == null || token.isBlank()) {
            return false;
        }
        byte[] given;
        try {
            given = Base64.getUrlDecoder().decode(token.strip());
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(mac(hookInstance), given);
    }

    private byte[] mac(String hookInstance) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(("explanation:" + hookInstance).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }
}
