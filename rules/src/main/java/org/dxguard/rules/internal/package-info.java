/**
 * Internals of the rules engine: fact normalisation ({@code FactBuilder}), a textual DRL scanner for error
 * locations, and {@code RuleBase}, what the one Drools pipeline ({@code RuleSetCompiler}) builds for the guideline
 * rules and the veto rules alike.
 */
package org.dxguard.rules.internal;
