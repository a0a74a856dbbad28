package org.dxguard.rules.facts;

/** A fact that can describe itself for the decision record: resource reference and values, never names. */
public interface Describable {
    String describe();
}
