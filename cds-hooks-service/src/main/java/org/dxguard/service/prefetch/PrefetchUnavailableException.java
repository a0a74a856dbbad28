package org.dxguard.service.prefetch;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.dxguard.fhir.FhirErrors;
import org.dxguard.model.DxGuardException;
import org.dxguard.model.ErrorCode;

/**
 * Prefetch data is needed but cannot be obtained: answered with HTTP 412 (CDS Hooks 2.0). The message names every
 * key that could not be resolved and why; {@link #reasons()} gives them per key.
 * Codes: {@link FhirErrors#PREFETCH_UNAVAILABLE} (nothing to fetch from, or the server refused: not retriable) or
 * {@link FhirErrors#PREFETCH_FETCH_FAILED} (5xx, timeout, connection refused: retriable).
 */
public final class PrefetchUnavailableException extends DxGuardException {
    private static final long serialVersionUID = 1L;

    private final transient Map<String, String> reasons;

    PrefetchUnavailableException(ErrorCode code, Map<String, String> reasons, Throwable cause) {
        super(code, message(reasons), cause);
        this.reasons = Collections.unmodifiableMap(new LinkedHashMap<>(reasons));
    }

    private static String message(Map<String, String> reasons) {
        StringBuilder sb = new StringBuilder("prefetch data unavailable for ")
            .append(reasons.size() == 1 ? "key " : "keys ");
        boolean first = true;
        for (Map.Entry<String, String> e : reasons.entrySet()) {
            sb.append(first ? "" : "; ").append('\'').append(e.getKey()).append("': ").append(e.getValue());
            first = false;
        }
        return sb.toString();
    }

    /** Key → why it could not be resolved, in template order. */
    public Map<String, String> reasons() {
        return reasons;
    }

    /** The keys that could not be resolved. */
    public Set<String> keys() {
        return reasons.keySet();
    }

    /** Always 412 (Precondition Failed), as CDS Hooks 2.0 asks. */
    public int httpStatus() {
        return 412;
    }
}
