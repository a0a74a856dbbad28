package org.dxguard.service.fhir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.dxguard.service.bench.internal.CohortGenerator;

/**
 * Test support: the product's {@link CohortGenerator} with its cache under this module's {@code target/synthea/},
 * shared by every Synthea test of this module (a seed always gives the same cohort).
 */
public final class SyntheaCohort {
    public static final Instant REFERENCE_TIME = CohortGenerator.REFERENCE_TIME;
    public static final int MIN_AGE = CohortGenerator.MIN_AGE;
    public static final int MAX_AGE = CohortGenerator.MAX_AGE;

    private SyntheaCohort() {}

    /** Where this module's tests cache their cohorts: {@code target/synthea/}. */
    public static Path baseDir() {
        return moduleTarget().resolve("synthea");
    }

    /** The cache directory for a cohort under {@link #baseDir()} (the layout of {@link CohortGenerator#cohort}). */
    public static Path defaultDir(int count, long seed) {
        return baseDir().resolve("seed-" + seed + "-n-" + count);
    }

    /** {@link #generate(Path, int, long)} into {@link #defaultDir(int, long)}. */
    public static List<Path> cohort(int count, long seed) {
        return generate(defaultDir(count, seed), count, seed);
    }

    public static List<Path> generate(Path outDir, int count, long seed) {
        return CohortGenerator.generate(outDir, count, seed);
    }

    /** {@code target/} of this module, whether tests run from the module or the repository root. */
    private static Path moduleTarget() {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        if (Files.isDirectory(dir.resolve("cds-hooks-service")) && !dir.endsWith("cds-hooks-service")) {
            dir = dir.resolve("cds-hooks-service");
        }
        return dir.resolve("target");
    }
}
