package org.dxguard.service;

import org.dxguard.model.testing.ModuleBoundaries;
import org.junit.jupiter.api.Test;

/**
 * The service's packages depend on each other in one direction only: cdshooks (wire model, error codes) at the
 * bottom, the root package (DxGuardServer, which wires everything) at the top (README of cds-hooks-service).
 */
class PackageCyclesTest {
    @Test
    void should_have_no_package_cycle_when_compiled() {
        ModuleBoundaries.noPackageCycles("org.dxguard.service").check(ModuleBoundaries.thisModuleMain());
    }
}
