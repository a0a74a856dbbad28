package org.dxguard.service.notes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.dxguard.model.Code;
import org.dxguard.model.Finding;
import org.dxguard.model.FindingSource;
import org.dxguard.service.Fixtures;
import org.dxguard.text.ClinicalText;
import org.dxguard.text.PatientIdentity;
import org.junit.jupiter.api.Test;

/** Findings of a note with their provenance and de-identified quotes (packaged lexicon: SNOMED CT codes). */
class NoteFindingsTest {
    private static final ClinicalText TEXT = ClinicalText.withPackagedLexicon();
    private static final Instant NOW = Instant.parse("2026-12-07T09:00:00Z");

    private static PatientIdentity identity(String fixture) throws Exception {
        return PatientIdentities.of(new ObjectMapper().readTree(Fixtures.text("notes/" + fixture)));
    }

    private static List<Finding> read(String note, String patient) throws Exception {
        return NoteFindings.read(TEXT, List.of(new RecordText("DocumentReference/n1", FindingSource.NOTE, NOW,
            Fixtures.text("notes/" + note))), identity(patient), NOW).findings();
    }

    private static Finding find(List<Finding> findings, String snomed) {
        return findings.stream().filter(f -> f.code().is(Code.SNOMED, snomed)).findFirst().orElseThrow();
    }

    @Test
    void should_cite_each_finding_with_section_span_and_quote_when_an_english_note_is_read() throws Exception {
        // when
        List<Finding> f = read("hf-en.txt", "patient-en.json");

        // then: orthopnoea present from the HPI, chest pain and fever absent (negated), the mother's asthma not there
        Finding orthopnoea = find(f, "62744007");
        assertThat(orthopnoea.present()).isTrue();
        assertThat(orthopnoea.source().resource()).isEqualTo("DocumentReference/n1");
        assertThat(orthopnoea.source().section()).isEqualTo("HPI");
        assertThat(Fixtures.text("notes/hf-en.txt").substring(orthopnoea.source().start(), orthopnoea.source().end()))
            .isEqualTo("orthopnoea");
        assertThat(orthopnoea.source().quote()).contains("orthopnoea and ankle swelling for 2 weeks")
            .doesNotStartWith("year-old"); // a long sentence is cut between tokens, not inside "72-year-old"
        assertThat(orthopnoea.code().display()).isEqualTo("orthopnea"); // the term's label names the SNOMED CT code
        assertThat(find(f, "29857009").present()).isFalse();
        assertThat(find(f, "29857009").source().quote()).isEqualTo("Denies chest pain.");
        assertThat(find(f, "386661006").present()).isFalse();
        assertThat(f).noneMatch(x -> x.code().is(Code.SNOMED, "195967001")); // asthma: the mother's
    }

    @Test
    void should_keep_every_identifier_out_of_the_quotes_when_notes_name_the_patient() throws Exception {
        // when
        List<Finding> en = read("hf-en.txt", "patient-en.json");
        List<Finding> zh = read("hf-zh.txt", "patient-zh.json");

        // then
        assertThat(en).isNotEmpty();
        assertThat(zh).isNotEmpty();
        for (Finding x : List.of(en, zh).stream().flatMap(List::stream).toList()) {
            assertThat(x.source().quote()).as(x.toString()).doesNotContain("Carter", "John", "48213377", "555-201",
                "2026-12-05", "张伟", "110105195003120039", "13812345678", "建国路", "2026年12月5日");
        }
        assertThat(en).anySatisfy(x -> assertThat(x.source().quote()).contains("[NAME]"));
        assertThat(zh).anySatisfy(x -> assertThat(x.source().quote()).contains("端坐呼吸"));
    }

    @Test
    void should_make_a_fever_finding_when_a_note_states_a_temperature_over_the_threshold() {
        // when
        List<Finding> f = NoteFindings.read(TEXT, List.of(new RecordText("DocumentReference/n2", FindingSource.NOTE,
            NOW, "Vitals: T 38.6 C, HR 112, RR 18, SpO2 95%.")), PatientIdentity.none(), NOW).findings();

        // then: fever and tachycardia, each citing the measured value
        assertThat(f).filteredOn(Finding::present).extracting(x -> x.code().code())
            .contains("386661006", "3424008").doesNotContain("271823003");
        assertThat(find(f, "386661006").source().quote()).contains("38.6");
        assertThat(find(f, "386661006").source().section()).isEqualTo("vitals");
    }

    /** A real Synthea patient and its clinical notes (the latest two, base64 text/plain attachments) as generated. */
    private record SyntheaNotes(JsonNode patient, List<RecordText> notes, List<String> names) {
        static SyntheaNotes of(String fixture) throws Exception {
            JsonNode patient = null;
            List<RecordText> notes = new ArrayList<>();
            for (JsonNode e : new ObjectMapper().readTree(Fixtures.text("notes/" + fixture)).path("entry")) {
                JsonNode r = e.path("resource");
                if (r.path("resourceType").asText().equals("Patient")) {
                    patient = r;
                } else {
                    notes.add(new RecordText("DocumentReference/" + r.path("id").asText(), FindingSource.NOTE,
                        Instant.parse(r.path("date").asText().replace("+00:00", "Z")), new String(Base64.getDecoder()
                            .decode(r.at("/content/0/attachment/data").asText()), StandardCharsets.UTF_8)));
                }
            }
            List<String> names = new ArrayList<>();
            for (JsonNode n : patient.path("name")) {
                names.add(n.path("family").asText());
                n.path("given").forEach(g -> names.add(g.asText()));
            }
            return new SyntheaNotes(patient, notes, names);
        }
    }

    @Test
    void should_remove_the_patients_names_when_a_real_synthea_note_names_the_patient() throws Exception {
        for (String fixture : List.of("synthea-notes-kris.json", "synthea-notes-gleason.json")) {
            // given a generated Synthea patient whose notes begin the history with the patient's given name(s)
            SyntheaNotes s = SyntheaNotes.of(fixture);
            PatientIdentity identity = PatientIdentities.of(s.patient());
            assertThat(s.notes()).hasSize(2);
            assertThat(s.notes()).allSatisfy(n -> assertThat(n.text()).contains(s.names().get(1)));

            // when the service de-identifies the notes and reads their findings
            List<String> texts = s.notes().stream().map(n -> TEXT.deidentify(n.text(), identity,
                n.date().atOffset(java.time.ZoneOffset.UTC).toLocalDate()).text()).toList();
            List<Finding> f = NoteFindings.read(TEXT, s.notes(), identity, NOW).findings();

            // then: neither the de-identified text nor any quote holds a name (given, family, maiden) or the note's
            // exact date; the findings of the chief complaint are still read
            assertThat(texts).allSatisfy(t -> assertThat(t).as(fixture).doesNotContain(s.names())
                .doesNotContainPattern("\\d{4}-\\d{2}-\\d{2}").contains("[NAME]"));
            assertThat(f).as(fixture).isNotEmpty().allSatisfy(x -> assertThat(x.source().quote()).as(x.toString())
                .doesNotContain(s.names()));
            assertThat(f).as(fixture).anySatisfy(x -> assertThat(x.source().section()).isEqualTo("CC"));
        }
    }
}
