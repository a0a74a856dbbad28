package org.dxguard.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.dxguard.graph.DdxplusNotes;
import org.dxguard.text.bench.NotesDifferential;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The differential from notes on DDXPlus (docs/BENCHMARKS.md): train on even rows, notes of the odd rows in English
 * and Chinese, renderer A (ours, tuned on) and B (written differently, not tuned on). Asserts issue 18's targets
 * (card shown >= 95 %, GTPA@1 >= 0.90, GTPA@5 >= 0.97, DDF1 >= 0.70) where the measured figures reach them and the
 * measured level where they do not (see the comments). A benchmark of several minutes (4 × 653 notes into the
 * embedded graph), so it runs on demand, not in every {@code ./mvnw verify} ({@code NoteToDifferentialIT} is the
 * per-build check of the same path):
 * {@code ./mvnw -B -pl clinical-text -am verify -Ddxguard.bench.notes=true -Dit.test=NotesDifferentialIT -Dtest=none
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@EnabledIfSystemProperty(named = "dxguard.bench.notes", matches = "true")
class NotesDifferentialIT {
    private static final Logger LOG = LoggerFactory.getLogger(NotesDifferentialIT.class);

    @Test
    void should_reach_the_targets_when_notes_are_read_into_the_ddxplus_graph() throws Exception {
        // given
        Path dir = null;
        for (Path p = Path.of(System.getProperty("user.dir")).toAbsolutePath(); p != null && dir == null;
             p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("shared/data/ddxplus/patients_dev.csv"))) {
                dir = p.resolve("shared/data/ddxplus");
            }
        }
        Assumptions.assumeTrue(dir != null, "shared/data/ddxplus not found");

        // when
        List<String> lines = NotesDifferential.run(dir, "final", List.of("en", "zh"),
            List.of(DdxplusNotes.Style.A, DdxplusNotes.Style.B));

        // then
        lines.forEach(l -> LOG.info("notes {}", l));
        Map<String, Double> v = new HashMap<>();
        for (String l : lines) {
            String[] kv = l.split("=", 2);
            try {
                v.put(kv[0], Double.parseDouble(kv[1]));
            } catch (NumberFormatException ignored) {
                // split=final
            }
        }
        for (String lang : List.of("en", "zh")) {
            for (String style : List.of("a", "b")) {
                String p = "notes_" + lang + "_" + style + "_";
                assertThat(v.get(p + "card_shown")).as(p + "card_shown").isGreaterThanOrEqualTo(0.95);
                assertThat(v.get(p + "GTPA@1")).as(p + "GTPA@1").isGreaterThanOrEqualTo(THRESHOLDS.get(p + "GTPA@1"));
                assertThat(v.get(p + "GTPA@5")).as(p + "GTPA@5").isGreaterThanOrEqualTo(THRESHOLDS.get(p + "GTPA@5"));
                assertThat(v.get(p + "DDF1")).as(p + "DDF1").isGreaterThanOrEqualTo(THRESHOLDS.get(p + "DDF1"));
            }
        }
    }

    /** Issue targets (0.90 / 0.97 / 0.70), lowered to the measured level where not reached (docs/BENCHMARKS.md). */
    private static final Map<String, Double> THRESHOLDS = new HashMap<>();

    static {
        for (String lang : List.of("en", "zh")) {
            for (String style : List.of("a", "b")) {
                String p = "notes_" + lang + "_" + style + "_";
                THRESHOLDS.put(p + "GTPA@1", 0.90);
                THRESHOLDS.put(p + "GTPA@5", 0.97);
                THRESHOLDS.put(p + "DDF1", 0.70);
            }
        }
    }
}
