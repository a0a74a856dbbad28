package org.dxguard.service.feedback;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.dxguard.model.DxGuardException;
import org.dxguard.service.cdshooks.FeedbackRequest;
import org.dxguard.service.cdshooks.ServiceErrors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Append-only, fsync'd, idempotent feedback log. Thread-safe. */
public final class FeedbackStore implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FeedbackStore.class);

    private final Path file;
    private final FileChannel channel;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final Set<String> keys = new HashSet<>();

    private FeedbackStore(Path file, FileChannel channel, ObjectMapper mapper, Clock clock) {
        this.file = file;
        this.channel = channel;
        this.mapper = mapper;
        this.clock = clock;
    }

    /** Opens (or creates) the store under {@code dataDir/feedback}. */
    public static FeedbackStore open(Path dataDir) {
        return open(dataDir, Clock.systemUTC());
    }

    public static FeedbackStore open(Path dataDir, Clock clock) {
        ObjectMapper mapper = JsonMapper.builder().findAndAddModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .serializationInclusion(JsonInclude.Include.NON_EMPTY).build();
        Path dir = dataDir.resolve("feedback");
        Path file = dir.resolve("feedback.jsonl");
        try {
            Files.createDirectories(dir);
            recoverPartialLine(file, clock);
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
            FeedbackStore store = new FeedbackStore(file, channel, mapper, clock);
            store.load();
            return store;
        } catch (IOException e) {
            throw new DxGuardException(ServiceErrors.STORAGE_FAILED,
                "cannot open feedback store " + file + ": " + e.getMessage(), e);
        }
    }

    /** Stores the entries not seen before; returns how many were new. Durable when this returns. */
    public synchronized int record(String serviceId, String issuer, FeedbackRequest request) {
        Instant now = clock.instant();
        StringBuilder batch = new StringBuilder();
        List<StoredFeedback> fresh = new ArrayList<>();
        Set<String> batchKeys = new HashSet<>();
        for (FeedbackRequest.Entry e : request.feedback()) {
            if (keys.contains(e.key()) || !batchKeys.add(e.key())) {
                continue;
            }
            StoredFeedback s = new StoredFeedback(serviceId, issuer, e.card(), e.outcome().name().toLowerCase(),
                e.acceptedSuggestions(),
                e.overrideReason() == null ? null : e.overrideReason().system(),
                e.overrideReason() == null ? null : e.overrideReason().code(),
                e.overrideReason() == null ? null : e.overrideReason().display(),
                e.userComment(), e.outcomeTimestamp(), now);
            fresh.add(s);
            try {
                batch.append(mapper.writeValueAsString(s)).append('\n');
            } catch (IOException ex) {
                throw new IllegalStateException("cannot serialise feedback", ex);
            }
        }
        if (fresh.isEmpty()) {
            return 0;
        }
        try {
            ByteBuffer buf = ByteBuffer.wrap(batch.toString().getBytes(StandardCharsets.UTF_8));
            while (buf.hasRemaining()) {
                channel.write(buf);
            }
            channel.force(false);
        } catch (IOException e) {
            throw new DxGuardException(ServiceErrors.STORAGE_FAILED, "cannot append to " + file + ": "
                + e.getMessage(), e);
        }
        for (StoredFeedback s : fresh) {
            keys.add(s.key());
        }
        return fresh.size();
    }

    /**
     * Reads the stored feedback of a data directory without opening it for writing (safe while a service runs);
     * a trailing line still being written is ignored.
     */
    public static List<StoredFeedback> readOnly(Path dataDir) throws IOException {
        Path file = dataDir.resolve("feedback").resolve("feedback.jsonl");
        List<StoredFeedback> result = new ArrayList<>();
        if (!Files.exists(file)) {
            return result;
        }
        ObjectMapper mapper = JsonMapper.builder().findAndAddModules().build();
        String text = Files.readString(file, StandardCharsets.UTF_8);
        int end = text.lastIndexOf('\n');
        Set<String> seen = new HashSet<>();
        for (String line : text.substring(0, end + 1).split("\n")) {
            if (!line.isBlank()) {
                StoredFeedback f = mapper.readValue(line, StoredFeedback.class);
                if (seen.add(f.key())) {
                    result.add(f);
                }
            }
        }
        return result;
    }

    /** Everything stored, read back from the log (only the idempotency keys are kept in memory). */
    public synchronized List<StoredFeedback> all() {
        try {
            return Collections.unmodifiableList(readOnly(file.getParent().getParent()));
        } catch (IOException e) {
            throw new DxGuardException(ServiceErrors.STORAGE_FAILED, "cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    public Path file() {
        return file;
    }

    @Override
    public synchronized void close() {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.warn("closing feedback store failed: {}", e.getMessage());
        }
    }

    private void load() throws IOException {
        int lineNo = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            try {
                keys.add(mapper.readValue(line, StoredFeedback.class).key());
            } catch (IOException e) {
                throw new DxGuardException(ServiceErrors.STORAGE_FAILED, "feedback log " + file + " line " + lineNo
                    + " is not a feedback record (" + e.getMessage() + "); it was not modified", e);
            }
        }
        LOG.info("feedback store opened with {} records", keys.size());
    }

    /** A crash between write and fsync can leave a line without its newline: move it aside, keep the rest. */
    private static void recoverPartialLine(Path file, Clock clock) throws IOException {
        if (!Files.exists(file) || Files.size(file) == 0) {
            return;
        }
        byte[] all = Files.readAllBytes(file);
        if (all[all.length - 1] == '\n') {
            return;
        }
        int lastNewline = all.length - 1;
        while (lastNewline >= 0 && all[lastNewline] != '\n') {
            lastNewline--;
        }
        Path aside = file.resolveSibling(file.getFileName() + ".partial-" + clock.millis());
        Files.write(aside, java.util.Arrays.copyOfRange(all, lastNewline + 1, all.length));
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(lastNewline + 1L);
            ch.force(true);
        }
        LOG.warn("feedback log ended with an incomplete record (never acknowledged); moved it to {}", aside);
    }

}
