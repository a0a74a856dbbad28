package org.dxguard.text;

import org.dxguard.model.ErrorCode;

/** Stable error codes of the clinical-text module (range DXG-0800..0849). */
public final class TextErrors {
    private TextErrors() {}

    /** The text is empty or only whitespace. */
    public static final ErrorCode EMPTY_TEXT = ErrorCode.of("DXG-0800", false,
        "Send the note's text (plain text, UTF-8); it was empty.");
    /** The text looks binary (NUL or many control characters), not a note. */
    public static final ErrorCode BINARY_TEXT = ErrorCode.of("DXG-0801", false,
        "Send plain UTF-8 text; convert PDFs and word-processor files to text first.");
    /** The text is longer than the limit. */
    public static final ErrorCode TEXT_TOO_LARGE = ErrorCode.of("DXG-0802", false,
        "Split the document (one note per call) or send at most 1 MB (1,048,576 bytes of UTF-8).");
    /** A lexicon, trigger or table data file (packaged or supplied) is malformed. */
    public static final ErrorCode INVALID_DATA = ErrorCode.of("DXG-0803", false,
        "Fix the named data file (format in clinical-text/README.md) and load it again.");
    /** A term supplied to the lexicon is invalid (no id, no synonyms, no code). */
    public static final ErrorCode INVALID_TERM = ErrorCode.of("DXG-0804", false,
        "Give every term an id, a kind, at least one synonym and at least one code.");
    /** The requested language is not supported. */
    public static final ErrorCode UNSUPPORTED_LANGUAGE = ErrorCode.of("DXG-0805", false,
        "Use language en or zh (or leave it out to detect it from the text).");
    /** A ConText evaluation file is malformed. */
    public static final ErrorCode INVALID_EVALUATION_FILE = ErrorCode.of("DXG-0806", false,
        "Give a tab-separated file with the NegEx/ConText test-set columns: line number, condition, sentence, "
            + "negation, temporality, experiencer (one header line).");
    /** Writing FHIR failed (an internal error: the analysis could not be expressed as FHIR R4). */
    public static final ErrorCode FHIR_WRITE_FAILED = ErrorCode.of("DXG-0807", false,
        "Report the note's language and size with the message; the analysis itself is still available.");
}
