package org.dxguard.rules;

/** A compiled rule: its id and version annotations, DRL name, file and line of its declaration. */
public record RuleInfo(String ruleId, String version, String name, String file, int line) {}
