package org.dxguard.rules.veto.facts;

/**
 * A dose of a drug the text recommends that breaks a limit of the general dose table
 * ({@code guidelines/drug-reference/dose-limits.csv}; VETO-DOSE-001..004). {@code limit} is {@code single},
 * {@code daily} (or weekly), {@code interval}, {@code renal} or {@code hepatic}; {@code detail} says what was stated and
 * what the row allows; {@code row} names the table row and its review status (most rows are {@code verified=no}:
 * entered from knowledge of the US label, not re-read — the reason says so).
 */
public record DoseBreach(String claimId, String drug, String limit, String detail, String row) {}
