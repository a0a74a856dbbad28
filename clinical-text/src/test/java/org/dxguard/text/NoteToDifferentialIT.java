package org.dxguard.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dxguard.graph.Differential;
import org.dxguard.graph.GraphConfig;
import org.dxguard.graph.KnowledgeGraph;
import org.dxguard.graph.RankQuery;
import org.dxguard.model.Candidate;
import org.dxguard.model.Finding;
import org.dxguard.model.PatientFacts;
import org.dxguard.model.Sex;
import org.dxguard.text.bench.NotesDifferential;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Library-level path of issue 18 on the default graph (Synthea modules): a note (English or Chinese) → clinical-text
 * findings → the graph's ranking. Negated and family-history mentions never count as the patient's findings.
 */
class NoteToDifferentialIT {
    private static Path dir;
    private static KnowledgeGraph graph;
    private static ClinicalText withGraphTerms;
    private static final ClinicalText PACKAGED = ClinicalText.withPackagedLexicon();

    private static final String EN = "CC: breathlessness.\nHPI: 72-year-old man with dyspnoea on exertion, orthopnoea "
        + "and ankle swelling for 2 weeks. Crackles at both bases. Denies chest pain. No fever.\nFH: mother had asthma.";
    private static final String ZH = "主诉：活动后气促2周。\n现病史：患者男，72岁，活动后气促，端坐呼吸，双下肢水肿，双肺底可闻及湿啰音。"
        + "无胸痛，无发热。\n家族史：母亲有哮喘。";

    @BeforeAll
    static void start() throws IOException {
        dir = Files.createTempDirectory("dxguard-text-it");
        graph = KnowledgeGraph.connect(GraphConfig.builder().dataDir(dir.resolve("graph")).build()); // default graph
        withGraphTerms = ClinicalText.builder().lexicon(NotesDifferential.lexicon(graph.vocabulary())).build();
    }

    @AfterAll
    static void stop() throws IOException {
        graph.close();
        try (var s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static Differential rank(List<Finding> findings) {
        PatientFacts facts = PatientFacts.builder().ageYears(72).sex(Sex.MALE).findings(findings).build();
        return graph.rank(RankQuery.of(graph.findingsFor(facts), 72, Sex.MALE, RankQuery.ALL));
    }

    @Test
    void should_rank_heart_failure_first_when_an_english_note_describes_it() {
        // when: graph terms (graph codes) and the packaged lexicon (SNOMED CT codes, mapped by the terminology table)
        Differential byGraphTerms = rank(withGraphTerms.analyze(EN).findings());
        Differential bySnomed = rank(PACKAGED.analyze(EN).findings());

        // then
        assertThat(byGraphTerms.candidates()).extracting(Candidate::name).first()
            .isEqualTo("Chronic congestive heart failure");
        assertThat(bySnomed.candidates()).extracting(Candidate::name).first()
            .isEqualTo("Chronic congestive heart failure");
    }

    @Test
    void should_rank_heart_failure_first_when_a_chinese_note_describes_it() {
        // when
        Differential byGraphTerms = rank(withGraphTerms.analyze(ZH).findings());
        Differential bySnomed = rank(PACKAGED.analyze(ZH).findings());

        // then
        assertThat(byGraphTerms.candidates()).extracting(Candidate::name).first()
            .isEqualTo("Chronic congestive heart failure");
        assertThat(bySnomed.candidates()).extracting(Candidate::name).first()
            .isEqualTo("Chronic congestive heart failure");
    }

    @Test
    void should_not_count_negated_or_family_history_mentions_when_findings_are_read_for_the_graph() {
        // when
        List<Finding> en = withGraphTerms.analyze(EN).findings();
        List<Finding> zh = withGraphTerms.analyze(ZH).findings();

        // then
        for (List<Finding> f : List.of(en, zh)) {
            assertThat(f).filteredOn(x -> x.code().code().equals("chest-pain")).allMatch(x -> !x.present());
            assertThat(f).filteredOn(x -> x.code().code().equals("fever")).allMatch(x -> !x.present());
            assertThat(f).extracting(x -> x.code().code()).doesNotContain("195967001"); // the mother's asthma
        }
    }
}
