package org.dxguard.model.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where tests find the repository, {@code ../shared} and their module's {@code target/}: the one copy of "walk up
 * from {@code user.dir}" for every module's tests (clinical-model's test-jar). Maven runs a module's tests in the
 * module's directory; these also work from the repository root.
 */
public final class RepoPaths {
    private RepoPaths() {}

    private static Path workingDir() {
        return Path.of(System.getProperty("user.dir")).toAbsolutePath().normalize();
    }

    /** The repository root: the nearest directory at or above {@code user.dir} with {@code mvnw} and {@code guidelines/}. */
    public static Path repoRoot() {
        for (Path p = workingDir(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("mvnw")) && Files.isDirectory(p.resolve("guidelines"))) {
                return p;
            }
        }
        throw new IllegalStateException("no repository root (mvnw and guidelines/) at or above " + workingDir());
    }

    /** A path inside the repository, e.g. {@code repo("safety/starter")}. */
    public static Path repo(String relative) {
        return repoRoot().resolve(relative);
    }

    /**
     * The {@code shared/} folder beside the repository (a {@code shared} child with {@code data/} of any directory
     * at or above {@code user.dir}); empty when this checkout has none.
     */
    public static Optional<Path> shared() {
        for (Path p = workingDir(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared");
            if (Files.isDirectory(candidate.resolve("data"))) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** {@code shared/data}, when present. */
    public static Optional<Path> sharedData() {
        return shared().map(s -> s.resolve("data"));
    }

    /** {@code target/} of the module whose tests run. */
    public static Path moduleTarget() {
        return workingDir().resolve("target");
    }
}
