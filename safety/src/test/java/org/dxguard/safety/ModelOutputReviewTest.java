package org.dxguard.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.dxguard.guidelines.GuidelineRepository;
import org.dxguard.model.Candidate;
import org.dxguard.model.DxGuardException;
import org.dxguard.model.Evidence;
import org.dxguard.model.Sex;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ModelOutputReview} without the model: the case read back from a real differential-tiny-v1 prompt, the
 * independent mis-pair count, and the review of targets (one correct, one with two citations swapped) through the
 * real parser, claim extraction and veto.
 */
class ModelOutputReviewTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static GuidelineRepository repo;
    private static ModelOutputReview review;

    @BeforeAll
    static void setUp() {
        repo = GuidelineRepository.packagedDefaults();
        review = ModelOutputReview.with(ExplanationGuard.over(repo));
    }

    @AfterAll
    static void tearDown() {
        repo.close();
    }

    private static Path fixture(String name) throws URISyntaxException {
        return Path.of(ModelOutputReviewTest.class.getResource("/safety/model-outputs/" + name).toURI());
    }

    private static String prompt() throws Exception {
        String line = Files.readAllLines(fixture("targets.jsonl"), StandardCharsets.UTF_8).get(0);
        return JSON.readTree(line).at("/messages/1/content").asText();
    }

    @Test
    void should_rebuild_patient_candidates_and_evidence_when_reading_a_prompt() throws Exception {
        // given
        String prompt = prompt();

        // when
        ModelOutputReview.Case c = ModelOutputReview.parse(prompt);

        // then
        assertThat(c.facts().ageYears()).isEqualTo(85);
        assertThat(c.facts().sex()).isEqualTo(Sex.FEMALE);
        assertThat(c.facts().findings()).hasSize(3);
        assertThat(c.candidates()).extracting(Candidate::name)
            .containsExactly("Rheumatoid arthritis", "Gout", "COVID-19", "Cystic fibrosis", "Appendicitis");
        Candidate ra = c.candidates().get(0);
        assertThat(ra.supporting()).extracting(Evidence::id).containsExactly("ev:fever", "ev:joint-pain", "ev:joint-swelling");
        assertThat(ra.missing()).extracting(Evidence::id).containsExactly("ev:fatigue", "ev:joint-stiffness");
        assertThat(c.labels()).hasSize(20).containsEntry("E2", "Joint Pain").containsEntry("E18", "Bloating/Gas");
        assertThat(c.evidenceIds()).hasSize(20);
        assertThat(c.evidenceIds().get(11 - 1)).isEqualTo("ev:diarrhea");
    }

    @Test
    void should_count_a_mispair_when_a_label_is_cited_with_another_findings_alias() {
        // given
        Map<String, String> labels = Map.of("E1", "Fever", "E2", "Joint Pain", "E3", "Joint Swelling");

        // when
        List<String> swapped = ModelOutputReview.mispairs("score 0.50: Fever [E2], Joint Pain [E1] and Joint Swelling [E3]", labels);
        List<String> right = ModelOutputReview.mispairs("score 0.50: Fever [E1], Joint Pain [E2] and Joint Swelling [E3]", labels);
        List<String> unknownLabel = ModelOutputReview.mispairs("score 0.50: Headache [E1]", labels);

        // then
        assertThat(swapped).containsExactly("Fever [E2] (is Joint Pain)", "Joint Pain [E1] (is Fever)");
        assertThat(right).isEmpty();
        assertThat(unknownLabel).isEmpty();
    }

    @Test
    void should_veto_only_the_swapped_citations_when_judging_targets(@TempDir Path dir) throws Exception {
        // given: the first line is an exported target as written, the second the same with E1 and E2 swapped
        ModelOutputReview.Options options = new ModelOutputReview.Options(fixture("targets.jsonl"), null, 10, true, dir, 1);

        // when
        ModelOutputReview.Result r = review.review(options);

        // then
        assertThat(r.source()).isEqualTo("targets");
        assertThat(r.answers()).isEqualTo(2);
        assertThat(r.parserRejected()).isZero();
        assertThat(r.vetoed()).isEqualTo(1);
        assertThat(r.vetoedWithoutCitationRules()).isZero();
        assertThat(r.grd004Outputs()).isEqualTo(1);
        assertThat(r.grd004Claims()).isGreaterThanOrEqualTo(2);
        assertThat(r.outputsByRule()).containsEntry("VETO-GRD-004", 1);
        assertThat(r.mispairedOutputs()).isEqualTo(1);
        assertThat(r.mispairedCaught()).isEqualTo(1);
        assertThat(r.grd004WithoutMispair()).isZero();
        assertThat(r.lines()).contains("vetoed=1", "vetoed_by.VETO-GRD-004=1", "mispaired_caught_by_GRD004=1");
        List<String> written = Files.readAllLines(dir.resolve("embedded-outputs.jsonl"), StandardCharsets.UTF_8);
        assertThat(written).hasSize(2);
        assertThat(JSON.readTree(written.get(0)).get("vetoes")).isEmpty();
        assertThat(JSON.readTree(written.get(1)).get("vetoes").get(0).asText()).startsWith("VETO-GRD-004: ");
    }

    @Test
    void should_skip_every_prompt_when_the_exclude_file_holds_them() throws Exception {
        // given
        Path data = fixture("targets.jsonl");

        // when
        ModelOutputReview.Result r = review.review(new ModelOutputReview.Options(data, data, 10, true, null, 1));

        // then
        assertThat(r.answers()).isZero();
        assertThat(r.skipped()).isEqualTo(2);
    }

    @Test
    void should_stop_at_n_answers_when_the_file_holds_more() throws Exception {
        // given
        ModelOutputReview.Options options = new ModelOutputReview.Options(fixture("targets.jsonl"), null, 1, true, null, 1);

        // when
        ModelOutputReview.Result r = review.review(options);

        // then
        assertThat(r.answers()).isEqualTo(1);
        assertThat(r.vetoed()).isZero();
    }

    @Test
    void should_name_the_file_and_line_when_a_line_has_no_chat_messages(@TempDir Path dir) throws Exception {
        // given
        Path data = dir.resolve("no-messages.jsonl");
        Files.writeString(data, "\n{\"meta\":{\"promptVersion\":\"differential-tiny-v1\"}}\n");

        // when / then
        assertThatThrownBy(() -> review.review(new ModelOutputReview.Options(data, null, 3, true, null, 1)))
            .isInstanceOf(DxGuardException.class)
            .hasMessageContaining("DXG-0632")
            .hasMessageContaining(data + " line 2 has no user prompt and assistant target");
    }
}
