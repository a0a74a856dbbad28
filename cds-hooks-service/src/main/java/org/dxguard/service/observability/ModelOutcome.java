package org.dxguard.service.observability;

import java.util.Locale;
import org.dxguard.reasoner.ExplanationOutcome;

/** How one explanation request ended, as counted in {@code dxguard_model_calls_total{outcome="…"}}. */
public enum ModelOutcome {
    /** An explanation came back in time and validated. */
    OK,
    /** The budget ran out; the explanation is still being written. */
    TIMEOUT,
    /** The model server failed (connection, HTTP error, overload). */
    ERROR,
    /** The model answered but its output did not validate (schema, unknown candidates). */
    INVALID,
    /** The circuit breaker refused the call: the server kept failing. */
    CIRCUIT_OPEN;

    /** The Prometheus label value. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * Classifies an outcome from what the explainer reports: PENDING is a timeout; UNAVAILABLE with the model's raw
     * output is an invalid answer, {@code MODEL_UNAVAILABLE} (circuit open) a refused call, otherwise an error.
     */
    public static ModelOutcome of(ExplanationOutcome o) {
        return switch (o.status()) {
            case READY -> OK;
            case PENDING -> TIMEOUT;
            case UNAVAILABLE -> o.rawOutput() != null ? INVALID
                : o.why() == ExplanationOutcome.Reason.MODEL_UNAVAILABLE ? CIRCUIT_OPEN : ERROR;
        };
    }
}
