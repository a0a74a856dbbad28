package org.dxguard.service.notes;

import java.time.Instant;
import java.util.Objects;
import org.dxguard.model.FindingSource;

/**
 * One text of the patient's record to read for findings: a note (a {@code DocumentReference}'s attachment), a
 * report ({@code DiagnosticReport.conclusion} or a presented form) or the reason for a visit
 * ({@code Encounter.reasonCode} text).
 *
 * @param resource {@code Type/id} of the resource the text is in (null when it has no id)
 * @param kind     {@link FindingSource#NOTE}, {@link FindingSource#REPORT} or {@link FindingSource#VISIT_REASON}
 * @param date     the resource's date (null when it has none)
 * @param text     the plain text (HTML already turned into text)
 */
public record RecordText(String resource, String kind, Instant date, String text) {
    public RecordText {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(text, "text");
    }
}
