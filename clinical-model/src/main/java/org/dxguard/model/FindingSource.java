package org.dxguard.model;

import java.time.Instant;

/**
 * Where a finding was read (its provenance), so that a card and a prompt can cite it ("note of today, HPI: 'cough
 * for three weeks'"): the resource it came from ({@code DocumentReference/123}, {@code Observation/t1}; null when
 * unknown), what kind of source that is, the source's date, the section of the text, the character span
 * {@code [start, end)} in the source's text (UTF-16 offsets; -1 when the finding was not read from text) and a short
 * quote around the mention.
 *
 * <p>The quote is <strong>de-identified</strong> by whoever builds the source (names, identifiers, dates replaced
 * with placeholders), so that it may be shown, recorded and put in a model's prompt; the span indexes the original
 * text, which only the record holds.
 *
 * @param kind    what the source is: {@link #NOTE}, {@link #REPORT}, {@link #VISIT_REASON}, {@link #MEASURED}
 *                (a vital sign or lab value over a threshold) or {@link #CODED} (a coded condition or observation)
 * @param section the section of the text (e.g. {@code HPI}, {@code CHIEF_COMPLAINT}), null when none
 * @param quote   de-identified words around the mention, or for a measured value the value and unit; null when none
 * @param measured for a {@link #MEASURED} source, the observation's code, value and unit as recorded, so that a card
 *                 names and formats it in its own language (issue 20); null otherwise
 */
public record FindingSource(String resource, String kind, Instant date, String section, int start, int end,
                            String quote, Measured measured) {
    public static final String NOTE = "note";
    public static final String REPORT = "report";
    public static final String VISIT_REASON = "visit-reason";
    public static final String MEASURED = "measured";
    public static final String CODED = "coded";

    /** A measured value as recorded: the observation's code (its display as sent), value and UCUM unit (may be null). */
    public record Measured(Code code, double value, String unit) {
        public Measured {
            java.util.Objects.requireNonNull(code, "measured code");
        }

        /** The value as a card shows it: whole numbers without decimals, else one decimal. */
        public String valueText() {
            return value == Math.rint(value) && Math.abs(value) < 1e9 ? Long.toString((long) value)
                : String.format(java.util.Locale.ROOT, "%.1f", value);
        }
    }

    /** A source without a measured value. */
    public FindingSource(String resource, String kind, Instant date, String section, int start, int end,
                         String quote) {
        this(resource, kind, date, section, start, end, quote, null);
    }

    public FindingSource {
        Checks.requireText(kind, "finding source kind");
        resource = Checks.blankToNull(resource);
        section = Checks.blankToNull(section);
        quote = Checks.blankToNull(quote);
        if (start < -1 || end < start) {
            throw new IllegalArgumentException("finding source span must satisfy -1 <= start <= end, was [" + start
                + ", " + end + ")");
        }
    }

    /** A source that is not text (a coded condition or observation, a measured value). */
    public static FindingSource of(String resource, String kind, Instant date, String quote) {
        return new FindingSource(resource, kind, date, null, -1, -1, quote);
    }

    /** A measured value's source: the Observation, its date, the English quote (record, prompts) and the value's parts. */
    public static FindingSource measured(String resource, Instant date, String quote, Measured measured) {
        return new FindingSource(resource, MEASURED, date, null, -1, -1, quote, measured);
    }

    /** True when the finding was read from text (a note, a report, a visit reason) and has a span. */
    public boolean fromText() {
        return start >= 0;
    }
}
