package org.dxguard.service.observability;

import java.util.function.Supplier;

/** The stages of a hook call that are timed separately ({@code dxguard_stage_seconds{stage="…"}}). */
public enum Stage {
    /**
     * The service's own way in, from the request's arrival (headers read) to its facts mapped: reading the body,
     * the token check, request parsing, prefetch and mapping, before any clinical logic. It spans the stages
     * auth, parse, prefetch and facts and the waits between them.
     */
    INBOUND("inbound"),
    /** JWT verification of the calling EHR. */
    AUTH("auth"),
    /** Request body parsing and validation against the hook's context. */
    PARSE("parse"),
    /** Prefetch resolution: parsing what the EHR sent, fetching what it did not. */
    PREFETCH("prefetch"),
    /** The FHIR server round trips inside prefetch (only when keys were missing). */
    FHIR_FETCH("fhir_fetch"),
    /** FHIR resources → {@code PatientFacts}. */
    FACTS("facts"),
    /** Guideline rules (Drools) and the cards built from their findings. */
    RULES("rules"),
    /** Knowledge-graph findings and ranking. */
    GRAPH("graph"),
    /** Waiting for the explanation (model or evidence-only), within its budget. */
    EXPLANATION("explanation"),
    /** Claim extraction and the guideline veto of the explanation. */
    VETO("veto"),
    /** Writing the decision record (group commit, fsync when configured). */
    AUDIT("audit");

    private final String label;

    Stage(String label) {
        this.label = label;
    }

    /** The Prometheus label value. */
    public String label() {
        return label;
    }

    /**
     * Runs one step of the current request and records its time under this stage, also when it throws: the one way
     * a stage is timed ({@link ServiceMetrics#current()}, a no-op outside a request).
     */
    public <T> T time(Supplier<T> step) {
        long start = System.nanoTime();
        try {
            return step.get();
        } finally {
            ServiceMetrics.current().stage(this, start);
        }
    }
}
