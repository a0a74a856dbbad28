package org.dxguard.fhir;

import org.dxguard.model.ErrorCode;

/**
 * Error codes of the FHIR package (range DXG-0130–0139 of the service block), with the HTTP status the service
 * answers for each.
 */
public final class FhirErrors {
    /** A FHIR resource (request body part, prefetch value, draft orders) is not valid FHIR R4 JSON → HTTP 400. */
    public static final ErrorCode INVALID_FHIR = ErrorCode.of("DXG-0130", false,
        "Send valid FHIR R4 JSON (one resource or a Bundle) with a known resourceType.");
    /** A prefetch value the EHR sent cannot be used → HTTP 400. */
    public static final ErrorCode BAD_PREFETCH = ErrorCode.of("DXG-0131", false,
        "Fix the named prefetch value: it must be a FHIR R4 resource or Bundle, or null for \"no data\".");
    /** Prefetch data is missing and cannot be fetched (no fhirServer, a template token cannot be filled, 4xx
     *  from the FHIR server) → HTTP 412. */
    public static final ErrorCode PREFETCH_UNAVAILABLE = ErrorCode.of("DXG-0132", false,
        "Send the named prefetch keys, or a fhirServer (and fhirAuthorization) from which they can be fetched.");
    /** The FHIR server failed while fetching prefetch data (5xx, timeout, connection refused) → HTTP 412. */
    public static final ErrorCode PREFETCH_FETCH_FAILED = ErrorCode.of("DXG-0133", true,
        "The FHIR server did not answer in time or failed; retry the call, or send the data as prefetch.");

    private FhirErrors() {}

    /** The HTTP status the service answers for one of this class's codes (500 for any other code). */
    public static int httpStatus(ErrorCode code) {
        if (INVALID_FHIR.equals(code) || BAD_PREFETCH.equals(code)) {
            return 400;
        }
        if (PREFETCH_UNAVAILABLE.equals(code) || PREFETCH_FETCH_FAILED.equals(code)) {
            return 412;
        }
        return 500;
    }
}
