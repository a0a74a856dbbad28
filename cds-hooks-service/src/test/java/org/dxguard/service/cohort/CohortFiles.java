package org.dxguard.service.cohort;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dxguard.bench.synthea.SyntheaCohort;

/**
 * A cohort of any size made of cached {@link SyntheaCohort} runs: chunks of at most {@value #CHUNK} patients with
 * seeds {@value #FIRST_SEED}, {@value #FIRST_SEED}+1, ... (Synthea generates at most 200 per run here).
 */
record CohortFiles(List<Path> bundles, List<String> chunks, long generationMs) {
    static final int CHUNK = 120;
    static final long FIRST_SEED = 1000;
    private static final Pattern MS = Pattern.compile("ms=(\\d+)");

    static CohortFiles of(int patients) throws IOException {
        List<Path> bundles = new ArrayList<>();
        List<String> chunks = new ArrayList<>();
        long ms = 0;
        for (int i = 0; bundles.size() < patients; i++) {
            int count = Math.min(CHUNK, patients - bundles.size());
            long seed = FIRST_SEED + i;
            List<Path> files = SyntheaCohort.cohort(count, seed);
            if (files.isEmpty()) {
                throw new IllegalStateException("Synthea produced no patients for seed " + seed);
            }
            bundles.addAll(files.subList(0, Math.min(files.size(), patients - bundles.size())));
            chunks.add(files.size() + " patients, seed " + seed);
            ms += generationMs(SyntheaCohort.defaultDir(count, seed));
        }
        return new CohortFiles(bundles, chunks, ms);
    }

    /** The generation time written in a cached cohort's {@code .complete} marker (0 when absent). */
    static long generationMs(Path cohortDir) throws IOException {
        Path marker = cohortDir.resolve(".complete");
        if (!Files.exists(marker)) {
            return 0;
        }
        Matcher m = MS.matcher(Files.readString(marker));
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }
}
