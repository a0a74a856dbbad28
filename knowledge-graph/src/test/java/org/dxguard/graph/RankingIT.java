package org.dxguard.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Instant;
import java.util.List;
import org.dxguard.model.Candidate;
import org.dxguard.model.Code;
import org.dxguard.model.Condition;
import org.dxguard.model.DxGuardException;
import org.dxguard.model.Evidence;
import org.dxguard.model.Finding;
import org.dxguard.model.Observation;
import org.dxguard.model.PatientFacts;
import org.dxguard.model.Sex;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RankingIT {
    private static final String LOCAL = "urn:dxguard:local";
    private static KnowledgeGraph graph;

    @BeforeAll
    static void importFixtures() {
        graph = TestGraph.clean();
        graph.imports().importYaml(Fixtures.path("tiny-kb.yaml"));
        graph.imports().importCsv(Fixtures.path("csv-kb"));
    }

    private static Finding present(String code) {
        return Finding.present(Code.of(LOCAL, code));
    }

    @Test
    void should_rank_pneumonia_first_with_its_evidence_when_fever_cough_and_dyspnea() {
        // when
        Differential d = graph.rank(List.of(present("fever"), present("cough"), present("dyspnea")), 50, Sex.MALE, 5);

        // then
        Candidate top = d.candidates().get(0);
        assertThat(top.name()).isEqualTo("Pneumonia");
        assertThat(top.disease()).isEqualTo(new Code("http://snomed.info/sct", "233604007", "Pneumonia"));
        assertThat(top.supporting()).extracting(Evidence::id).containsExactly("ev:cough", "ev:fever", "ev:dyspnea");
        assertThat(top.supporting().get(0).weight()).isEqualTo(0.9);
        assertThat(top.missing()).isEmpty();
        assertThat(d.knowledgeBaseVersion()).startsWith("fixture-1+fixture-csv-1@");
        assertThat(d.candidates()).extracting(Candidate::score).isSortedAccordingTo((a, b) -> Double.compare(b, a));
    }

    @Test
    void should_keep_pulmonary_embolism_when_less_likely_but_severe() {
        // when
        Differential d = graph.rank(List.of(present("fever"), present("cough"), present("dyspnea")), 50, Sex.MALE, 5);

        // then
        Candidate pe = d.candidates().stream().filter(c -> c.name().equals("Pulmonary embolism")).findFirst()
            .orElseThrow();
        assertThat(pe.severity()).isEqualTo(1);
        assertThat(pe.score()).isLessThan(d.candidates().get(0).score());
        assertThat(pe.missing()).extracting(Evidence::id).containsExactly("ev:chest-pain");
    }

    @Test
    void should_lower_a_candidate_when_its_key_finding_is_reported_absent() {
        // given
        List<Finding> base = List.of(present("cough"), present("fever"));

        // when
        double with = scoreOf(graph.rank(base, null, null, 5), "Pneumonia");
        double without = scoreOf(graph.rank(List.of(present("cough"), Finding.absent(Code.of(LOCAL, "fever"))), null,
            null, 5), "Pneumonia");

        // then
        assertThat(without).isLessThan(with);
    }

    @Test
    void should_return_at_most_k_candidates_when_more_qualify() {
        // when
        Differential d = graph.rank(List.of(present("cough"), present("dyspnea"), present("chest-pain"),
            present("runny-nose"), present("fever")), 30, Sex.FEMALE, 1);

        // then
        assertThat(d.candidates()).hasSize(1);
    }

    @Test
    void should_return_empty_differential_when_no_finding_is_known() {
        // when
        Differential d = graph.rank(List.of(present("unknown-thing")), 30, Sex.FEMALE, 5);

        // then
        assertThat(d.isEmpty()).isTrue();
    }

    @Test
    void should_map_conditions_through_terminology_when_ranking_patient_facts() {
        // given: headache and fever coded in SNOMED CT, as an EHR sends them
        PatientFacts facts = PatientFacts.builder().ageYears(30).sex(Sex.FEMALE).asOf(Instant.now())
            .condition(new Condition("c1", List.of(Code.snomed("25064002")), "Headache", true, null))
            .finding(Finding.present(Code.of(LOCAL, "neck-stiffness")))
            .build();

        // when
        Differential d = graph.rank(facts, 3);

        // then
        assertThat(d.candidates()).extracting(Candidate::name).contains("Meningitis");
        assertThat(d.candidates().get(0).supporting()).extracting(Evidence::id).contains("ev:headache");
    }

    @Test
    void should_map_negative_observation_to_absent_finding_when_coded_in_snomed() {
        // given: a cough observation with value "Negative" (SNOMED CT 260385009), fever as a condition
        PatientFacts facts = PatientFacts.builder().asOf(Instant.now())
            .observation(new Observation("o1", List.of(Code.snomed("49727002")), null, null,
                Code.snomed("260385009"), null, null))
            .condition(new Condition("c2", List.of(Code.snomed("386661006")), null, true, null))
            .condition(new Condition("c3", List.of(Code.snomed("29857009")), null, false, null))
            .build();

        // when
        List<Finding> findings = graph.findingsFor(facts);

        // then: inactive chest pain is ignored, not made absent
        assertThat(findings).extracting(f -> f.code().code(), Finding::present)
            .containsExactlyInAnyOrder(tuple("cough", false), tuple("fever", true));
    }

    @Test
    void should_reject_query_when_k_is_not_positive() {
        // when / then
        assertThatThrownBy(() -> graph.rank(List.of(present("cough")), null, null, 0))
            .isInstanceOf(DxGuardException.class).hasMessageStartingWith("DXG-0304");
    }

    @Test
    void should_extract_findings_from_text_when_dictionary_comes_from_graph() {
        // given
        FindingExtractor x = FindingExtractor.fromGraph(graph);

        // when
        List<Finding> f = x.fromText("Febrile with a productive cough; denies chest pain or coughing up blood.");

        // then
        assertThat(f).extracting(e -> e.code().code(), Finding::present).containsExactly(tuple("fever", true),
            tuple("cough", true), tuple("chest-pain", false), tuple("hemoptysis", false));
    }

    private static double scoreOf(Differential d, String name) {
        return d.candidates().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow().score();
    }
}
