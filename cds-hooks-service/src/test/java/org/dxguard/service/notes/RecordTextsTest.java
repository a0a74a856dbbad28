package org.dxguard.service.notes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.dxguard.model.FindingSource;
import org.dxguard.service.Fixtures;
import org.junit.jupiter.api.Test;

/** Which texts belong to the current visit (notes/record-visits.json: two encounters, notes, reports). */
class RecordTextsTest {
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private final RecordTexts texts = new RecordTexts(new AttachmentReader(Duration.ofSeconds(1)));

    private static List<JsonNode> record() throws Exception {
        String json = Fixtures.text("notes/record-visits.json").replace("__NOW__", NOW.toString())
            .replace("__DAYS_AGO_30__", NOW.minus(30, ChronoUnit.DAYS).toString());
        List<JsonNode> out = new ArrayList<>();
        new ObjectMapper().readTree(json).path("entry").forEach(e -> out.add(e.path("resource")));
        return out;
    }

    @Test
    void should_read_only_the_current_visits_texts_when_the_record_holds_several_visits() throws Exception {
        // when: no encounterId in the context, enc-now is in progress
        RecordTexts.Collected c = texts.collect(record(), "p1", null, NOW, null, null);

        // then: its reasons, its note (plain text preferred to HTML and PDF), the report of today (conclusion and
        // presented form); not the other visit's note, the undated one, the erroneous one, another patient's
        assertThat(c.currentEncounter()).isEqualTo("enc-now");
        assertThat(c.texts()).extracting(RecordText::resource, RecordText::kind, RecordText::text).containsExactly(
            org.assertj.core.groups.Tuple.tuple("Encounter/enc-now", FindingSource.VISIT_REASON,
                "cough for three weeks"),
            org.assertj.core.groups.Tuple.tuple("DocumentReference/doc-now", FindingSource.NOTE,
                "HPI: orthopnoea and ankle swelling."),
            org.assertj.core.groups.Tuple.tuple("DiagnosticReport/cxr-now", FindingSource.REPORT,
                "Bilateral pleural effusions."),
            org.assertj.core.groups.Tuple.tuple("DiagnosticReport/cxr-now", FindingSource.REPORT,
                "Impression\nCardiomegaly."));
        assertThat(c.codedReasons()).singleElement().satisfies(f -> {
            assertThat(f.code().code()).isEqualTo("267036007");
            assertThat(f.present()).isTrue();
            assertThat(f.source().resource()).isEqualTo("Encounter/enc-now");
        });
        assertThat(c.leftOut()).containsEntry("other-visit", 3).containsEntry("status", 1)
            .containsEntry("other-patient", 1).containsEntry(NoteErrors.ATTACHMENT_UNSUPPORTED.code(), 1);
    }

    @Test
    void should_take_the_encounter_of_the_context_when_the_ehr_names_one() throws Exception {
        // when: the EHR says the visit is enc-old
        RecordTexts.Collected c = texts.collect(record(), "p1", "enc-old", NOW, null, null);

        // then: its reason and its note; notes without an encounter are still judged by their date
        assertThat(c.currentEncounter()).isEqualTo("enc-old");
        assertThat(c.texts()).extracting(RecordText::text).contains("Sore throat", "HPI: sore throat.")
            .doesNotContain("HPI: orthopnoea and ankle swelling.", "cough for three weeks");
    }

    @Test
    void should_judge_by_date_when_no_encounter_is_known() {
        // given
        JsonNode none = new ObjectMapper().createObjectNode();

        // then: within the window (3 days back, a day ahead), not before, not undated
        assertThat(RecordTexts.belongs(none, null, NOW.minus(2, ChronoUnit.DAYS), NOW)).isTrue();
        assertThat(RecordTexts.belongs(none, null, NOW.minus(4, ChronoUnit.DAYS), NOW)).isFalse();
        assertThat(RecordTexts.belongs(none, null, NOW.plus(2, ChronoUnit.DAYS), NOW)).isFalse();
        assertThat(RecordTexts.belongs(none, null, null, NOW)).isFalse();
        assertThat(RecordTexts.date("2026-12-07")).isEqualTo(Instant.parse("2026-12-07T00:00:00Z"));
        assertThat(RecordTexts.date("2026-12-07T10:15:00+08:00")).isEqualTo(Instant.parse("2026-12-07T02:15:00Z"));
        assertThat(RecordTexts.date("soon")).isNull();
    }

    @Test
    void should_match_the_current_encounter_when_a_note_references_it_by_its_bundle_uuid() throws Exception {
        // given a Synthea note's reference to its encounter inside a collection Bundle (urn:uuid:<id>)
        JsonNode ref = new ObjectMapper().readTree("{\"reference\":\"urn:uuid:5f1c2a\"}");

        // then: it is that encounter's note, and not another encounter's
        assertThat(RecordTexts.belongs(ref, "5f1c2a", NOW.minus(30, ChronoUnit.DAYS), NOW)).isTrue();
        assertThat(RecordTexts.belongs(ref, "9e0b7d", NOW, NOW)).isFalse();
    }
}
