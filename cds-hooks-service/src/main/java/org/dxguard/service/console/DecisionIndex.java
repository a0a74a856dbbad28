package org.dxguard.service.console;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.dxguard.service.audit.DecisionLog;
import org.dxguard.service.audit.DecisionRecord;

/**
 * An in-memory index over the decision log for the console's list page: one small summary per record and the byte
 * offset of its line, so that a detail page reads one line. Each {@link #refresh()} reads only the records appended
 * since the last one ({@link DecisionLog#scan}). The records themselves stay on disk. Thread-safe.
 */
final class DecisionIndex {
    /** What the list shows of one record, and where its line starts. */
    record Entry(long seq, long offset, Instant receivedAt, String serviceId, String hook, String hookInstance,
                 int status, int cards, int vetoes, List<String> rules, List<String> cardSummaries,
                 String explanation) {
        boolean matches(String service, String rule) {
            return (service == null || service.equals(serviceId)) && (rule == null || rules.contains(rule));
        }
    }

    /** One page of entries, newest first. */
    record Page(long total, int page, int size, List<Entry> items) {}

    private final Path file;
    private final List<Entry> entries = new ArrayList<>();
    private long offset;

    DecisionIndex(Path dataDir) {
        this.file = DecisionLog.file(dataDir);
    }

    synchronized void refresh() throws IOException {
        if (Files.exists(file) && Files.size(file) < offset) {
            // the log was replaced (a restart cut a partial line): index it again
            entries.clear();
            offset = 0;
        }
        offset = DecisionLog.scan(file, offset, (at, r) -> entries.add(entry(at, r)));
    }

    /** Records matching both filters (each may be null), newest first; {@code page} counts from 0. */
    synchronized Page page(String service, String rule, int page, int size) throws IOException {
        refresh();
        List<Entry> matching = new ArrayList<>();
        for (int i = entries.size() - 1; i >= 0; i--) {
            if (entries.get(i).matches(service, rule)) {
                matching.add(entries.get(i));
            }
        }
        int from = (int) Math.min((long) page * size, matching.size());
        int to = Math.min(from + size, matching.size());
        return new Page(matching.size(), page, size, List.copyOf(matching.subList(from, to)));
    }

    /** The full record with sequence number {@code seq}. */
    synchronized Optional<DecisionRecord> record(long seq) throws IOException {
        refresh();
        // seq grows by one per record: look near its expected position first
        int guess = (int) Math.min(Math.max(seq - 1, 0), Math.max(entries.size() - 1, 0));
        for (int i = guess; i >= 0 && i < entries.size(); i--) {
            if (entries.get(i).seq() == seq) {
                return Optional.of(DecisionLog.readAt(file, entries.get(i).offset()));
            }
            if (entries.get(i).seq() < seq) {
                break;
            }
        }
        for (Entry e : entries) {
            if (e.seq() == seq) {
                return Optional.of(DecisionLog.readAt(file, e.offset()));
            }
        }
        return Optional.empty();
    }

    /** Service ids and rule ids seen, for the list's filter choices. */
    synchronized Set<String> services() {
        Set<String> out = new java.util.TreeSet<>();
        entries.stream().map(Entry::serviceId).filter(java.util.Objects::nonNull).forEach(out::add);
        return out;
    }

    private static Entry entry(long at, DecisionRecord r) {
        Set<String> rules = new LinkedHashSet<>();
        if (r.rulesFired() != null) {
            r.rulesFired().forEach(f -> rules.add(f.ruleId()));
        }
        List<String> summaries = new ArrayList<>();
        if (r.cards() != null) {
            for (DecisionRecord.CardSummary c : r.cards()) {
                if (c.ruleId() != null) {
                    rules.add(c.ruleId());
                }
                if (summaries.size() < 3) {
                    summaries.add(c.summary());
                }
            }
        }
        if (r.vetoes() != null) {
            r.vetoes().forEach(v -> rules.add(v.ruleId()));
        }
        return new Entry(r.seq(), at, r.receivedAt(), r.serviceId(), r.hook(), r.hookInstance(), r.status(),
            r.cards() == null ? 0 : r.cards().size(), r.vetoes() == null ? 0 : r.vetoes().size(), List.copyOf(rules),
            List.copyOf(summaries), r.explanation());
    }
}
