package org.dxguard.text;

/** ConText negation status of a mention. */
public enum Negation { AFFIRMED, NEGATED, POSSIBLE }
