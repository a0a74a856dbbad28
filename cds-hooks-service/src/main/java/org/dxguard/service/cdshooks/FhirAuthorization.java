package org.dxguard.service.cdshooks;

/**
 * The OAuth 2.0 access token the EHR lends for FHIR reads. Never logged, never stored. {@code patient} is optional.
 */
public record FhirAuthorization(String accessToken, String tokenType, long expiresIn, String scope, String subject,
                                String patient) {
    @Override
    public String toString() {
        return "FhirAuthorization[tokenType=" + tokenType + ", scope=" + scope + ", accessToken=<redacted>]";
    }
}
