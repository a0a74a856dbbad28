package org.dxguard.text;

import java.time.LocalDate;

/**
 * What {@code POST /text/extract} and {@code dxguard text extract} take: the text, its language (null = detect),
 * the patient the resources are about ({@code Patient/<id>}; null = a reference by description only) and the date
 * of the note (null = unknown; with it, a stated duration becomes an onset date).
 */
public record ExtractRequest(String text, Language language, String patientId, LocalDate noteDate) {
    public static ExtractRequest of(String text) {
        return new ExtractRequest(text, null, null, null);
    }
}
