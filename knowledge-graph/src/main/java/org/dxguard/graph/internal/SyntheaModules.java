package org.dxguard.graph.internal;

/** Placeholder, replaced below. */
public final class SyntheaModules {
    private SyntheaModules() {}

    public static KnowledgeSet load() {
        throw new UnsupportedOperationException("todo");
    }
}
