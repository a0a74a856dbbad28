package org.dxguard.service.hooks;

import java.util.Objects;
import org.dxguard.model.PatientFacts;
import org.dxguard.service.audit.DecisionDraft;
import org.dxguard.service.cdshooks.CdsRequest;

/** One hook call after validation, prefetch and mapping: what a service needs to decide. */
public record HookCall(String serviceId, CdsRequest request, PatientFacts facts, String callerIssuer,
                       DecisionDraft record) {
    public HookCall {
        Objects.requireNonNull(record, "record");
        Objects.requireNonNull(serviceId, "serviceId");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(facts, "facts");
    }
}
