package org.dxguard.service.ask;

import org.dxguard.model.ErrorCode;

/** Error codes of Ask dxguard and the SMART app (DXG-0850…0899). */
public final class AskErrors {
    private AskErrors() {}

    /** The question request is malformed; the message names the field. */
    public static final ErrorCode BAD_REQUEST = ErrorCode.of("DXG-0850", false,
        "Send {\"question\": \"…\", \"patientId\": \"…\", and either \"fhirServer\" (+ \"fhirAuthorization\") or "
            + "\"prefetch\"}; \"language\" is optional (en or zh). See README, 'Ask dxguard'.");
    /** The record read does not belong to the patient asked about (or to the SMART session's patient). */
    public static final ErrorCode PATIENT_MISMATCH = ErrorCode.of("DXG-0851", false,
        "The data read for this question belongs to another patient than the one asked about; nothing was answered. "
            + "Check the prefetch or the FHIR server's search results.");
    /** A SMART app session asked about another patient than the one it was launched for. */
    public static final ErrorCode SESSION_PATIENT = ErrorCode.of("DXG-0852", false,
        "An app session answers questions about the patient it was launched for only; reopen the app from that "
            + "patient's chart.");
    /** The message files of Ask are incomplete (a build problem). */
    public static final ErrorCode MESSAGES = ErrorCode.of("DXG-0853", false,
        "A clinician text of Ask is missing from org/dxguard/service/ask/messages*.properties; rebuild the service.");
    /** SMART App Launch configuration or launch failed (see the message). */
    public static final ErrorCode SMART = ErrorCode.of("DXG-0860", false,
        "Check --smart-clients (the EHRs whose FHIR servers may launch the app) and the EHR's SMART configuration; "
            + "then launch the app again from the EHR.");
    /** The SMART client's key could not be created or read under the data directory. */
    public static final ErrorCode SMART_KEY = ErrorCode.of("DXG-0861", false,
        "The SMART client key under <data-dir>/secrets could not be written or read; check the directory's permissions.");
}
