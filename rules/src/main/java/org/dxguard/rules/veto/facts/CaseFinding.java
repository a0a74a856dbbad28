package org.dxguard.rules.veto.facts;

/**
 * A finding of this case as a claim may cite it: the evidence id, its label, and whether the patient has it
 * ({@code present}: supporting evidence of some candidate, or a present finding of the record with the same code) or
 * it is only a key finding not (yet) reported ({@code present = false}: missing evidence of every candidate that
 * lists it).
 */
public record CaseFinding(String id, String label, boolean present) {}
