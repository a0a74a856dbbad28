package org.dxguard.graph.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class ParsingTest {
    @Test
    void should_parse_nested_python_lists_when_reading_ddxplus_cells() throws Exception {
        // when
        Object v = PythonLiterals.parse("[['Guillain-Barré syndrome', 0.25], [\"Crohn's disease\", 1e-3]]");

        // then
        assertThat(v).isEqualTo(List.of(List.of("Guillain-Barré syndrome", 0.25), List.of("Crohn's disease", 0.001)));
    }

    @Test
    void should_split_quoted_fields_when_csv_has_commas_and_quotes() throws Exception {
        // when
        List<List<String>> rows = Csv.read(new BufferedReader(new StringReader(
            "a,b,c\n1,\"x, \"\"y\"\"\",3\r\n")));

        // then
        assertThat(rows).containsExactly(List.of("a", "b", "c"), List.of("1", "x, \"y\"", "3"));
    }

    @Test
    void should_expand_valued_token_to_base_and_value_keys_when_mapping_ddxplus_evidence() {
        // when
        List<String> keys = DdxplusData.graphKeys("E_55_@_V_89");

        // then
        assertThat(keys).containsExactly(Keys.DDXPLUS_EVIDENCE + "|E_55", Keys.DDXPLUS_EVIDENCE + "|E_55=V_89");
        assertThat(DdxplusData.toFinding("E_55_@_V_89").value()).isEqualTo("V_89");
    }

    @Test
    void should_load_symptoms_with_probabilities_when_reading_synthea_modules() {
        // when
        KnowledgeSet ks = SyntheaModules.load();

        // then
        assertThat(ks.diseases()).hasSizeGreaterThanOrEqualTo(25);
        assertThat(ks.diseases()).anySatisfy(d -> assertThat(d.name()).isEqualTo("Appendicitis"));
        assertThat(ks.edges()).anySatisfy(e -> {
            assertThat(e.diseaseKey()).isEqualTo("http://snomed.info/sct|74400008");
            assertThat(e.findingKey()).isEqualTo(Keys.SYNTHEA_SYMPTOM + "|abdominal-pain");
        });
        assertThat(ks.terms()).anySatisfy(t -> assertThat(t.code()).isEqualTo("386661006"));
        assertThat(ks.contentHash()).isEqualTo(SyntheaModules.load().contentHash());
    }
}
