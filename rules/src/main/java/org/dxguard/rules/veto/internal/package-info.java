/**
 * Internals of the veto: where a citation sits in a sentence ({@link org.dxguard.rules.veto.internal.Citations}) and
 * which case findings a text names ({@link org.dxguard.rules.veto.internal.FindingNames}), for VETO-GRD-004. Used by
 * {@link org.dxguard.rules.veto.VetoEngine}; not an API.
 */
package org.dxguard.rules.veto.internal;
