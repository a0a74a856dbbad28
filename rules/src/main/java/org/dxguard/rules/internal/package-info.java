/** Internals of the rules engine: fact normalisation ({@code FactBuilder}) and a textual DRL scanner for error locations. */
package org.dxguard.rules.internal;
