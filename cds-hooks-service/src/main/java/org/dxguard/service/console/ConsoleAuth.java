package org.dxguard.service.console;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.dxguard.model.DxGuardException;

/**
 * The console's local admin credential and its browser sessions. At start a fresh random token (256 bits) is
 * written to {@code <data-dir>/console-token}, readable by the owner only; whoever can read that file may log in.
 * A login exchanges the token for a session id (a cookie); sessions live in memory for {@link #SESSION_LIFETIME}
 * and end with the process. Thread-safe.
 */
final class ConsoleAuth {
    static final String TOKEN_FILE = "console-token";
    static final Duration SESSION_LIFETIME = Duration.ofHours(8);
    static final int MAX_SESSIONS = 1000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] token;
    private final Path tokenFile;
    private final Clock clock;
    private final Map<String, Instant> sessions = new ConcurrentHashMap<>();

    private ConsoleAuth(byte[] token, Path tokenFile, Clock clock) {
        this.token = token;
        this.tokenFile = tokenFile;
        this.clock = clock;
    }

    /** Generates a new token and writes it (0600) to {@code dataDir/console-token}, replacing any earlier one. */
    static ConsoleAuth create(Path dataDir, Clock clock) {
        String token = randomId();
        Path file = dataDir.resolve(TOKEN_FILE);
        try {
            Files.deleteIfExists(file);
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(file);
            }
            Files.writeString(file, token + "\n", StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new DxGuardException(ConsoleErrors.TOKEN_FILE, "cannot write " + file + ": " + e.getMessage(), e);
        }
        return new ConsoleAuth(token.getBytes(StandardCharsets.US_ASCII), file, clock);
    }

    Path tokenFile() {
        return tokenFile;
    }

    /** Constant-time comparison with the admin token (surrounding whitespace ignored). */
    boolean tokenMatches(String candidate) {
        if (candidate == null) {
            return false;
        }
        return MessageDigest.isEqual(token, candidate.strip().getBytes(StandardCharsets.US_ASCII));
    }

    /** Starts a session and returns its id (to be set as an HttpOnly cookie). */
    String newSession() {
        Instant now = clock.instant();
        sessions.values().removeIf(expiry -> !expiry.isAfter(now));
        while (sessions.size() >= MAX_SESSIONS) {
            sessions.entrySet().stream().min(Map.Entry.comparingByValue(Comparator.naturalOrder()))
                .ifPresent(oldest -> sessions.remove(oldest.getKey()));
        }
        String id = randomId();
        sessions.put(id, now.plus(SESSION_LIFETIME));
        return id;
    }

    boolean validSession(String id) {
        if (id == null) {
            return false;
        }
        Instant expiry = sessions.get(id);
        if (expiry == null) {
            return false;
        }
        if (!expiry.isAfter(clock.instant())) {
            sessions.remove(id);
            return false;
        }
        return true;
    }

    void endSession(String id) {
        if (id != null) {
            sessions.remove(id);
        }
    }

    private static String randomId() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
