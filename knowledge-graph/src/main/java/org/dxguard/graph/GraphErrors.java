package org.dxguard.graph;

import org.dxguard.model.ErrorCode;

/** Stable error codes of the knowledge-graph module (range DXG-0300..0399). */
public final class GraphErrors {
    private GraphErrors() {}

    /** The graph database cannot be reached or answered with a transient error. */
    public static final ErrorCode GRAPH_UNAVAILABLE = ErrorCode.of("DXG-0301", true,
        "Check that Neo4j is running and reachable at DXGUARD_NEO4J_URI (or that the embedded store is not locked); "
            + "the differential card is left out until it is back.");
    /** The embedded Neo4j could not be started. */
    public static final ErrorCode EMBEDDED_START_FAILED = ErrorCode.of("DXG-0302", false,
        "Check that the data directory is writable and not used by another process.");
    /** An import source is missing or malformed. */
    public static final ErrorCode IMPORT_INVALID = ErrorCode.of("DXG-0303", false,
        "Fix the import file (see the format documented in knowledge-graph/README.md) and import again.");
    /** A query argument is invalid (e.g. k < 1). */
    public static final ErrorCode INVALID_QUERY = ErrorCode.of("DXG-0304", false,
        "Pass at least one finding and k >= 1.");
    /** A Cypher statement failed for a non-transient reason (schema or data problem). */
    public static final ErrorCode QUERY_FAILED = ErrorCode.of("DXG-0305", false,
        "Re-import the knowledge base; if it persists, report the logged statement error.");
    /** Authentication against the Neo4j server failed. */
    public static final ErrorCode AUTH_FAILED = ErrorCode.of("DXG-0306", false,
        "Set DXGUARD_NEO4J_USER and DXGUARD_NEO4J_PASSWORD to valid credentials.");
}
