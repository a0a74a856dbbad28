package org.dxguard.service.notes;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.dxguard.model.Code;
import org.dxguard.model.Finding;
import org.dxguard.model.FindingSource;

/**
 * Which texts of the record belong to the current visit, and their plain text: the notes
 * ({@code DocumentReference}), the reports ({@code DiagnosticReport.conclusion} and presented forms) and the
 * reasons for the visit ({@code Encounter.reasonCode}: its text is read, its codings are findings).
 *
 * <p><b>The current visit</b> is {@code context.encounterId} when the EHR gives one, else the encounter of the record
 * that is in progress (status in-progress, arrived, triaged, onleave), else the most recent one that started within
 * {@link #CURRENT_WINDOW} of the call. A note or report <b>belongs to it</b> when it references that encounter
 * ({@code DocumentReference.context.encounter}, {@code DiagnosticReport.encounter}; {@code Encounter/id}, a full URL
 * ending so, or {@code urn:uuid:id} as Synthea's Bundles write it); one that references another
 * encounter does not; one without an encounter reference does when its date ({@code DocumentReference.date}, else
 * {@code context.period.start}; {@code DiagnosticReport.effective[x]}, else {@code issued}) lies within
 * {@link #CURRENT_WINDOW} before the call (or up to a day after it, for clock skew). Undated ones without an encounter
 * do not. Only texts of the current visit are read: earlier notes describe earlier visits (what was historical then
 * is on the problem list now).
 *
 * <p>Left out (counted by reason, never logged with their text): entered-in-error, superseded or cancelled
 * resources, attachments that are not text ({@link AttachmentReader}), texts of other visits.
 */
public final class RecordTexts {
    /** How far back a note or report without an encounter reference still belongs to the current visit. */
    public static final Duration CURRENT_WINDOW = Duration.ofDays(3);
    private static final Set<String> CURRENT_ENCOUNTER_STATUS = Set.of("in-progress", "arrived", "triaged", "onleave");
    private static final Set<String> DROPPED_STATUS = Set.of("entered-in-error", "superseded", "cancelled");

    private final AttachmentReader attachments;

    public RecordTexts(AttachmentReader attachments) {
        this.attachments = Objects.requireNonNull(attachments, "attachments");
    }

    /**
     * What was collected: the texts to read, the coded reasons for the visit (as present findings), the current
     * encounter's id (null when none is known) and how many resources or attachments were left out, by reason
     * (error code or a short word; no record text).
     */
    public record Collected(List<RecordText> texts, List<Finding> codedReasons, String currentEncounter,
                            Map<String, Integer> leftOut) {
        public Collected {
            texts = List.copyOf(texts);
            codedReasons = List.copyOf(codedReasons);
            leftOut = Map.copyOf(leftOut);
        }
    }

    /**
     * @param record      the record's resources as FHIR JSON (notes, reports, encounters; other types ignored)
     * @param patientId   {@code context.patientId}: a resource whose subject is another patient is left out
     * @param encounterId {@code context.encounterId}, or null
     * @param asOf        the call's time
     */
    public Collected collect(List<JsonNode> resources, String patientId, String encounterId, Instant asOf,
                             String fhirServer, String bearerToken) {
        Map<String, Integer> leftOut = new LinkedHashMap<>();
        List<JsonNode> record = new ArrayList<>();
        for (JsonNode r : resources) {
            if (ofPatient(r, patientId)) {
                record.add(r);
            } else {
                count(leftOut, "other-patient");
            }
        }
        List<JsonNode> encounters = ofType(record, "Encounter");
        String current = encounterId != null ? encounterId : currentEncounter(encounters, asOf);
        List<RecordText> texts = new ArrayList<>();
        List<Finding> coded = new ArrayList<>();
        for (JsonNode e : encounters) {
            if (current != null && current.equals(e.path("id").asText(null))) {
                reasons(e, texts, coded);
            }
        }
        for (JsonNode d : ofType(record, "DocumentReference")) {
            if (DROPPED_STATUS.contains(d.path("status").asText()) || "entered-in-error".equals(
                d.path("docStatus").asText())) {
                count(leftOut, "status");
                continue;
            }
            Instant date = firstDate(d.path("date"), d.path("context").path("period").path("start"));
            if (!belongs(d.path("context").path("encounter"), current, date, asOf)) {
                count(leftOut, "other-visit");
                continue;
            }
            String text = firstReadable(d.path("content"), "attachment", fhirServer, bearerToken, leftOut);
            if (text != null) {
                texts.add(new RecordText(typedId(d), FindingSource.NOTE, date, text));
            }
        }
        for (JsonNode r : ofType(record, "DiagnosticReport")) {
            if (DROPPED_STATUS.contains(r.path("status").asText())) {
                count(leftOut, "status");
                continue;
            }
            Instant date = firstDate(r.path("effectiveDateTime"), r.path("effectivePeriod").path("start"),
                r.path("issued"));
            if (!belongs(r.path("encounter"), current, date, asOf)) {
                count(leftOut, "other-visit");
                continue;
            }
            String conclusion = r.path("conclusion").asText("");
            if (!conclusion.isBlank()) {
                texts.add(new RecordText(typedId(r), FindingSource.REPORT, date, conclusion));
            }
            String form = firstReadable(r.path("presentedForm"), null, fhirServer, bearerToken, leftOut);
            if (form != null) {
                texts.add(new RecordText(typedId(r), FindingSource.REPORT, date, form));
            }
        }
        return new Collected(texts, coded, current, leftOut);
    }

