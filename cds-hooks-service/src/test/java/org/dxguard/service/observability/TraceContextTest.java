package org.dxguard.service.observability;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TraceContextTest {
    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String PARENT = "00-" + TRACE + "-00f067aa0ba902b7-01";

    @Test
    void should_take_the_w3c_trace_id_when_traceparent_is_valid() {
        // when
        TraceContext t = TraceContext.from(PARENT, "ignored-request-id");

        // then
        assertThat(t.traceId()).isEqualTo(TRACE);
        assertThat(t.fromTraceparent()).isTrue();
        assertThat(t.responseTraceparent()).matches("00-" + TRACE + "-[0-9a-f]{16}-01")
            .isNotEqualTo(PARENT);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "00-00000000000000000000000000000000-00f067aa0ba902b7-01", // all-zero trace id
        "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01", // all-zero parent id
        "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", // forbidden version
        "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01", // upper case
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra", // v00 with a suffix
        "garbage"})
    void should_ignore_traceparent_when_it_is_malformed(String header) {
        // when
        TraceContext t = TraceContext.from(header, "req-42");

        // then
        assertThat(t.fromTraceparent()).isFalse();
        assertThat(t.traceId()).isEqualTo("req-42");
    }

    @Test
    void should_accept_a_future_version_traceparent_when_its_prefix_is_valid() {
        // when
        TraceContext t = TraceContext.from("01-" + TRACE + "-00f067aa0ba902b7-00-more", null);

        // then
        assertThat(t.traceId()).isEqualTo(TRACE);
    }

    @Test
    void should_generate_a_w3c_id_when_request_id_could_inject_log_text() {
        // when
        TraceContext t = TraceContext.from(null, "abc\nFAKE LOG LINE");

        // then
        assertThat(t.traceId()).matches("[0-9a-f]{32}");
        assertThat(t.responseTraceparent()).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-00");
    }

    @Test
    void should_answer_without_traceparent_when_the_id_came_from_x_request_id() {
        // when
        TraceContext t = TraceContext.from(null, "lb-7f3a:12");

        // then
        assertThat(t.traceId()).isEqualTo("lb-7f3a:12");
        assertThat(t.responseTraceparent()).isNull();
    }

    @Test
    void should_generate_distinct_ids_when_nothing_is_sent() {
        // when
        String a = TraceContext.from(null, null).traceId();
        String b = TraceContext.from(null, null).traceId();

        // then
        assertThat(a).matches("[0-9a-f]{32}").isNotEqualTo(b);
    }
}
