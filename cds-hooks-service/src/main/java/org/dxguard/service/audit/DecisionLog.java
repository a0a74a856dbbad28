package org.dxguard.service.audit;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.dxguard.model.DxGuardException;
import org.dxguard.model.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Append-only, hash-chained, group-committed decision log. Thread-safe. */
public final class DecisionLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DecisionLog.class);
    public static final ErrorCode WRITE_FAILED = ErrorCode.of("DXG-0601", true,
        "The decision log could not be written; the answer was withheld. Check disk space and permissions.");
    public static final ErrorCode TAMPERED = ErrorCode.of("DXG-0602", false,
        "The decision log's hash chain is broken: a record was altered, removed or reordered.");
    static final String GENESIS = "0".repeat(64);

    private record Pending(DecisionRecord record, String body, CompletableFuture<DecisionRecord> done) {}

    /**
     * Stand-ins for the chain fields while a record is serialised on its caller's thread: the writer thread then only
     * puts in {@code seq} and {@code prev}, hashes, and inserts {@code hash}, instead of serialising every record
     * twice itself. That thread has to win a core from every busy request thread, so the less it does, the sooner
     * each batch is on disk (docs/BENCHMARKS.md, "Where the time goes, by stage"). The line written is byte for byte
     * what serialising the chained record gives ({@link #verify} recomputes it that way); a body in which the stand-ins
     * are not found exactly once is serialised the old way.
     */
    static final long SEQ_STAND_IN = Long.MIN_VALUE;
    static final String PREV_STAND_IN = "dxguard-prev-" + java.util.UUID.randomUUID().toString().replace("-", "");
    private static final String SEQ_PREFIX = "{\"seq\":" + SEQ_STAND_IN + ",";
    private static final String PREV_FIELD = "\"prev\":\"" + PREV_STAND_IN + "\"";

    private final Path file;
    private final FileChannel channel;
    private final ObjectMapper mapper;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private final boolean fsyncEachBatch;
    private volatile boolean closed;
    private boolean unsynced;
    private String lastHash;
    private long lastSeq;

    private DecisionLog(Path file, FileChannel channel, ObjectMapper mapper, String lastHash, long lastSeq,
                        boolean fsyncEachBatch) {
        this.fsyncEachBatch = fsyncEachBatch;
        this.file = file;
        this.channel = channel;
        this.mapper = mapper;
        this.lastHash = lastHash;
        this.lastSeq = lastSeq;
        this.writer = new Thread(this::writeLoop, "dxguard-audit-writer");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    static ObjectMapper mapper() {
        return JsonMapper.builder().findAndAddModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .serializationInclusion(JsonInclude.Include.NON_NULL).build();
    }

    /** Opens {@code dataDir/audit/decisions.jsonl} with an fsync before every acknowledgement. */
    public static DecisionLog open(Path dataDir) {
        return open(dataDir, true);
    }

    /**
     * Opens {@code dataDir/audit/decisions.jsonl}, verifying the existing chain first.
     *
     * @param fsyncEachBatch true: a record is forced to disk before its caller is released (survives power loss);
     *                       false: it is written to the operating system before release (survives a crash or
     *                       kill -9 of the service, not a power loss) and forced to disk within 200 ms
     */
    public static DecisionLog open(Path dataDir, boolean fsyncEachBatch) {
        Path file = dataDir.resolve("audit").resolve("decisions.jsonl");
        ObjectMapper mapper = mapper();
        try {
            Files.createDirectories(file.getParent());
            truncatePartialLine(file);
            Optional<DecisionRecord> last = verify(file);
            FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
            return new DecisionLog(file, ch, mapper, last.map(DecisionRecord::hash).orElse(GENESIS),
                last.map(DecisionRecord::seq).orElse(0L), fsyncEachBatch);
        } catch (IOException e) {
            throw new DxGuardException(WRITE_FAILED, "cannot open decision log " + file + ": " + e.getMessage(), e);
        }
    }

    /** Appends and returns once the record is on disk (group commit). */
    public DecisionRecord append(DecisionRecord record) {
        if (closed) {
            throw new DxGuardException(WRITE_FAILED, "decision log is closed");
        }
        CompletableFuture<DecisionRecord> done = new CompletableFuture<>();
        queue.add(new Pending(record, preSerialised(record), done));
        try {
            return done.get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DxGuardException(WRITE_FAILED, "interrupted while writing the decision log", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new DxGuardException(WRITE_FAILED, "decision log write failed: " + e.getMessage(), e);
        }
    }

    private void writeLoop() {
        List<Pending> batch = new ArrayList<>();
        while (!closed || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    syncIfNeeded();
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, 511);
                writeBatch(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                batch.clear();
            }
        }
    }

    private void writeBatch(List<Pending> batch) {
        StringBuilder lines = new StringBuilder();
        List<DecisionRecord> chained = new ArrayList<>(batch.size());
        String hash = lastHash;
        long seq = lastSeq;
        try {
            for (Pending p : batch) {
                seq++;
                DecisionRecord unhashed = p.record().withChain(seq, hash, null);
                String line = chainedLine(p.body(), seq, hash);
                String next;
                DecisionRecord r;
                if (line != null) {
                    int at = line.indexOf('\u0000');
                    String unhashedJson = line.substring(0, at) + line.substring(at + 1);
                    next = DecisionDraft.sha256((hash + unhashedJson).getBytes(StandardCharsets.UTF_8));
                    r = unhashed.withChain(seq, hash, next);
                    lines.append(line, 0, at).append(",\"hash\":\"").append(next).append('"')
                        .append(line, at + 1, line.length()).append('\n');
                } else {
                    next = DecisionDraft.sha256((hash + mapper.writeValueAsString(unhashed))
                        .getBytes(StandardCharsets.UTF_8));
                    r = unhashed.withChain(seq, hash, next);
                    lines.append(mapper.writeValueAsString(r)).append('\n');
                }
                chained.add(r);
                hash = next;
            }
            ByteBuffer buf = ByteBuffer.wrap(lines.toString().getBytes(StandardCharsets.UTF_8));
            while (buf.hasRemaining()) {
                channel.write(buf);
            }
            if (fsyncEachBatch) {
                channel.force(false);
            } else {
                unsynced = true;
            }
            lastHash = hash;
            lastSeq = seq;
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).done().complete(chained.get(i));
            }
        } catch (IOException | RuntimeException e) {
            LOG.error("decision log write failed: {}", e.getMessage());
            batch.forEach(p -> p.done().completeExceptionally(e));
        }
    }

    /** The record serialised with the chain stand-ins (on the caller's thread), or null to serialise it later. */
    private String preSerialised(DecisionRecord record) {
        try {
            String body = mapper.writeValueAsString(record.withChain(SEQ_STAND_IN, PREV_STAND_IN, null));
            int prev = body.indexOf(PREV_FIELD);
            return body.startsWith(SEQ_PREFIX) && prev > 0 && body.indexOf(PREV_FIELD, prev + 1) < 0 ? body : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * The pre-serialised body with {@code seq} and {@code prev} put in and a NUL where {@code ,"hash":"…"} goes (right
     * after {@code prev}, as the record's component order puts it); null when there is no usable body.
     */
    static String chainedLine(String body, long seq, String prev) {
        if (body == null) {
            return null;
        }
        int field = body.indexOf(PREV_FIELD);
        return "{\"seq\":" + seq + "," + body.substring(SEQ_PREFIX.length(), field) + "\"prev\":\"" + prev + "\""
            + '\u0000' + body.substring(field + PREV_FIELD.length());
    }

    private void syncIfNeeded() {
        if (unsynced) {
            try {
                channel.force(false);
                unsynced = false;
            } catch (IOException e) {
                LOG.error("decision log fsync failed: {}", e.getMessage());
            }
        }
    }

    /**
     * Reads the log and checks every link of the chain; returns the last record. Throws {@link #TAMPERED} naming
     * the first line that does not verify.
     */
    public static Optional<DecisionRecord> verify(Path file) throws IOException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        ObjectMapper mapper = mapper();
        String prev = GENESIS;
        long seq = 0;
        DecisionRecord last = null;
        int lineNo = 0;
        for (String line : completeLines(file)) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            DecisionRecord r;
            try {
                r = mapper.readValue(line, DecisionRecord.class);
            } catch (IOException e) {
                throw new DxGuardException(TAMPERED, file + " line " + lineNo + " is not a decision record");
            }
            String expected = DecisionDraft.sha256((prev + mapper.writeValueAsString(r.withChain(r.seq(), prev,
                null))).getBytes(StandardCharsets.UTF_8));
            if (!prev.equals(r.prev()) || !expected.equals(r.hash()) || r.seq() != seq + 1) {
                throw new DxGuardException(TAMPERED, file + " line " + lineNo + " (seq " + r.seq()
                    + ") does not match the chain");
            }
            prev = r.hash();
            seq = r.seq();
            last = r;
        }
        return Optional.ofNullable(last);
    }

    /** All records of one hook instance (a call may be repeated). */
    public static List<DecisionRecord> find(Path dataDir, String hookInstance) throws IOException {
        List<DecisionRecord> found = new ArrayList<>();
        scan(file(dataDir), 0, (offset, r) -> {
            if (hookInstance.equals(r.hookInstance())) {
                found.add(r);
            }
        });
        return found;
    }

    /** Receives the records read by {@link #scan}, each with the byte offset its line starts at. */
    @FunctionalInterface
    public interface RecordVisitor {
        void visit(long offset, DecisionRecord record);
    }

    /** The decision log file of a data directory. */
    public static Path file(Path dataDir) {
        return dataDir.resolve("audit").resolve("decisions.jsonl");
    }

    /**
     * Reads the complete records of {@code file} that start at or after byte {@code fromOffset} (the offset a
     * previous scan returned, or 0), safe while the service appends: a line still being written is left for the next
     * scan. Does not check the hash chain ({@link #verify} does).
     *
     * @return the offset after the last complete line read (where the next scan starts)
     */
    public static long scan(Path file, long fromOffset, RecordVisitor visitor) throws IOException {
        if (!Files.exists(file)) {
            return fromOffset;
        }
        ObjectMapper mapper = mapper();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            long pos = fromOffset;
            ch.position(pos);
            java.io.BufferedInputStream in = new java.io.BufferedInputStream(java.nio.channels.Channels
                .newInputStream(ch), 1 << 16);
            java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream(4096);
            long lineStart = pos;
            long read = pos;
            int b;
            while (read < size && (b = in.read()) >= 0) {
                read++;
                if (b != '\n') {
                    line.write(b);
                    continue;
                }
                if (line.size() > 0) {
                    visitor.visit(lineStart, mapper.readValue(line.toByteArray(), DecisionRecord.class));
                }
                line.reset();
                lineStart = read;
                pos = read;
            }
            return pos;
        }
    }

    /** Every complete record of a data directory's log, oldest first (no chain check). */
    public static List<DecisionRecord> readAll(Path dataDir) throws IOException {
        List<DecisionRecord> out = new ArrayList<>();
        scan(file(dataDir), 0, (offset, r) -> out.add(r));
        return out;
    }

    /** The record whose line starts at {@code offset} (an offset {@link #scan} reported). */
    public static DecisionRecord readAt(Path file, long offset) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ch.position(offset);
            java.io.BufferedReader r = new java.io.BufferedReader(new java.io.InputStreamReader(
                java.nio.channels.Channels.newInputStream(ch), StandardCharsets.UTF_8));
            String line = r.readLine();
            if (line == null || line.isBlank()) {
                throw new IOException("no decision record at offset " + offset + " of " + file);
            }
            return mapper().readValue(line, DecisionRecord.class);
        }
    }

    /** The lines that end with a newline: a record still being written by a running service is left out. */
    static List<String> completeLines(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        int end = text.lastIndexOf('\n');
        return end < 0 ? List.of() : List.of(text.substring(0, end).split("\n", -1));
    }

    public Path file() {
        return file;
    }

    /** True while the log is open and its file writable (for readiness checks; no write is attempted). */
    public boolean writable() {
        return !closed && channel.isOpen() && writer.isAlive() && Files.isWritable(file);
    }

    @Override
    public void close() {
        closed = true;
        try {
            writer.join(5_000);
            syncIfNeeded();
            channel.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            LOG.warn("closing decision log failed: {}", e.getMessage());
        }
    }

    /** A record cut by a crash was never acknowledged (the answer waits for the fsync): drop only that tail. */
    private static void truncatePartialLine(Path file) throws IOException {
        if (!Files.exists(file) || Files.size(file) == 0) {
            return;
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = ch.size();
            ByteBuffer one = ByteBuffer.allocate(1);
            ch.read(one, size - 1);
            if (one.get(0) == '\n') {
                return;
            }
            long pos = size - 1;
            while (pos > 0) {
                one.clear();
                ch.read(one, pos - 1);
                if (one.get(0) == '\n') {
                    break;
                }
                pos--;
            }
            Path aside = file.resolveSibling(file.getFileName() + ".partial-" + System.currentTimeMillis());
            ByteBuffer tail = ByteBuffer.allocate((int) (size - pos));
            ch.read(tail, pos);
            Files.write(aside, tail.array());
            ch.truncate(pos);
            ch.force(true);
            LoggerFactory.getLogger(DecisionLog.class).warn(
                "decision log ended with an unacknowledged partial record; moved it to {}", aside);
        }
    }
}
