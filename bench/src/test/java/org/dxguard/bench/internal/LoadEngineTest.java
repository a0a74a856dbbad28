package org.dxguard.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LoadEngineTest {
    private static final URI SIGN = URI.create("http://localhost:1/cds-services/dxguard-medication-sign");
    private static final URI SELECT = URI.create("http://localhost:1/cds-services/dxguard-medication-select");

    private static LoadEngine.Call call(URI url) {
        return LoadEngine.Call.of(url.getPath(), url, "{}");
    }

    @Test
    void should_count_the_tokens_each_audience_draws_when_the_sequence_is_cycled_from_a_given_call() {
        // given: sign, select, select (cycled)
        List<LoadEngine.Call> calls = List.of(call(SIGN), call(SELECT), call(SELECT));

        // when
        Map<String, Long> fromStart = LoadEngine.countByAudience(calls, 0, 7);   // s e e s e e s
        Map<String, Long> fromSecond = LoadEngine.countByAudience(calls, 1, 7);  // e e s e e s e

        // then
        assertThat(fromStart).containsEntry(SIGN.toString(), 3L).containsEntry(SELECT.toString(), 4L);
        assertThat(fromSecond).containsEntry(SIGN.toString(), 2L).containsEntry(SELECT.toString(), 5L);
        assertThat(LoadEngine.countByAudience(calls, 0, 0)).isEmpty();
        assertThat(LoadEngine.countByAudience(calls, 5, 1)).containsExactly(Map.entry(SELECT.toString(), 1L));
    }

    @Test
    void should_tell_open_from_closed_loop_when_paced() {
        // given / when
        LoadEngine.Pacing open = LoadEngine.Pacing.fixedRate(250);
        LoadEngine.Pacing closed = LoadEngine.Pacing.closedLoop();

        // then
        assertThat(open.open()).isTrue();
        assertThat(open.mode()).isEqualTo("open");
        assertThat(closed.open()).isFalse();
        assertThat(closed.mode()).isEqualTo("closed");
        assertThatThrownBy(() -> LoadEngine.Pacing.fixedRate(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LoadEngine.Pacing.fixedRate(Double.NaN))
            .isInstanceOf(IllegalArgumentException.class);
    }
}
