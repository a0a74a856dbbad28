package org.dxguard.reasoner;

import java.util.Objects;

/**
 * What an explainer tells a readiness probe: its kind and, when it calls a model (server or embedded), the state of
 * its circuit breaker.
 *
 * @param kind    {@code evidence-only}, {@code model-server}, or the implementation's simple class name
 * @param circuit the circuit breaker's state; null when the explainer calls no model
 */
public record ExplainerHealth(String kind, Circuit circuit) {
    /** The circuit breaker in front of the model: closed (calls go through), half-open (one trial), open. */
    public enum Circuit { CLOSED, HALF_OPEN, OPEN }

    public ExplainerHealth {
        Objects.requireNonNull(kind, "kind must not be null");
    }
}
