package org.dxguard.rules.veto.facts;

/** The id of a guideline excerpt of the active guideline packages: what an explanation may cite as a guideline. */
public record KnownExcerpt(String id) {}
