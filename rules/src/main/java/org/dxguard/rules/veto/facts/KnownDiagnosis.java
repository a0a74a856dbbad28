package org.dxguard.rules.veto.facts;

/** A diagnosis a claim may name: a candidate ({@code source = candidate}) or an active recorded condition ({@code record}). */
public record KnownDiagnosis(String key, String name, String source) {}
