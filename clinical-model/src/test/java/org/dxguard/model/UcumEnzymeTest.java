package org.dxguard.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** Enzyme activities (issue 16, ALT): U/L, the enzyme international unit and ukat/L; nothing else is guessed. */
class UcumEnzymeTest {

    @Test
    void should_read_enzyme_activity_units_when_alt_is_reported_in_them() {
        // given the spellings labs use for ALT
        // when they are parsed and converted
        // then U/L and [IU]/L are the same unit (umol/min per litre) and 1 ukat/L is 60 U/L
        assertThat(Ucum.parse("U/L")).get().extracting(Ucum.Unit::dimension)
            .isEqualTo(Ucum.Dimension.CATALYTIC_CONCENTRATION);
        assertThat(Ucum.convert(40, "[IU]/L", "U/L", Double.NaN).getAsDouble()).isEqualTo(40.0);
        assertThat(Ucum.convert(1.2, "µkat/L", "U/L", Double.NaN).getAsDouble()).isCloseTo(72.0, Offset.offset(1e-9));
        assertThat(Ucum.convert(40, "U/L", "mg/dL", Double.NaN)).isEmpty();
        assertThat(Ucum.parse("U")).isEmpty();
    }
}
