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
 */
package org.dxguard.service.audit;
