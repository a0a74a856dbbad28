package org.dxguard.text;

/** ConText temporality of a mention: now, in the past, or not about an actual time (if …, return should …). */
public enum Temporality { RECENT, HISTORICAL, HYPOTHETICAL }
