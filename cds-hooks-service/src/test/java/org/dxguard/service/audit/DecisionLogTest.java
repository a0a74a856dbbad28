package org.dxguard.service.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DecisionLogTest {

    private static DecisionRecord record(String hookInstance) {
        DecisionDraft d = new DecisionDraft("dxguard-medication-sign", "https://ehr.example.org",
            Instant.parse("2026-01-01T00:00:00Z"), hookInstance.getBytes(StandardCharsets.UTF_8));
        d.request("order-sign", hookInstance);
        return d.toRecord(200, null);
    }

    @Test
    void should_chain_every_record_when_appended_concurrently(@TempDir Path dir) throws Exception {
        // given
        try (DecisionLog log = DecisionLog.open(dir)) {
            ExecutorService pool = Executors.newFixedThreadPool(16);
            List<Future<DecisionRecord>> futures = new ArrayList<>();
            // when
            for (int i = 0; i < 400; i++) {
                String id = "hook-" + i;
                futures.add(pool.submit(() -> log.append(record(id))));
            }
            for (Future<DecisionRecord> f : futures) {
                assertThat(f.get().hash()).hasSize(64);
            }
            pool.shutdown();
        }

        // then
        Path file = dir.resolve("audit/decisions.jsonl");
        assertThat(DecisionLog.verify(file)).hasValueSatisfying(last -> assertThat(last.seq()).isEqualTo(400));
        assertThat(Files.readAllLines(file)).hasSize(400);
    }

    @Test
    void should_write_every_record_in_acknowledged_order_when_callers_commit_for_each_other(@TempDir Path dir)
        throws Exception {
        // given a log without fsync (so batches form fast) and 32 callers appending 50 records each
        List<DecisionRecord> acknowledged = java.util.Collections.synchronizedList(new ArrayList<>());
        try (DecisionLog log = DecisionLog.open(dir, false)) {
            ExecutorService pool = Executors.newFixedThreadPool(32);
            List<Future<?>> futures = new ArrayList<>();
            // when
            for (int t = 0; t < 32; t++) {
                int caller = t;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < 50; i++) {
                        acknowledged.add(log.append(record("c" + caller + "-" + i)));
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
            pool.shutdown();
        }

        // then every acknowledged record is on disk once, the chain verifies, and each caller's records keep its order
        Path file = dir.resolve("audit/decisions.jsonl");
        assertThat(DecisionLog.verify(file)).hasValueSatisfying(last -> assertThat(last.seq()).isEqualTo(1600));
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(1600);
        assertThat(acknowledged).extracting(DecisionRecord::seq).doesNotHaveDuplicates().hasSize(1600);
        for (int t = 0; t < 32; t++) {
            String prefix = "c" + t + "-";
            List<Long> seqs = acknowledged.stream().filter(r -> r.hookInstance().startsWith(prefix))
                .map(DecisionRecord::seq).sorted().toList();
            List<String> order = acknowledged.stream().filter(r -> r.hookInstance().startsWith(prefix))
                .sorted(java.util.Comparator.comparingLong(DecisionRecord::seq)).map(DecisionRecord::hookInstance)
                .toList();
            assertThat(seqs).hasSize(50);
            assertThat(order).containsExactlyElementsOf(
                java.util.stream.IntStream.range(0, 50).mapToObj(i -> prefix + i).toList());
        }
    }

    @Test
    void should_write_exactly_the_serialised_chained_record_when_it_was_serialised_on_the_callers_thread(
        @TempDir Path dir) throws Exception {
        // given records with quotes, backslashes, non-ASCII, control characters and the stand-in text itself
        List<DecisionRecord> acknowledged = new ArrayList<>();
        try (DecisionLog log = DecisionLog.open(dir)) {
            for (String id : List.of("plain", "quote\"and\\backslash", "ünïcødé-糖尿病", "new\nline\ttab\u0000nul",
                DecisionLog.PREV_STAND_IN, "\"prev\":\"" + DecisionLog.PREV_STAND_IN + "\"")) {
                // when each is appended
                acknowledged.add(log.append(record(id)));
            }
        }

        // then every line is byte for byte the chained record as the mapper writes it, and the chain verifies
        Path file = dir.resolve("audit/decisions.jsonl");
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(acknowledged.size());
        for (int i = 0; i < lines.size(); i++) {
            assertThat(lines.get(i)).isEqualTo(DecisionLog.mapper().writeValueAsString(acknowledged.get(i)));
        }
        assertThat(DecisionLog.verify(file)).hasValueSatisfying(last -> assertThat(last.seq()).isEqualTo(6));
        assertThat(acknowledged.get(4).hookInstance()).isEqualTo(DecisionLog.PREV_STAND_IN);
    }

    @Test
    void should_put_the_chain_fields_in_when_the_body_carries_the_stand_ins() {
        // given a body as the caller serialises it
        String body = "{\"seq\":" + DecisionLog.SEQ_STAND_IN + ",\"hookInstance\":\"h\",\"prev\":\""
            + DecisionLog.PREV_STAND_IN + "\",\"modelId\":\"m\"}";

        // when seq 7 and the previous hash are put in
        String line = DecisionLog.chainedLine(body, 7, "ab".repeat(32));

        // then they sit where the mapper puts them, with a NUL where the hash goes
        assertThat(line).isEqualTo("{\"seq\":7,\"hookInstance\":\"h\",\"prev\":\"" + "ab".repeat(32) + "\"\u0000,"
            + "\"modelId\":\"m\"}");
        assertThat(DecisionLog.chainedLine(null, 7, "x")).isNull();
    }

    @Test
    void should_refuse_an_append_when_the_log_is_closed(@TempDir Path dir) throws Exception {
        // given a closed log
        DecisionLog log = DecisionLog.open(dir);
        log.append(record("a"));
        log.close();

        // when/then a later append is refused with the log's error code, and nothing is lost
        assertThatThrownBy(() -> log.append(record("b"))).hasMessageContaining("DXG-0601");
        assertThat(DecisionLog.find(dir, "a")).hasSize(1);
    }

    @Test
    void should_continue_the_chain_when_reopened(@TempDir Path dir) throws Exception {
        try (DecisionLog log = DecisionLog.open(dir)) {
            log.append(record("a"));
        }
        try (DecisionLog log = DecisionLog.open(dir)) {
            assertThat(log.append(record("b")).seq()).isEqualTo(2);
        }

        assertThat(DecisionLog.verify(dir.resolve("audit/decisions.jsonl")))
            .hasValueSatisfying(last -> assertThat(last.hookInstance()).isEqualTo("b"));
        assertThat(DecisionLog.find(dir, "a")).hasSize(1);
    }

    @Test
    void should_detect_an_edited_record(@TempDir Path dir) throws Exception {
        // given
        try (DecisionLog log = DecisionLog.open(dir)) {
            log.append(record("first"));
            log.append(record("second"));
            log.append(record("third"));
        }
        Path file = dir.resolve("audit/decisions.jsonl");
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        lines.set(1, lines.get(1).replace("\"status\":200", "\"status\":412"));
        Files.write(file, lines);

        // when / then
        assertThatThrownBy(() -> DecisionLog.verify(file)).hasMessageContaining("DXG-0602")
            .hasMessageContaining("line 2");
        assertThatThrownBy(() -> DecisionLog.open(dir)).hasMessageContaining("DXG-0602");
    }

    @Test
    void should_detect_a_deleted_record(@TempDir Path dir) throws Exception {
        try (DecisionLog log = DecisionLog.open(dir)) {
            log.append(record("first"));
            log.append(record("second"));
            log.append(record("third"));
        }
        Path file = dir.resolve("audit/decisions.jsonl");
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        lines.remove(1);
        Files.write(file, lines);

        assertThatThrownBy(() -> DecisionLog.verify(file)).hasMessageContaining("line 2");
    }

    @Test
    void should_move_aside_an_unacknowledged_partial_record_when_reopened(@TempDir Path dir) throws Exception {
        try (DecisionLog log = DecisionLog.open(dir)) {
            log.append(record("first"));
        }
        Path file = dir.resolve("audit/decisions.jsonl");
        Files.writeString(file, "{\"seq\":2,\"hookInst", StandardOpenOption.APPEND);

        try (DecisionLog log = DecisionLog.open(dir)) {
            assertThat(log.append(record("second")).seq()).isEqualTo(2);
        }
        assertThat(DecisionLog.verify(file)).hasValueSatisfying(last -> assertThat(last.seq()).isEqualTo(2));
        try (var files = Files.list(file.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).anyMatch(n -> n.contains(".partial-"));
        }
    }
}
