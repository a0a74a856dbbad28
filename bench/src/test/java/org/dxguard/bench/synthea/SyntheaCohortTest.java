package org.dxguard.bench.synthea;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dxguard.model.testing.RepoPaths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cache rules of SyntheaCohort (no generation happens here). */
class SyntheaCohortTest {

    @Test
    void should_reuse_files_when_directory_holds_a_completed_cohort(@TempDir Path dir) throws IOException {
        // given a completed run
        Files.createDirectories(dir.resolve("fhir"));
        Files.writeString(dir.resolve("fhir/b.json"), "{}");
        Files.writeString(dir.resolve("fhir/a.json"), "{}");
        Files.writeString(dir.resolve(".complete"), "count=2");
        // when
        List<Path> files = SyntheaCohort.generate(dir, 2, 7);
        // then
        assertThat(files).containsExactly(dir.resolve("fhir/a.json"), dir.resolve("fhir/b.json"));
    }

    @Test
    void should_refuse_when_directory_holds_other_files(@TempDir Path dir) throws IOException {
        // given
        Files.writeString(dir.resolve("notes.txt"), "keep me");
        // when / then
        assertThatThrownBy(() -> SyntheaCohort.generate(dir, 2, 7))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("not empty");
        assertThat(dir.resolve("notes.txt")).exists();
    }

    @Test
    void should_reject_count_when_out_of_range(@TempDir Path dir) {
        // when / then
        assertThatThrownBy(() -> SyntheaCohort.generate(dir, 0, 7)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void should_place_default_cache_under_the_repositorys_target() {
        // when
        Path dir = SyntheaCohort.defaultDir(12, 42);
        // then
        assertThat(dir).isEqualTo(RepoPaths.repoRoot().resolve("target/synthea/seed-42-n-12"));
    }

    @Test
    void should_keep_cohorts_without_notes_and_refuse_them_when_notes_are_asked_for(@TempDir Path dir)
        throws IOException {
        // given a completed run generated before notes existed (its marker says nothing of notes), and a notes run
        Path old = dir.resolve(CohortGenerator.Notes.WITHOUT_NOTES.directory(7, 1));
        Files.createDirectories(old.resolve("fhir"));
        Files.writeString(old.resolve("fhir/a.json"), "{}");
        Files.writeString(old.resolve(".complete"), "count=1 seed=7 files=1 ms=5\n");
        Path withNotes = dir.resolve(CohortGenerator.Notes.WITH_NOTES.directory(7, 1));
        Files.createDirectories(withNotes.resolve("fhir"));
        Files.writeString(withNotes.resolve("fhir/b.json"), "{}");
        Files.writeString(withNotes.resolve(".complete"), "count=1 seed=7 files=1 ms=5 notes=true\n");

        // when / then: each kind is read from its own directory; the old run is never taken (nor regenerated) as a
        // notes cohort
        assertThat(old.getFileName().toString()).isEqualTo("seed-7-n-1");
        assertThat(withNotes.getFileName().toString()).isEqualTo("seed-7-n-1-notes");
        assertThat(CohortGenerator.cohort(dir, 1, 7)).containsExactly(old.resolve("fhir/a.json"));
        assertThat(CohortGenerator.cohort(dir, 1, 7, CohortGenerator.Notes.WITH_NOTES))
            .containsExactly(withNotes.resolve("fhir/b.json"));
        assertThatThrownBy(() -> CohortGenerator.generate(old, 1, 7, CohortGenerator.Notes.WITH_NOTES))
            .isInstanceOf(IllegalStateException.class).hasMessageContaining("without clinical notes");
        assertThat(old.resolve("fhir/a.json")).exists();
    }
}
