package org.dxguard.service.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.dxguard.service.audit.DecisionLog;
import org.dxguard.service.audit.DecisionRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The console's API logic without HTTP: paging and filtering the decision log, escaping, the admin token. */
class ConsoleApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HOSTILE = "</pre><script>alert('x')</script><img src=x onerror=alert(1)>";

    private static DecisionRecord record(int i, String service, String rule, String rawOutput) {
        List<DecisionRecord.Fired> fired = rule == null ? List.of()
            : List.of(new DecisionRecord.Fired(rule, "1.0.0", List.of("Observation/egfr-1 eGFR 25")));
        List<DecisionRecord.CardSummary> cards = rule == null ? List.of()
            : List.of(new DecisionRecord.CardSummary("card-" + i, "critical", "summary " + i, "source", rule));
        return new DecisionRecord(0, "instance-" + i, service, "order-sign", "https://ehr.example.org",
            Instant.parse("2026-01-01T00:00:00Z").plusSeconds(i), 1000, 200, "sha", "rules@1", fired, cards, null,
            null, null, rawOutput == null ? null : "model-x", rawOutput == null ? null : "p1", rawOutput, null, null,
            null, rawOutput == null ? null : "shown", null, null);
    }

    @Test
    void should_page_newest_first_when_listing_decisions(@TempDir Path dir) throws Exception {
        // given 30 records
        try (DecisionLog log = DecisionLog.open(dir)) {
            for (int i = 1; i <= 30; i++) {
                log.append(record(i, "dxguard-medication-sign", "ADA-MET-001", null));
            }
        }
        DecisionIndex index = new DecisionIndex(dir);

        // when
        DecisionIndex.Page first = index.page(null, null, 0, 25);
        DecisionIndex.Page second = index.page(null, null, 1, 25);
        DecisionIndex.Page beyond = index.page(null, null, 7, 25);

        // then
        assertThat(first.total()).isEqualTo(30);
        assertThat(first.items()).hasSize(25).first().extracting(DecisionIndex.Entry::seq).isEqualTo(30L);
        assertThat(second.items()).extracting(DecisionIndex.Entry::seq).containsExactly(5L, 4L, 3L, 2L, 1L);
        assertThat(beyond.items()).isEmpty();
    }

    @Test
    void should_keep_only_matching_records_when_filtered_by_service_and_rule(@TempDir Path dir) throws Exception {
        // given
        try (DecisionLog log = DecisionLog.open(dir)) {
            log.append(record(1, "dxguard-medication-sign", "ADA-MET-001", null));
            log.append(record(2, "dxguard-medication-select", "ADA-MET-001", null));
            log.append(record(3, "dxguard-medication-sign", "ONC-DDI-003", null));
            log.append(record(4, "dxguard-differential", null, null));
        }
        DecisionIndex index = new DecisionIndex(dir);

        // when / then
        assertThat(index.page(null, "ADA-MET-001", 0, 10).items()).extracting(DecisionIndex.Entry::hookInstance)
            .containsExactly("instance-2", "instance-1");
        assertThat(index.page("dxguard-medication-sign", null, 0, 10).items())
            .extracting(DecisionIndex.Entry::hookInstance).containsExactly("instance-3", "instance-1");
        assertThat(index.page("dxguard-medication-sign", "ADA-MET-001", 0, 10).total()).isEqualTo(1);
        assertThat(index.services()).containsExactly("dxguard-differential", "dxguard-medication-select",
            "dxguard-medication-sign");
    }

    @Test
    void should_see_records_appended_after_the_first_read_when_refreshed(@TempDir Path dir) throws Exception {
        // given an index that has read the log once
        try (DecisionLog log = DecisionLog.open(dir)) {
            log.append(record(1, "dxguard-medication-sign", "ADA-MET-001", null));
            DecisionIndex index = new DecisionIndex(dir);
            assertThat(index.page(null, null, 0, 10).total()).isEqualTo(1);

            // when the running service appends another
            log.append(record(2, "dxguard-medication-sign", "ADA-MET-001", HOSTILE));

            // then it is listed, and its detail is read from its own line
            assertThat(index.page(null, null, 0, 10).total()).isEqualTo(2);
            assertThat(index.record(2)).get().extracting(DecisionRecord::rawOutput).isEqualTo(HOSTILE);
            assertThat(index.record(1)).get().extracting(DecisionRecord::hookInstance).isEqualTo("instance-1");
            assertThat(index.record(3)).isEmpty();
        }
    }

    @Test
    void should_escape_markup_characters_when_writing_hostile_model_output_as_json(@TempDir Path dir) throws Exception {
        // given a record whose raw model output is hostile markup
        DecisionRecord r = record(1, "dxguard-differential", null, HOSTILE);

        // when
        byte[] json = ConsoleApi.write(new ConsoleApi.DecisionDetail(r, List.of()));

        // then no markup character survives in the bytes, and the JSON still carries the exact text
        String text = new String(json, StandardCharsets.UTF_8);
        assertThat(text).doesNotContain("<").doesNotContain(">").doesNotContain("'").contains("\\u003Cscript");
        JsonNode parsed = JSON.readTree(json);
        assertThat(parsed.at("/record/rawOutput").asText()).isEqualTo(HOSTILE);
    }

    @Test
    void should_write_an_owner_only_token_file_when_created(@TempDir Path dir) throws Exception {
        // when
        ConsoleAuth auth = ConsoleAuth.create(dir, Clock.systemUTC());

        // then
        Path file = dir.resolve("console-token");
        String token = Files.readString(file).strip();
        assertThat(token).hasSizeGreaterThanOrEqualTo(43);
        assertThat(Files.getPosixFilePermissions(file))
            .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertThat(auth.tokenMatches(token)).isTrue();
        assertThat(auth.tokenMatches(token + "x")).isFalse();
        assertThat(auth.tokenMatches("")).isFalse();
        assertThat(auth.tokenMatches(null)).isFalse();
    }

    @Test
    void should_issue_a_new_token_when_the_service_restarts(@TempDir Path dir) throws Exception {
        // given
        ConsoleAuth first = ConsoleAuth.create(dir, Clock.systemUTC());
        String old = Files.readString(dir.resolve("console-token")).strip();

        // when
        ConsoleAuth second = ConsoleAuth.create(dir, Clock.systemUTC());

        // then
        assertThat(second.tokenMatches(old)).isFalse();
        assertThat(first.tokenMatches(old)).isTrue();
    }

    @Test
    void should_end_a_session_when_it_expires_or_logs_out(@TempDir Path dir) {
        // given a clock we move
        AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
        Clock clock = new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        };
        ConsoleAuth auth = ConsoleAuth.create(dir, clock);
        String a = auth.newSession();
        String b = auth.newSession();

        // when / then
        assertThat(Set.of(a, b)).hasSize(2);
        assertThat(auth.validSession(a)).isTrue();
        auth.endSession(b);
        assertThat(auth.validSession(b)).isFalse();
        now.set(now.get().plus(ConsoleAuth.SESSION_LIFETIME).plus(Duration.ofSeconds(1)));
        assertThat(auth.validSession(a)).isFalse();
        assertThat(auth.validSession(null)).isFalse();
        assertThat(auth.validSession("forged")).isFalse();
    }
}
