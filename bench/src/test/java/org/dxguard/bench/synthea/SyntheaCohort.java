package org.dxguard.bench.synthea;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.dxguard.model.testing.RepoPaths;

/**
 * Test support: the product's {@link CohortGenerator} with its cache under the repository's {@code target/synthea/},
 * shared by the Synthea tests of every module (a seed always gives the same cohort).
 */
public final class SyntheaCohort {
    public static final Instant REFERENCE_TIME = CohortGenerator.REFERENCE_TIME;
    public static final int MIN_AGE = CohortGenerator.MIN_AGE;
    public static final int MAX_AGE = CohortGenerator.MAX_AGE;

    private SyntheaCohort() {}

    /**
     * Where the Synthea tests of every module cache their cohorts: the repository's {@code target/synthea/} (the
     * parent's build directory; {@code ./mvnw clean} removes it), so that a cohort is generated once per build.
     */
    public static Path baseDir() {
        return RepoPaths.repo("target/synthea");
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

}
