package org.dxguard.bench.synthea;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * Test support: the product's {@link CohortGenerator} with its cache under the calling module's
 * {@code target/synthea/}, shared by every Synthea test of that module (a seed always gives the same cohort).
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

    /** {@code target/} of the module whose tests run (Maven runs them in the module's directory). */
    private static Path moduleTarget() {
        return Path.of(System.getProperty("user.dir")).toAbsolutePath().resolve("target");
    }
}
