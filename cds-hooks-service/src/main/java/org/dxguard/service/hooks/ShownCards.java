package org.dxguard.service.hooks;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.dxguard.model.DxGuardException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The memory of which card was shown to whom, so that the same card (same patient, same rule, same facts) is not
 * repeated within the repeat window, and a standing problem is shown again only when its facts changed. Kept in
 * {@code <data-dir>/cards/shown.log}, one line per card shown, and read back at start (it survives a restart).
 *
 * <p>No PHI is stored: the card key is HMAC-SHA256 (secret {@code <data-dir>/secrets/card-memory.key}, created on
 * first start, owner-only) over the calling EHR's issuer, the patient id and the rule id; the facts and the call
 * are HMACs too (a plain hash of a small patient id could be reversed by trying every id). Lines:
 * {@code s1 <epoch ms> <channel> <card key> <facts hmac> <call hmac>} for a card shown, and
 * {@code r1 <epoch ms> <card uuid>} for a card whose override needs a reason (uuids are random). Appends are
 * flushed to the OS before the answer (not forced to disk: losing one only shows a card once more, the safe way).
 * Entries older than {@link #RETENTION} are dropped when the file is read at start. Thread-safe.
 */
public final class ShownCards implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ShownCards.class);
    static final String DIR = "cards";
    static final String FILE = "shown.log";
    static final String SECRET = "card-memory.key";
    /** How long a shown card's facts are kept (so a year-old standing problem with new facts counts as new). */
    static final Duration RETENTION = Duration.ofDays(400);
    /** How long a critical card's uuid is kept for feedback (an EHR reports overrides within this time). */
    static final Duration REASON_RETENTION = Duration.ofDays(30);

    /** Where a card was shown: the patient-view review, interruptively on an order hook, or as info on one. */
    public enum Channel { REVIEW, ORDER, ORDER_INFO }

    /** One showing of a card: when, where, on which facts, in which call. */
    public record Shown(Instant at, Channel channel, String facts, String call) {}

    private final Path file;
    private final Clock clock;
    private final byte[] secret;
    private final Map<String, EnumMap<Channel, Shown>> last = new HashMap<>();
    private final Map<String, Instant> reasonRequired = new HashMap<>();
    private BufferedWriter out;

    private ShownCards(Path file, Clock clock, byte[] secret) {
        this.file = file;
        this.clock = clock;
        this.secret = secret.clone();
    }

    /** The memory of this data directory, created on first use. */
    public static ShownCards open(Path dataDir, Clock clock) {
        Path file = dataDir.resolve(DIR).resolve(FILE);
        try {
            Files.createDirectories(file.getParent());
            ShownCards cards = new ShownCards(file, clock, secret(dataDir.resolve("secrets").resolve(SECRET)));
            cards.load();
            cards.out = Files.newBufferedWriter(file, StandardCharsets.US_ASCII, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
            return cards;
        } catch (IOException e) {
            throw new DxGuardException(CardErrors.MEMORY_UNREADABLE, "cannot open " + file + ": " + e.getMessage(), e);
        }
    }

    private static byte[] secret(Path file) throws IOException {
        byte[] secret;
        try {
            secret = org.dxguard.service.explanations.CapabilityTokens.readOrCreateSecret(file);
        } catch (IllegalArgumentException e) {
            secret = new byte[0];
        }
        if (secret.length < 32) {
            throw new DxGuardException(CardErrors.MEMORY_UNREADABLE, file + " does not hold a 256-bit secret; delete "
                + "it together with " + DIR + "/" + FILE + " to start a new memory (cards may then be shown once more)");
        }
        return secret;
    }

    /** Reads the file; drops what is older than the retention and rewrites the file when something was dropped. */
    private void load() throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        Instant now = clock.instant();
        List<String> keep = new ArrayList<>();
        int lineNo = 0;
        int dropped = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
            lineNo++;
            String[] p = line.split(" ");
            try {
                if (p.length == 6 && p[0].equals("s1")) {
                    Instant at = Instant.ofEpochMilli(Long.parseLong(p[1]));
                    if (at.isBefore(now.minus(RETENTION))) {
                        dropped++;
                        continue;
                    }
                    put(p[3], new Shown(at, Channel.valueOf(p[2]), p[4], p[5]));
                    keep.add(line);
                } else if (p.length == 3 && p[0].equals("r1")) {
                    Instant at = Instant.ofEpochMilli(Long.parseLong(p[1]));
                    if (at.isBefore(now.minus(REASON_RETENTION))) {
                        dropped++;
                        continue;
                    }
                    reasonRequired.put(p[2], at);
                    keep.add(line);
                } else {
                    throw new IllegalArgumentException("not a shown-card line");
                }
            } catch (IllegalArgumentException e) {
                // a torn last line after a crash, or a damaged one: showing a card once more is the safe side
                LOG.warn("{} line {} is not a shown-card record; ignored (its card may be shown once more)", file,
                    lineNo);
                dropped++;
            }
        }
        if (dropped > 0) {
            Path tmp = file.resolveSibling(FILE + ".tmp");
            Files.write(tmp, keep, StandardCharsets.US_ASCII);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        LOG.info("shown-cards memory opened: {} cards, {} old or unreadable lines dropped", last.size(), dropped);
    }

    private void put(String key, Shown shown) {
        EnumMap<Channel, Shown> byChannel = last.computeIfAbsent(key, k -> new EnumMap<>(Channel.class));
        Shown before = byChannel.get(shown.channel());
        if (before == null || !before.at().isAfter(shown.at())) {
            byChannel.put(shown.channel(), shown);
        }
    }

    /** The key of one card for one patient of one EHR: no PHI, stable across restarts. */
    public String cardKey(String issuer, String patientId, String ruleId) {
        return hmac("card\u0000" + issuer + "\u0000" + patientId + "\u0000" + ruleId);
    }

    /** An HMAC of a text (facts, a hook instance): equal texts give equal values, nothing can be read back. */
    public String digest(String text) {
        return hmac("text\u0000" + text);
    }

    private String hmac(String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            byte[] d = mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(d, 18));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }

    /**
     * The latest showing of a card in one of the channels, ignoring showings by the call {@code exceptCall} (an EHR
     * that repeats a call whose answer it lost has not shown its cards).
     */
    public synchronized Optional<Shown> last(String cardKey, Set<Channel> channels, String exceptCall) {
        EnumMap<Channel, Shown> byChannel = last.get(cardKey);
        if (byChannel == null) {
            return Optional.empty();
        }
        Shown latest = null;
        for (Channel c : channels) {
            Shown s = byChannel.get(c);
            if (s != null && !s.call().equals(exceptCall) && (latest == null || s.at().isAfter(latest.at()))) {
                latest = s;
            }
        }
        return Optional.ofNullable(latest);
    }

    /** Notes that a card was shown now. */
    public synchronized void shown(String cardKey, Channel channel, String facts, String call) {
        Shown s = new Shown(clock.instant(), channel, facts, call);
        append("s1 " + s.at().toEpochMilli() + " " + channel + " " + cardKey + " " + facts + " " + call);
        put(cardKey, s);
    }

    /** Notes that an override of this card needs a reason (a critical card). */
    public synchronized void requireReason(String cardUuid) {
        if (!cardUuid.matches("[A-Za-z0-9-]{1,64}")) {
            return; // card uuids are ours (UUIDs): anything else is not recorded
        }
        Instant now = clock.instant();
        append("r1 " + now.toEpochMilli() + " " + cardUuid);
        reasonRequired.put(cardUuid, now);
    }

    /** True when an override of this card must carry a reason. */
    public synchronized boolean reasonRequired(String cardUuid) {
        return reasonRequired.containsKey(cardUuid);
    }

    private void append(String line) {
        try {
            out.write(line);
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            // not remembered: the card may be shown once more, which is the safe side; the call goes on
            LOG.warn("{} ({}): cannot append to {}: {}", CardErrors.MEMORY_UNREADABLE.code(), "card memory", file,
                e.getMessage());
        }
    }

    /** The memory's clock. */
    public Instant now() {
        return clock.instant();
    }

    public Path file() {
        return file;
    }

    @Override
    public synchronized void close() {
        try {
            if (out != null) {
                out.close();
            }
        } catch (IOException e) {
            LOG.warn("closing {}: {}", file, e.getMessage());
        }
    }
}
