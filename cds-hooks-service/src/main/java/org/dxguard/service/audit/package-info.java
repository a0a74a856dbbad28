/**
 * The decision record: why each answer was given, for reviewers and for replay.
 *
 * <p>Entry point: {@link org.dxguard.service.audit.DecisionLog#open(java.nio.file.Path)}. Each hook call yields one
 * {@link org.dxguard.service.audit.DecisionRecord} (hook instance, service, time, SHA-256 of the request body, rule
 * set version, rules fired with the facts they fired on, the cards returned) appended as a JSON line to
 * {@code <data-dir>/audit/decisions.jsonl}. Appends are group-committed: a writer thread writes every pending
 * record, forces the file to disk once, then releases the callers, so the EHR never receives an answer whose record
 * could be lost by a crash. Each line carries the hash of the previous one ({@code prev}) and its own
 * ({@code hash} = SHA-256 of prev + the record), so any edit, deletion or reordering is detected by
 * {@link org.dxguard.service.audit.DecisionLog#verify(java.nio.file.Path)}.
 *
 * <p>Reading (safe while the service appends): {@link org.dxguard.service.audit.DecisionLog#scan} reads the complete
 * records from a byte offset on (the console's incremental index), {@code find} and {@code readAll} build on it, and
 * {@link org.dxguard.service.audit.AuditStats} joins the log with the feedback log into cards, overrides and vetoes
 * per rule ({@code dxguard audit stats} and the console's override page).
 */
package org.dxguard.service.audit;
