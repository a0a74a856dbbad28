package org.dxguard.service.hooks;

import java.net.URI;
import java.util.Objects;
import org.dxguard.model.PatientFacts;
import org.dxguard.service.audit.DecisionDraft;
import org.dxguard.service.cdshooks.CdsRequest;

/**
 * One hook call after validation, prefetch and mapping: what a service needs to decide.
 *
 * @param baseUrl the base URL the caller called (its scheme, host and port, as checked against the token's
 *                {@code aud}, or {@code --public-url}): links in cards point there; null when unknown
 */
public record HookCall(String serviceId, CdsRequest request, PatientFacts facts, String callerIssuer,
                       DecisionDraft record, URI baseUrl) {
    public HookCall {
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(serviceId, "serviceId");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(facts, "facts");
    }

    public HookCall(String serviceId, CdsRequest request, PatientFacts facts, String callerIssuer,
                    DecisionDraft record) {
        this(serviceId, request, facts, callerIssuer, record, null);
    }
}
