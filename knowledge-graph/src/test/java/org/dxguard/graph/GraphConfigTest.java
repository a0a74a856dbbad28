package org.dxguard.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GraphConfigTest {
    @Test
    void should_default_to_embedded_when_no_uri_is_set() {
        // when
        GraphConfig c = GraphConfig.fromEnvironment(Map.of("DXGUARD_GRAPH_DIR", "/tmp/x"));

        // then
        assertThat(c.embedded()).isTrue();
        assertThat(c.dataDir()).isEqualTo(Path.of("/tmp/x"));
        assertThat(c.loadDefaultOnFirstStart()).isTrue();
    }

    @Test
    void should_read_server_settings_and_hide_password_when_uri_is_set() {
        // when
        GraphConfig c = GraphConfig.fromEnvironment(Map.of("DXGUARD_NEO4J_URI", "neo4j://db.example:7687",
            "DXGUARD_NEO4J_USER", "neo4j", "DXGUARD_NEO4J_PASSWORD", "s3cret"));

        // then
        assertThat(c.embedded()).isFalse();
        assertThat(c.user()).isEqualTo("neo4j");
        assertThat(c.toString()).doesNotContain("s3cret").contains("***");
    }

    @Test
    void should_reject_uri_when_scheme_is_not_bolt_or_neo4j() {
        // when / then
        assertThatThrownBy(() -> GraphConfig.builder().uri("http://localhost:7474").build())
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bolt");
    }
}