    /** The visit's reasons: each coding a present finding, each {@code text} a text to read. */
    private static void reasons(JsonNode encounter, List<RecordText> texts, List<Finding> coded) {
        Instant date = firstDate(encounter.path("period").path("start"));
        List<String> parts = new ArrayList<>();
        for (JsonNode reason : encounter.path("reasonCode")) {
            for (JsonNode c : reason.path("coding")) {
                String code = c.path("code").asText("");
                if (!code.isBlank()) {
                    coded.add(new Finding(new Code(c.path("system").asText(null), code,
                        c.path("display").asText(null)), true, null,
                        FindingSource.of(typedId(encounter), FindingSource.VISIT_REASON, date, null)));
                }
            }
            String text = reason.path("text").asText("");
            if (!text.isBlank()) {
                parts.add(text.strip());
            }
        }
        if (!parts.isEmpty()) {
            texts.add(new RecordText(typedId(encounter), FindingSource.VISIT_REASON, date,
                String.join(".\n", parts)));
        }
    }

    /** The first attachment that reads as text (text/plain before text/html before untyped), or null. */
    private String firstReadable(JsonNode items, String field, String fhirServer, String token,
                                 Map<String, Integer> leftOut) {
        List<JsonNode> candidates = new ArrayList<>();
        for (JsonNode item : items) {
            candidates.add(field == null ? item : item.path(field));
        }
        candidates.sort(Comparator.comparingInt(RecordTexts::preference));
        String problem = null;
        for (JsonNode a : candidates) {
            AttachmentReader.Read read = attachments.read(a, fhirServer, token);
            if (read.ok()) {
                return read.text();
            }
            problem = read.problem().code();
        }
        if (problem != null) {
            count(leftOut, problem);
        }
        return null;
    }

    private static int preference(JsonNode attachment) {
        String c = attachment.path("contentType").asText("").toLowerCase(java.util.Locale.ROOT);
        return c.startsWith("text/plain") ? 0 : HtmlText.isHtml(c) ? 1 : c.isEmpty() ? 2 : 3;
    }

    /** Whether a note or report belongs to the current visit (see the class comment). */
    static boolean belongs(JsonNode encounterRefs, String current, Instant date, Instant asOf) {
        List<String> refs = new ArrayList<>();
        if (encounterRefs.isArray()) {
            encounterRefs.forEach(r -> refs.add(r.path("reference").asText("")));
        } else if (encounterRefs.isObject()) {
            refs.add(encounterRefs.path("reference").asText(""));
        }
        refs.removeIf(String::isBlank);
        if (!refs.isEmpty() && current != null) {
            return refs.stream().anyMatch(r -> r.equals("Encounter/" + current) || r.endsWith("/Encounter/" + current)
                || r.equals(current) || r.equals("urn:uuid:" + current));
        }
        return date != null && !date.isBefore(asOf.minus(CURRENT_WINDOW)) && !date.isAfter(asOf.plus(Duration.ofDays(1)));
    }

    private static String currentEncounter(List<JsonNode> encounters, Instant asOf) {
        String inProgress = null;
        Instant inProgressStart = null;
        String recent = null;
        Instant recentStart = null;
        for (JsonNode e : encounters) {
            String id = e.path("id").asText(null);
            Instant start = firstDate(e.path("period").path("start"));
            if (id == null) {
                continue;
            }
            if (CURRENT_ENCOUNTER_STATUS.contains(e.path("status").asText())) {
                if (inProgress == null || start != null && (inProgressStart == null || start.isAfter(inProgressStart))) {
                    inProgress = id;
                    inProgressStart = start;
                }
            } else if (start != null && !start.isBefore(asOf.minus(CURRENT_WINDOW))
                && !start.isAfter(asOf.plus(Duration.ofDays(1)))
                && !"entered-in-error".equals(e.path("status").asText()) && !"cancelled".equals(e.path("status").asText())
                && (recentStart == null || start.isAfter(recentStart))) {
                recent = id;
                recentStart = start;
            }
        }
        return inProgress != null ? inProgress : recent;
    }

    /** A resource about this patient: its {@code subject} (or {@code patient}) names no other patient. */
    static boolean ofPatient(JsonNode r, String patientId) {
        String ref = r.path("subject").path("reference").asText(r.path("patient").path("reference").asText(""));
        if (ref.isBlank() || patientId == null || !ref.contains("Patient/")) {
            return true;
        }
        return ref.equals("Patient/" + patientId) || ref.endsWith("/Patient/" + patientId);
    }

    private static List<JsonNode> ofType(List<JsonNode> record, String type) {
        return record.stream().filter(r -> type.equals(r.path("resourceType").asText())).toList();
    }

    private static String typedId(JsonNode r) {
        String id = r.path("id").asText("");
        return id.isBlank() ? null : r.path("resourceType").asText() + "/" + id;
    }

    /** The first FHIR date, dateTime or instant that parses (a partial date counts from its first day), or null. */
    static Instant firstDate(JsonNode... candidates) {
        for (JsonNode n : candidates) {
            if (n == null || !n.isTextual()) {
                continue;
            }
            Instant i = date(n.asText());
            if (i != null) {
                return i;
            }
        }
        return null;
    }

    static Instant date(String s) {
        try {
            if (s.length() == 4) {
                return LocalDate.of(Integer.parseInt(s), 1, 1).atStartOfDay().toInstant(ZoneOffset.UTC);
            }
            if (s.length() == 7) {
                return LocalDate.parse(s + "-01").atStartOfDay().toInstant(ZoneOffset.UTC);
            }
            if (s.length() == 10) {
                return LocalDate.parse(s).atStartOfDay().toInstant(ZoneOffset.UTC);
            }
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException | NumberFormatException e) {
            return null;
        }
    }

    private static void count(Map<String, Integer> leftOut, String reason) {
        leftOut.merge(reason, 1, Integer::sum);
    }
}
