package org.dxguard.graph;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dxguard.model.testing.RepoPaths;

/** Locates ../shared/data/ddxplus ({@link RepoPaths}) and writes the fixed DDXPlus split. */
final class TestData {
    private TestData() {}

    /** The DDXPlus directory; the test is skipped (assumption) only when the shared data is truly absent. */
    static Path ddxplusDir() {
        Path found = RepoPaths.sharedData().map(d -> d.resolve("ddxplus"))
            .filter(d -> Files.isRegularFile(d.resolve("patients_dev.csv"))).orElse(null);
        assumeTrue(found != null, "shared/data/ddxplus not found above " + System.getProperty("user.dir"));
        return found;
    }

    /**
     * The fixed split used everywhere (tests, docs/BENCHMARKS.md): data rows of patients_dev.csv with an even
     * 0-based index train, odd ones test. Writes {@code train.csv} and {@code test.csv} into {@code dir}.
     */
    static Path[] split(Path ddxplus, Path dir) {
        try {
            List<String> lines = readRecords(ddxplus.resolve("patients_dev.csv"));
            List<String> train = new ArrayList<>(List.of(lines.get(0)));
            List<String> test = new ArrayList<>(List.of(lines.get(0)));
            for (int i = 1; i < lines.size(); i++) {
                ((i - 1) % 2 == 0 ? train : test).add(lines.get(i));
            }
            Files.createDirectories(dir);
            Path tr = dir.resolve("train.csv");
            Path te = dir.resolve("test.csv");
            Files.write(tr, train, StandardCharsets.UTF_8);
            Files.write(te, test, StandardCharsets.UTF_8);
            return new Path[] {tr, te};
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** CSV records (a quoted field never spans lines in this file; checked). */
    private static List<String> readRecords(Path csv) throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(csv, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            if (line.chars().filter(c -> c == '"').count() % 2 != 0) {
                throw new IllegalStateException("multi-line CSV record in " + csv);
            }
            out.add(line);
        }
        return out;
    }
}
