package org.dxguard.service.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class MetricsRouteTest {

    @Test
    void should_treat_only_loopback_callers_as_local_when_no_token_is_set() {
        // when / then
        assertThat(MetricsRoute.loopback(new InetSocketAddress("127.0.0.1", 5000))).isTrue();
        assertThat(MetricsRoute.loopback(new InetSocketAddress("::1", 5000))).isTrue();
        assertThat(MetricsRoute.loopback(new InetSocketAddress("10.1.2.3", 5000))).isFalse();
        assertThat(MetricsRoute.loopback(InetSocketAddress.createUnresolved("localhost", 5000))).isFalse();
        assertThat(MetricsRoute.loopback(null)).isFalse();
    }
}
