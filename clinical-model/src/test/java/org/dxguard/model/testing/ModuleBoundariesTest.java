package org.dxguard.model.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.Test;

/** The layout checks catch what they are for, on fixture packages that break them. */
class ModuleBoundariesTest {
    private static final String FIXTURE = "org.dxguard.model.testing.fixture";
    private static final JavaClasses FIXTURES = new ClassFileImporter().importPackages(FIXTURE);

    @Test
    void should_report_the_class_when_it_uses_another_modules_internal_package() {
        // when: the pretend module "leak" uses "other"'s internal class (by its fully qualified name)
        EvaluationResult leak = ModuleBoundaries.noForeignInternals(FIXTURE + ".leak").evaluate(FIXTURES);

        // then
        assertThat(leak.hasViolation()).isTrue();
        assertThat(leak.getFailureReport().getDetails()).anySatisfy(d -> assertThat(d)
            .contains("Leaky.value()").contains("other.internal.Hidden.value()"));
        assertThatThrownBy(() -> ModuleBoundaries.noForeignInternals(FIXTURE + ".leak").check(FIXTURES))
            .isInstanceOf(AssertionError.class).hasMessageContaining("another module's internal package");
    }

    @Test
    void should_allow_a_modules_own_internal_package_when_the_user_is_inside_it() {
        // when: "fixture" as one module holds both the user and the internal package
        EvaluationResult own = ModuleBoundaries.noForeignInternals(FIXTURE).evaluate(FIXTURES);

        // then
        assertThat(own.hasViolation()).isFalse();
    }

    @Test
    void should_report_the_loop_when_two_packages_use_each_other() {
        // when
        EvaluationResult cycles = ModuleBoundaries.noPackageCycles(FIXTURE + ".cycle").evaluate(FIXTURES);

        // then
        assertThat(cycles.hasViolation()).isTrue();
        assertThat(cycles.getFailureReport().toString()).contains("cycle.a").contains("cycle.b");
        assertThat(ModuleBoundaries.noPackageCycles(FIXTURE + ".leak").evaluate(FIXTURES).hasViolation()).isFalse();
    }
}
