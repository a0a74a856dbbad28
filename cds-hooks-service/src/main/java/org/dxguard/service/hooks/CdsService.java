package org.dxguard.service.hooks;

import java.util.List;
import org.dxguard.service.cdshooks.Hook;
import org.dxguard.service.cdshooks.ServiceDescriptor;

/** One CDS service: what discovery shows, which hooks it serves, and what it decides for a call. */
public interface CdsService {
    ServiceDescriptor descriptor();

    /**
     * What discovery lists for this service: one entry per hook it serves, all with the same id (CDS Hooks lets one
     * service id serve several hooks, so an EHR can replace the cards of order-select with those of order-sign).
     */
    default List<ServiceDescriptor> descriptors() {
        return List.of(descriptor());
    }

    List<Hook> hooks();

    /**
     * What this service decides for this call: its cards ({@link Decision#none()} when there is nothing to say) and
     * what led to them, which the API layer records. Must not block beyond its own budget.
     */
    Decision decide(HookCall call);

    default String id() {
        return descriptor().id();
    }
}
