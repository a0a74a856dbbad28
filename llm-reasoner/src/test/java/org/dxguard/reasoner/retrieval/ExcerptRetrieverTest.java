package org.dxguard.reasoner.retrieval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.dxguard.model.GuidelineExcerpt;
import org.dxguard.reasoner.ReasonerFixtures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real all-MiniLM-L6-v2 model (in-process ONNX) over a few of the packaged excerpts. */
class ExcerptRetrieverTest {
    private static final AtomicReference<List<GuidelineExcerpt>> EXCERPTS = new AtomicReference<>();
    private static ExcerptRetriever retriever;

    @BeforeAll
    static void load() {
        List<GuidelineExcerpt> list = new ArrayList<>();
        for (String line : ReasonerFixtures.resource("reasoner/excerpts/excerpts.tsv").split("\n")) {
            String[] f = line.split("\t");
            list.add(new GuidelineExcerpt(f[0], f[1], f[2], f[3], "test citation", null));
        }
        EXCERPTS.set(List.copyOf(list));
        retriever = ExcerptRetriever.miniLm(EXCERPTS::get);
    }

    private static List<String> ids(List<ExcerptRetriever.Retrieved> r) {
        return r.stream().map(x -> x.excerpt().id()).toList();
    }

    @Test
    void should_rank_the_matching_excerpt_first_when_a_candidate_names_its_topic() {
        // when
        List<ExcerptRetriever.Retrieved> bronchitis = retriever.retrieve(List.of("Acute bronchitis: cough, fever"), 2, 6);
        List<ExcerptRetriever.Retrieved> ckd = retriever.retrieve(
            List.of("Chronic kidney disease: low eGFR, albumin in urine"), 2, 6);
        List<ExcerptRetriever.Retrieved> gout = retriever.retrieve(List.of("Gout: painful swollen big toe joint"), 2, 6);

        // then
        assertThat(ids(bronchitis)).first().isEqualTo("DX-EXC-001");
        assertThat(ids(ckd)).first().isIn("DX-EXC-013", "ADA-EXC-001");
        assertThat(ids(ckd)).contains("DX-EXC-013");
        assertThat(ids(gout)).first().isEqualTo("DX-EXC-016");
        assertThat(bronchitis).allSatisfy(r -> assertThat(r.score()).isBetween(ExcerptRetriever.DEFAULT_MIN_SCORE, 1.0));
    }

    @Test
    void should_merge_queries_and_cap_the_result_when_several_candidates_are_given() {
        // when
        List<ExcerptRetriever.Retrieved> r = retriever.retrieve(List.of("Acute bronchitis: cough",
            "Urinary tract infection: dysuria", "Gout: joint pain"), 2, 3);

        // then
        assertThat(r).hasSizeLessThanOrEqualTo(3);
        assertThat(ids(r)).doesNotHaveDuplicates();
        assertThat(r).isSortedAccordingTo((a, b) -> Double.compare(b.score(), a.score()));
    }

    @Test
    void should_embed_the_excerpts_once_per_version_when_called_repeatedly() {
        // given
        retriever.warmUp();
        int before = retriever.indexBuilds();
        String version = retriever.indexVersion();

        // when: repeated calls on the same excerpts, then an edit
        retriever.retrieve(List.of("Gout"), 2, 6);
        retriever.retrieve(List.of("Acute bronchitis"), 2, 6);
        int same = retriever.indexBuilds();
        List<GuidelineExcerpt> edited = new ArrayList<>(EXCERPTS.get());
        edited.add(new GuidelineExcerpt("DX-EXC-099", "differential", "Appendicitis", "Periumbilical pain that moves "
            + "to the right lower quadrant, with fever and nausea, suggests appendicitis.", "test citation", null));
        List<GuidelineExcerpt> original = EXCERPTS.getAndSet(List.copyOf(edited));
        try {
            List<ExcerptRetriever.Retrieved> r = retriever.retrieve(List.of("Appendicitis: right lower quadrant pain"), 2, 6);

            // then
            assertThat(same).isEqualTo(before);
            assertThat(retriever.indexBuilds()).isEqualTo(before + 1);
            assertThat(retriever.indexVersion()).isNotEqualTo(version);
            assertThat(ids(r)).first().isEqualTo("DX-EXC-099");
        } finally {
            EXCERPTS.set(original);
        }
    }

    @Test
    void should_retrieve_nothing_when_retrieval_is_off() {
        assertThat(ExcerptRetriever.none().retrieve(List.of("Gout"), 2, 6)).isEmpty();
        assertThat(ExcerptRetriever.none().enabled()).isFalse();
    }
}
