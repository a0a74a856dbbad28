package org.dxguard.graph.internal;

import java.nio.file.Path;

/** Placeholder, replaced below. */
public final class CsvKnowledge {
    private CsvKnowledge() {}

    public static KnowledgeSet load(Path p) {
        throw new UnsupportedOperationException("todo");
    }
}
