package org.dxguard.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.dxguard.model.Code;
import org.dxguard.model.DxGuardException;
import org.dxguard.model.Finding;
import org.junit.jupiter.api.Test;

class OutageTest {
    @Test
    void should_report_unhealthy_and_retriable_error_when_neo4j_is_unreachable() throws IOException {
        // given: a loopback port nobody listens on
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        GraphConfig config = GraphConfig.builder().uri("bolt://127.0.0.1:" + port).user("neo4j").password("x")
            .connectionTimeout(Duration.ofMillis(500)).build();

        // when
        try (KnowledgeGraph g = KnowledgeGraph.connect(config)) {
            // then
            assertThat(g.healthy()).isFalse();
            assertThatThrownBy(() -> g.rank(List.of(Finding.present(Code.of("urn:x", "fever"))), 40, null, 5))
                .isInstanceOfSatisfying(DxGuardException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(GraphErrors.GRAPH_UNAVAILABLE);
                    assertThat(e.retriable()).isTrue();
                });
        }
    }
}
