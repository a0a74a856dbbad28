package org.dxguard.service.cdshooks;

import org.dxguard.model.ErrorCode;

/**
 * Error codes owned by the service (DXG-0100…0199). Authentication codes (0110–0129) live in
 * {@code org.dxguard.service.auth}, FHIR and prefetch codes (0130–0149) in {@code org.dxguard.fhir.FhirErrors} (fhir-facts).
 */
public final class ServiceErrors {
    private ServiceErrors() {}

    public static final ErrorCode INTERNAL = ErrorCode.of("DXG-0100", true,
        "Unexpected server error; the decision was not made. Retry; if it persists, report the trace id.");
    public static final ErrorCode MALFORMED_JSON = ErrorCode.of("DXG-0101", false,
        "The request body is not valid JSON; send a JSON object as the CDS Hooks spec describes.");
    public static final ErrorCode INVALID_REQUEST = ErrorCode.of("DXG-0102", false,
        "The request is valid JSON but not a valid CDS Hooks request; fix the field named in the message.");
    public static final ErrorCode UNKNOWN_SERVICE = ErrorCode.of("DXG-0103", false,
        "No CDS service has this id; GET /cds-services lists the ids.");
    public static final ErrorCode PAYLOAD_TOO_LARGE = ErrorCode.of("DXG-0104", false,
        "The request body is larger than the configured limit (--max-body-bytes).");
    public static final ErrorCode METHOD_NOT_ALLOWED = ErrorCode.of("DXG-0105", false,
        "This path does not accept this HTTP method.");
    public static final ErrorCode UNSUPPORTED_MEDIA_TYPE = ErrorCode.of("DXG-0106", false,
        "Send the body as application/json.");
    public static final ErrorCode STORAGE_FAILED = ErrorCode.of("DXG-0107", true,
        "The data directory could not be written; check disk space and permissions, then retry.");
    public static final ErrorCode INVALID_CONFIG = ErrorCode.of("DXG-0108", false,
        "The configuration is invalid; fix the flag or DXGUARD_* variable named in the message.");
    public static final ErrorCode NOT_FOUND = ErrorCode.of("DXG-0109", false,
        "Nothing is served at this path; the CDS Hooks endpoints are under /cds-services.");
    /** A {@code fhirServer} in plain {@code http://} that is not on loopback (issue 13). */
    public static final ErrorCode INSECURE_FHIR_SERVER = ErrorCode.of("DXG-0134", false,
        "Send an https:// fhirServer. Plain http:// is accepted only on loopback, or when the service is started with "
            + "--allow-insecure-fhir (test systems only).");
    public static final ErrorCode BODY_UNREADABLE = ErrorCode.of("DXG-0190", false,
        "The request body could not be read (the connection ended before the declared length, or the chunked "
            + "encoding is invalid); send the whole body and retry.");
    public static final ErrorCode BAD_HTTP = ErrorCode.of("DXG-0191", false,
        "The HTTP request itself is malformed or too large (request line, headers, framing); fix the client.");
}
