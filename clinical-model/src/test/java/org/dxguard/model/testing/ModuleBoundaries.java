package org.dxguard.model.testing;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The build's checks of the module layout (README, "Modules"), run by a test in each module (ArchUnit over the
 * compiled classes, so a fully qualified name counts as much as an import):
 * <ul>
 *   <li>{@link #noForeignInternals}: no class of a module, main or test, uses another module's {@code …internal}
 *       package; public API is what crosses a module boundary;</li>
 *   <li>{@link #noPackageCycles}: the packages of a module (its root package and each package below it) import each
 *       other in no loop.</li>
 * </ul>
 */
public final class ModuleBoundaries {
    private ModuleBoundaries() {}

    /** This module's compiled main and test classes ({@code target/classes}, {@code target/test-classes}). */
    public static JavaClasses thisModule() {
        return importFrom(RepoPaths.moduleTarget().resolve("classes"), RepoPaths.moduleTarget().resolve("test-classes"));
    }

    /** This module's compiled main classes ({@code target/classes}). */
    public static JavaClasses thisModuleMain() {
        return importFrom(RepoPaths.moduleTarget().resolve("classes"));
    }

    private static JavaClasses importFrom(Path... dirs) {
        List<Path> present = new ArrayList<>();
        for (Path d : dirs) {
            if (Files.isDirectory(d)) {
                present.add(d);
            }
        }
        return new ClassFileImporter().importPaths(present);
    }

    /** No class may depend on a class in an {@code org.dxguard…internal} package outside {@code rootPackage}. */
    public static ArchRule noForeignInternals(String rootPackage) {
        return noClasses().should().dependOnClassesThat(resideInAPackage("org.dxguard..internal..")
                .and(not(resideInAPackage(rootPackage + ".."))))
            .as("no class of " + rootPackage + " uses another module's internal package")
            .because("a module's public API is what other modules may use (README, \"Modules\"); add what is "
                + "needed to it instead");
    }

    /**
     * The packages of the module rooted at {@code rootPackage} (the root package itself, and each first-level
     * package with everything below it) have no dependency cycle.
     */
    public static ArchRule noPackageCycles(String rootPackage) {
        return slices().assignedFrom(new SliceAssignment() {
            @Override
            public SliceIdentifier getIdentifierOf(JavaClass c) {
                String p = c.getPackageName();
                if (p.equals(rootPackage)) {
                    return SliceIdentifier.of(rootPackage);
                }
                if (!p.startsWith(rootPackage + ".")) {
                    return SliceIdentifier.ignore();
                }
                String rest = p.substring(rootPackage.length() + 1);
                int dot = rest.indexOf('.');
                return SliceIdentifier.of(rootPackage + "." + (dot < 0 ? rest : rest.substring(0, dot)));
            }

            @Override
            public String getDescription() {
                return "the packages of " + rootPackage;
            }
        }).should().beFreeOfCycles()
            .because("each package should depend only on packages below it, so that it reads on its own");
    }
}
