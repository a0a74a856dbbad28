/**
 * Durable clinician feedback (accepted / overridden cards).
 *
 * <p>Entry point: {@link org.dxguard.service.feedback.FeedbackStore#open(java.nio.file.Path)}. Records are appended
 * as JSON lines to {@code <data-dir>/feedback/feedback.jsonl} and forced to disk before the EHR gets its 200, so an
 * acknowledged outcome survives a crash. The same card reported again with the same outcome timestamp is
 * acknowledged but stored once (idempotency key: card uuid + outcome timestamp). A partial last line left by a crash
 * is moved aside to {@code feedback.jsonl.partial-<time>} on open, never silently dropped.
 */
package org.dxguard.service.feedback;
