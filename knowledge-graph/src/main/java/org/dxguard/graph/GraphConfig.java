package org.dxguard.graph;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * How to reach the graph. {@code uri == null} means the embedded Neo4j 5.26 started in-process with its store
 * under {@code dataDir} (Bolt on 127.0.0.1, a free port, auth disabled on loopback). Otherwise {@code uri} is a
 * {@code bolt://}, {@code bolt+s://}, {@code neo4j://} or {@code neo4j+s://} address of a server or cluster.
 * Secrets come from the environment ({@link #fromEnvironment(Map)}); {@link #toString()} never shows the password.
 *
 * @param uri                     server/cluster URI, or null for the embedded default
 * @param user                    user name (server only)
 * @param password                password (server only)
 * @param database                database name, null = the server's default database
 * @param dataDir                 embedded store location (survives restarts)
 * @param loadDefaultOnFirstStart load the shipped default graph (Synthea modules) when the graph is empty
 * @param connectionTimeout       driver connection timeout
 * @param queryTimeout            per-transaction timeout of a ranking
 * @param maxConnectionPoolSize   driver pool size
 */
public record GraphConfig(URI uri, String user, String password, String database, Path dataDir,
                          boolean loadDefaultOnFirstStart, Duration connectionTimeout, Duration queryTimeout,
                          int maxConnectionPoolSize) {
    private static final Set<String> SCHEMES = Set.of("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc");

    public GraphConfig {
        if (uri != null && !SCHEMES.contains(String.valueOf(uri.getScheme()))) {
            throw new IllegalArgumentException("graph URI must use one of " + SCHEMES + ", was " + uri);
        }
        dataDir = dataDir == null ? defaultDataDir() : dataDir;
        connectionTimeout = connectionTimeout == null ? Duration.ofSeconds(5) : connectionTimeout;
        queryTimeout = queryTimeout == null ? Duration.ofSeconds(5) : queryTimeout;
        if (maxConnectionPoolSize < 1) {
            throw new IllegalArgumentException("maxConnectionPoolSize must be >= 1, was " + maxConnectionPoolSize);
        }
        user = user == null || user.isBlank() ? null : user;
        database = database == null || database.isBlank() ? null : database;
    }

    public boolean embedded() {
        return uri == null;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads {@code DXGUARD_NEO4J_URI}, {@code DXGUARD_NEO4J_USER}, {@code DXGUARD_NEO4J_PASSWORD},
     * {@code DXGUARD_NEO4J_DATABASE} and {@code DXGUARD_GRAPH_DIR} (embedded store) from the given environment.
     */
    public static GraphConfig fromEnvironment(Map<String, String> env) {
        Builder b = builder();
        String uri = env.get("DXGUARD_NEO4J_URI");
        if (uri != null && !uri.isBlank()) {
            b.uri(URI.create(uri.trim()));
        }
        b.user(env.get("DXGUARD_NEO4J_USER")).password(env.get("DXGUARD_NEO4J_PASSWORD"))
            .database(env.get("DXGUARD_NEO4J_DATABASE"));
        String dir = env.get("DXGUARD_GRAPH_DIR");
        if (dir != null && !dir.isBlank()) {
            b.dataDir(Path.of(dir));
        }
        return b.build();
    }

    static Path defaultDataDir() {
        return Path.of(System.getProperty("user.home"), ".dxguard", "graph");
    }

    @Override
    public String toString() {
        return "GraphConfig[uri=" + (uri == null ? "embedded" : uri) + ", user=" + user + ", password="
            + (password == null ? "none" : "***") + ", database=" + database + ", dataDir=" + dataDir
            + ", loadDefaultOnFirstStart=" + loadDefaultOnFirstStart + "]";
    }

    /** Builder with defaults: embedded, default data dir, default graph loaded on first start. */
    public static final class Builder {
        private URI uri;
        private String user;
        private String password;
        private String database;
        private Path dataDir;
        private boolean loadDefaultOnFirstStart = true;
        private Duration connectionTimeout = Duration.ofSeconds(5);
        private Duration queryTimeout = Duration.ofSeconds(5);
        private int maxConnectionPoolSize = 50;

        private Builder() {}

        public Builder uri(URI v) { this.uri = v; return this; }
        public Builder uri(String v) { this.uri = v == null ? null : URI.create(v); return this; }
        public Builder user(String v) { this.user = v; return this; }
        public Builder password(String v) { this.password = v; return this; }
        public Builder database(String v) { this.database = v; return this; }
        public Builder dataDir(Path v) { this.dataDir = Objects.requireNonNull(v, "dataDir"); return this; }
        public Builder loadDefaultOnFirstStart(boolean v) { this.loadDefaultOnFirstStart = v; return this; }
        public Builder connectionTimeout(Duration v) { this.connectionTimeout = v; return this; }
        public Builder queryTimeout(Duration v) { this.queryTimeout = v; return this; }
        public Builder maxConnectionPoolSize(int v) { this.maxConnectionPoolSize = v; return this; }

        public GraphConfig build() {
            return new GraphConfig(uri, user, password, database, dataDir, loadDefaultOnFirstStart,
                connectionTimeout, queryTimeout, maxConnectionPoolSize);
        }
    }
}
