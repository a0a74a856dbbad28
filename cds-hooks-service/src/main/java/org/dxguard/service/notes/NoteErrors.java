package org.dxguard.service.notes;

import org.dxguard.model.ErrorCode;

/**
 * Error codes of reading the record's texts and of {@code POST /text/extract} (DXG-0150…0169). Texts that cannot
 * be read are left out of the differential (the call goes on); their codes go to the decision record's notes and
 * DEBUG logs, never the text itself.
 */
public final class NoteErrors {
    private NoteErrors() {}

    public static final ErrorCode BAD_TEXT_REQUEST = ErrorCode.of("DXG-0150", false,
        "Send a JSON object {\"text\": \"…\", \"language\": \"en\"|\"zh\" (optional), \"patientId\": \"…\" (optional)}; "
            + "text must be a non-empty string of at most 1 MB.");
    public static final ErrorCode ATTACHMENT_UNSUPPORTED = ErrorCode.of("DXG-0151", false,
        "Only text/plain and text/html attachments (inline data or a url on the FHIR server) are read; other "
            + "content types (PDF, images, RTF) are left out of the differential.");
    public static final ErrorCode ATTACHMENT_UNREADABLE = ErrorCode.of("DXG-0152", false,
        "The attachment's text is empty, binary, not valid in its charset, or larger than 1 MB; it was left out.");
    public static final ErrorCode ATTACHMENT_NOT_FETCHED = ErrorCode.of("DXG-0153", true,
        "The attachment's url could not be fetched from the FHIR server (timeout, HTTP error); it was left out. "
            + "Prefetch the document with inline data, or check the FHIR server.");
    public static final ErrorCode ATTACHMENT_FOREIGN_URL = ErrorCode.of("DXG-0154", false,
        "The attachment's url is not on the call's fhirServer; it is not fetched (the FHIR token is never sent to "
            + "another origin). Send the data inline or host it on the FHIR server.");
}
