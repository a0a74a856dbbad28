package org.dxguard.service.feedback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.dxguard.service.Fixtures;
import org.dxguard.service.cdshooks.CdsJson;
import org.dxguard.service.cdshooks.FeedbackRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeedbackStoreTest {
    private final FeedbackRequest spec = CdsJson.create().parseFeedback(Fixtures.bytes("cdshooks/feedback-request.json"));

    @Test
    void should_store_once_when_same_card_and_timestamp_reported_twice(@TempDir Path dir) {
        try (FeedbackStore store = FeedbackStore.open(dir)) {
            // when
            int first = store.record("svc", "iss", spec);
            int second = store.record("svc", "iss", spec);

            // then
            assertThat(first).isEqualTo(2);
            assertThat(second).isZero();
            assertThat(store.all()).hasSize(2);
        }
    }

    @Test
    void should_keep_feedback_when_reopened(@TempDir Path dir) {
        // given
        try (FeedbackStore store = FeedbackStore.open(dir)) {
            store.record("svc", "iss", spec);
        }

        // when
        try (FeedbackStore reopened = FeedbackStore.open(dir)) {
            // then
            assertThat(reopened.all()).extracting(StoredFeedback::card)
                .containsExactly("9368d37b-283f-44a0-93ea-547cebab93ed", "f4c1a1d6-1e3b-4e35-9a63-1f4b2c7d1a10");
            assertThat(reopened.all().get(0).overrideReasonCode()).isEqualTo("reason-code-provided-by-service");
            assertThat(reopened.record("svc", "iss", spec)).isZero();
        }
    }

    @Test
    void should_move_partial_last_line_aside_when_crash_left_one(@TempDir Path dir) throws Exception {
        // given a log whose last record was cut by a crash before it was acknowledged
        try (FeedbackStore store = FeedbackStore.open(dir)) {
            store.record("svc", "iss", spec);
        }
        Path log = dir.resolve("feedback/feedback.jsonl");
        Files.writeString(log, "{\"serviceId\":\"svc\",\"card\":\"cut", StandardCharsets.UTF_8,
            StandardOpenOption.APPEND);

        // when
        try (FeedbackStore reopened = FeedbackStore.open(dir)) {
            // then
            assertThat(reopened.all()).hasSize(2);
            try (var files = Files.list(dir.resolve("feedback"))) {
                assertThat(files.map(p -> p.getFileName().toString()))
                    .anyMatch(n -> n.startsWith("feedback.jsonl.partial-"));
            }
        }
    }

    @Test
    void should_refuse_to_open_when_a_complete_line_is_corrupt(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("feedback"));
        Files.writeString(dir.resolve("feedback/feedback.jsonl"), "not json\n");

        assertThatThrownBy(() -> FeedbackStore.open(dir)).hasMessageContaining("line 1")
            .hasMessageContaining("not modified");
        assertThat(Files.readString(dir.resolve("feedback/feedback.jsonl"))).isEqualTo("not json\n");
    }
}
