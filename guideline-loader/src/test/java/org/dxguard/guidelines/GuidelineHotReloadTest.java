package org.dxguard.guidelines;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GuidelineHotReloadTest {
    @TempDir
    Path tmp;

    private static boolean within(Duration limit, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(50);
        }
        return condition.getAsBoolean();
    }

    @Test
    void should_change_answers_within_5s_and_refuse_a_broken_edit_when_watching_a_directory() throws Exception {
        // given a watched directory whose rule fires from age 65
        Path dir = Fixtures.copy("mini", tmp.resolve("g"));
        Path drl = dir.resolve("older-adults/rules/glyburide.drl");
        try (GuidelineRepository repo = GuidelineRepository.fromDirectory(dir, true)) {
            assertThat(GuidelineRepositoryTest.ruleIds(repo.engine(), GuidelineRepositoryTest.glyburideAt(62)))
                .isEmpty();

            // when the author lowers the threshold to 60
            Fixtures.replace(drl, "ageYears >= 65", "ageYears >= 60");

            // then the running engine answers with the new rule within 5 s
            assertThat(within(Duration.ofSeconds(5), () -> GuidelineRepositoryTest.ruleIds(repo.engine(),
                GuidelineRepositoryTest.glyburideAt(62)).contains("MINI-SU-001"))).isTrue();
            String good = repo.engine().rulesetVersion();

            // when the author saves a broken edit
            Fixtures.replace(drl, "ageYears >= 60", "ageYears >= ");

            // then it is refused within 5 s and the previous rules keep answering
            assertThat(within(Duration.ofSeconds(5), () -> repo.lastReloadError().isPresent())).isTrue();
            assertThat(repo.lastReloadError()).get().asString().contains("older-adults/rules/glyburide.drl");
            assertThat(repo.engine().rulesetVersion()).isEqualTo(good);
            assertThat(GuidelineRepositoryTest.ruleIds(repo.engine(), GuidelineRepositoryTest.glyburideAt(62)))
                .containsExactly("MINI-SU-001");
        }
    }
}
