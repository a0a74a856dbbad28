package org.dxguard.graph;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.dxguard.model.DxGuardException;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Neo4j 5.26 DBMS started in-process with its store under a data directory (so the graph survives restarts) and
 * the Bolt connector on 127.0.0.1 with a free port. Auth is disabled: the connector only listens on loopback.
 * Clients use the ordinary neo4j-java-driver against {@link #boltUri()} (same code path as a server).
 */
public final class EmbeddedNeo4j implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedNeo4j.class);

    private final DatabaseManagementService dbms;
    private final URI boltUri;
    private final Path dataDir;

    private EmbeddedNeo4j(DatabaseManagementService dbms, URI boltUri, Path dataDir) {
        this.dbms = dbms;
        this.boltUri = boltUri;
        this.dataDir = dataDir;
    }

    /** Starts (or re-opens) the store under {@code dataDir}. Takes seconds: start once per process. */
    public static EmbeddedNeo4j start(Path dataDir) {
        long t0 = System.nanoTime();
        Path home = dataDir.toAbsolutePath().normalize();
        DxGuardException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            int port = freePort();
            DatabaseManagementService dbms = null;
            try {
                Files.createDirectories(home);
                dbms = new DatabaseManagementServiceBuilder(home)
                    .setConfig(BoltConnector.enabled, true)
                    .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                    .setConfig(BoltConnector.advertised_address, new SocketAddress("127.0.0.1", port))
                    .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                    .setConfig(GraphDatabaseSettings.auth_enabled, false)
                    .setConfig(GraphDatabaseSettings.pagecache_memory, 64L * 1024 * 1024)
                    .setConfig(GraphDatabaseSettings.keep_logical_logs, "false")
                    .setConfig(GraphDatabaseSettings.transaction_timeout, Duration.ofMinutes(10))
                    .build();
                dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME); // fails fast if it did not start
                URI uri = URI.create("bolt://127.0.0.1:" + port);
                LOG.info("embedded Neo4j started at {} with store {} in {} ms", uri, home,
                    (System.nanoTime() - t0) / 1_000_000);
                return new EmbeddedNeo4j(dbms, uri, home);
            } catch (IOException | RuntimeException e) {
                if (dbms != null) {
                    try {
                        dbms.shutdown();
                    } catch (RuntimeException ignored) {
                        // best effort
                    }
                }
                last = new DxGuardException(GraphErrors.EMBEDDED_START_FAILED,
                    "embedded Neo4j could not start with store " + home + " (" + e.getMessage() + ")", e);
                LOG.warn("embedded Neo4j start attempt {} failed: {}", attempt + 1, e.toString());
            }
        }
        throw last;
    }

    public URI boltUri() {
        return boltUri;
    }

    public Path dataDir() {
        return dataDir;
    }

    @Override
    public void close() {
        dbms.shutdown();
        LOG.info("embedded Neo4j with store {} stopped", dataDir);
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new DxGuardException(GraphErrors.EMBEDDED_START_FAILED, "no free loopback port: " + e.getMessage(), e);
        }
    }
}
