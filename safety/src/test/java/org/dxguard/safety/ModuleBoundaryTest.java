package org.dxguard.safety;

import org.dxguard.model.testing.ModuleBoundaries;
import org.junit.jupiter.api.Test;

/** safety uses no other module's internal package (README, "Modules"). */
class ModuleBoundaryTest {
    @Test
    void should_use_no_other_modules_internal_package_when_compiled() {
        ModuleBoundaries.noForeignInternals("org.dxguard.safety").check(ModuleBoundaries.thisModule());
    }
}
