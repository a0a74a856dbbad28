package org.dxguard.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The process environment is read in one place, {@link AppEnvironment}, when the command line starts; every module
 * below takes what it needs as configuration (README "Configuration"). ServiceConfig's XDG_DATA_HOME (the
 * platform's data-directory convention, not a dxguard setting) is the one documented exception.
 */
class EnvironmentReadOnceTest {
    @Test
    void should_read_the_process_environment_only_in_AppEnvironment_when_any_module_is_compiled() {
        // given every production class of every module on app's class path
        JavaClasses production = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(location -> !location.contains("-tests.jar"))
            .importPackages("org.dxguard");
        assertThat(production.contain("org.dxguard.service.DxGuardServer")).isTrue();

        // then only AppEnvironment (and the documented XDG exception) call System.getenv
        noClasses().that().doNotHaveFullyQualifiedName(AppEnvironment.class.getName())
            .and().doNotHaveFullyQualifiedName("org.dxguard.service.ServiceConfig")
            .should().callMethod(System.class, "getenv")
            .orShould().callMethod(System.class, "getenv", String.class)
            .because("DXGUARD_* is read once, by the command line (issue 14)")
            .check(production);
    }

    @Test
    void should_keep_only_dxguard_variables_when_reading_the_environment() {
        // given
        Map<String, String> env = Map.of("DXGUARD_NEO4J_URI", "neo4j://db:7687", "HOME", "/root", "PATH", "/bin");

        // when
        Map<String, String> read = AppEnvironment.read(env);

        // then
        assertThat(read).containsOnlyKeys("DXGUARD_NEO4J_URI");
    }
}
