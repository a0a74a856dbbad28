package org.dxguard.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.dxguard.model.Candidate;
import org.dxguard.model.Code;
import org.dxguard.model.Condition;
import org.dxguard.model.Finding;
import org.dxguard.model.PatientFacts;
import org.dxguard.model.Sex;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Coded findings reach the default graph (issue 18, item 3): SNOMED-coded symptoms rank heart failure. */
class CodedFindingsIT {
    private static KnowledgeGraph graph;

    @BeforeAll
    static void importSynthea() {
        graph = TestGraph.clean();
        graph.imports().importSyntheaModules();
    }

    @Test
    void should_rank_heart_failure_when_dyspnoea_orthopnoea_and_oedema_are_coded_in_snomed() {
        // given the way an EHR codes them (no graph keys): conditions and a finding coded in SNOMED CT
        PatientFacts facts = PatientFacts.builder().ageYears(72).sex(Sex.MALE)
            .condition(new Condition("c1", List.of(Code.snomed("267036007")), "Dyspnea", true, null))
            .condition(new Condition("c2", List.of(Code.snomed("62744007")), "Orthopnea", true, null))
            .finding(Finding.present(Code.snomed("267038008")))
            .build();

        // when
        List<Finding> mapped = graph.findingsFor(facts);
        Differential d = graph.rank(facts, RankQuery.ALL);

        // then
        assertThat(mapped).extracting(f -> f.code().code()).contains("dyspnea", "orthopnea", "edema");
        assertThat(d.candidates()).extracting(Candidate::name).first().isEqualTo("Chronic congestive heart failure");
    }

    @Test
    void should_count_a_snomed_coded_absent_finding_as_absent_when_it_maps_to_a_graph_finding() {
        // given
        PatientFacts facts = PatientFacts.builder().ageYears(40)
            .finding(Finding.present(Code.snomed("49727002")))
            .finding(Finding.absent(Code.snomed("386661006")))
            .build();

        // when
        List<Finding> mapped = graph.findingsFor(facts);

        // then
        assertThat(mapped).contains(new Finding(new Code("urn:dxguard:synthea:symptom", "fever", "Fever"), false, null));
    }

    @Test
    void should_export_codes_and_chinese_synonyms_when_the_vocabulary_is_read() {
        // when
        List<GraphTerm> v = graph.vocabulary();

        // then
        GraphTerm dyspnea = v.stream().filter(t -> t.code().code().equals("dyspnea")).findFirst().orElseThrow();
        assertThat(dyspnea.synonyms()).contains("shortness of breath", "呼吸困难", "气促");
        assertThat(dyspnea.codes()).contains(Code.snomed("267036007"));
        GraphTerm hf = v.stream().filter(t -> t.disease() && t.code().code().equals("88805009")).findFirst()
            .orElseThrow();
        assertThat(hf.synonyms()).contains("心力衰竭");
    }
}
