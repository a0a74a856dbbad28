package org.dxguard.bench.synthea;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A notes cohort's patient called at the visit of the latest note, with the notes in the service's prefetch. */
class SyntheaNotesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The differential service's notes template (cds-hooks-service PrefetchTemplates.differential()). */
    private static final Map<String, String> TEMPLATES = Map.of("patient", "Patient/{{context.patientId}}", "notes",
        "DocumentReference?patient={{context.patientId}}&status=current&_sort=-date&_count=20");

    private static void note(ArrayNode entries, String id, String date, String status) {
        ObjectNode d = entries.addObject().putObject("resource").put("resourceType", "DocumentReference").put("id", id)
            .put("status", status).put("date", date);
        d.putArray("content").addObject().putObject("attachment").put("contentType", "text/plain; charset=utf-8")
            .put("data", "SFBJOiBjb3VnaC4=");
    }

    @Test
    void should_date_the_latest_note_today_and_prefetch_the_notes_when_a_patient_is_called_at_its_latest_note(
        @TempDir Path dir) throws Exception {
        // given a Synthea-shaped record with two current notes and a superseded one
        ObjectNode bundle = JSON.createObjectNode().put("resourceType", "Bundle").put("type", "collection");
        ArrayNode entries = bundle.putArray("entry");
        entries.addObject().putObject("resource").put("resourceType", "Patient").put("id", "p1");
        note(entries, "older", "2025-12-22T10:00:00+00:00", "current");
        note(entries, "latest", "2026-01-18T00:40:11.397+00:00", "current");
        note(entries, "replaced", "2026-01-10T09:00:00+00:00", "superseded");
        Path file = dir.resolve("p1.json");
        Files.writeString(file, bundle.toString());

        // when
        SyntheaRequests p = SyntheaRequests.atLatestNote(file);
        JsonNode call = p.patientViewCall("h1", Prefetch.of(TEMPLATES));

        // then: the latest note is today's, the older one 27 days before; the superseded one is not prefetched
        JsonNode notes = call.at("/prefetch/notes/entry");
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        assertThat(p.notes()).isEqualTo(3);
        assertThat(notes).hasSize(2);
        assertThat(notes.get(0).at("/resource/id").asText()).isEqualTo("latest");
        assertThat(notes.get(0).at("/resource/date").asText()).startsWith(today);
        assertThat(notes.get(1).at("/resource/date").asText())
            .startsWith(LocalDate.now(ZoneOffset.UTC).minusDays(27).toString());
    }
}
