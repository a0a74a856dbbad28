package org.dxguard.bench.synthea;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Turns one Synthea patient Bundle into CDS Hooks calls the way an EHR would: the prefetch the service asks for
 * ({@link Prefetch}, from its discovery), answered over the patient's record, plus draft orders ({@link DraftOrders}).
 */
public final class SyntheaRequests {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm";

    private final ObjectNode patient;
    private final List<JsonNode> record = new ArrayList<>();
    /** Active conditions and medications, which the draft orders are drawn from. */
    final List<JsonNode> conditions = new ArrayList<>();
    final List<JsonNode> medications = new ArrayList<>();

    private SyntheaRequests(ObjectNode patient) {
        this.patient = patient;
    }

    /** The patient of a Synthea Bundle file, dates as generated. */
    public static SyntheaRequests from(Path bundleFile) throws IOException {
        return from(bundleFile, 0);
    }

    /**
     * The patient of a Synthea Bundle file with every date moved {@code shiftDays} days forward
     * ({@link DateShift}), e.g. {@link DateShift#daysToToday()} so that its recent labs are recent today.
     */
    public static SyntheaRequests from(Path bundleFile, long shiftDays) throws IOException {
        return of(JSON.readTree(bundleFile.toFile()), shiftDays);
    }

    /**
     * The patient of a Synthea Bundle file seen at the visit of their latest clinical note: every date moved so that
     * the latest {@code DocumentReference} is dated today (UTC), and so that the note belongs to the visit the
     * patient-view call is about; a record without notes is moved as {@link DateShift#daysToToday()} moves it.
     */
    public static SyntheaRequests atLatestNote(Path bundleFile) throws IOException {
        JsonNode bundle = JSON.readTree(bundleFile.toFile());
        String latest = null;
        for (JsonNode e : bundle.path("entry")) {
            JsonNode r = e.path("resource");
            String date = r.path("date").asText("");
            if ("DocumentReference".equals(r.path("resourceType").asText()) && date.length() >= 10
                && (latest == null || date.substring(0, 10).compareTo(latest) > 0)) {
                latest = date.substring(0, 10);
            }
        }
        long shift = latest == null ? DateShift.daysToToday() : java.time.temporal.ChronoUnit.DAYS.between(
            java.time.LocalDate.parse(latest), java.time.LocalDate.now(java.time.ZoneOffset.UTC));
        return of(bundle, shift);
    }

    /** How many clinical notes ({@code DocumentReference}) the record holds. */
    public int notes() {
        return (int) record.stream().filter(r -> "DocumentReference".equals(r.path("resourceType").asText())).count();
    }

    private static SyntheaRequests of(JsonNode bundle, long shiftDays) {
        if (shiftDays != 0) {
            DateShift.shift(bundle, shiftDays);
        }
        ObjectNode patient = null;
        List<JsonNode> resources = new ArrayList<>();
        for (JsonNode e : bundle.path("entry")) {
            JsonNode r = e.path("resource");
            if ("Patient".equals(r.path("resourceType").asText())) {
                patient = (ObjectNode) r;
            } else {
                resources.add(r);
            }
        }
        if (patient == null) {
            throw new IllegalArgumentException("the Synthea bundle has no Patient");
        }
        SyntheaRequests s = new SyntheaRequests(patient);
        s.record.addAll(resources);
        for (JsonNode r : resources) {
            switch (r.path("resourceType").asText()) {
                case "Condition" -> {
                    String status = r.at("/clinicalStatus/coding/0/code").asText();
                    if (status.equals("active") || status.equals("recurrence") || status.equals("relapse")) {
                        s.conditions.add(r);
                    }
                }
                case "MedicationRequest" -> {
                    String status = r.path("status").asText();
                    if (status.equals("active") || status.equals("on-hold")) {
                        s.medications.add(r);
                    }
                }
                default -> { }
            }
        }
        return s;
    }

    public String patientId() {
        return patient.path("id").asText();
    }

    public boolean takes(String ingredientWord) {
        return medications.stream().anyMatch(m -> m.toString().toLowerCase().contains(ingredientWord));
    }

    /** An order-sign call for a draft MedicationRequest of the given RxNorm clinical drug and dose. */
    public byte[] orderSign(String rxnorm, String display, double amountMg, int timesPerDay, Prefetch prefetch) {
        ObjectNode draft = DraftOrders.newOrder(patientId(), "draft-1", rxnorm, display, amountMg, timesPerDay);
        return bytes(orderCall("order-sign", draft, UUID.randomUUID().toString(), prefetch));
    }

    /** A patient-view call with the prefetch the service asks for. */
    public byte[] patientView(Prefetch prefetch) {
        return bytes(patientViewCall(UUID.randomUUID().toString(), prefetch));
    }

    /** A patient-view call with the given hookInstance and the prefetch the service asks for. */
    public ObjectNode patientViewCall(String hookInstance, Prefetch prefetch) {
        ObjectNode req = JSON.createObjectNode().put("hook", "patient-view").put("hookInstance", hookInstance);
        req.putObject("context").put("userId", "Practitioner/synthea-bench").put("patientId", patientId());
        req.set("prefetch", prefetch.answer(patient, record));
        return req;
    }

    /**
     * An order-select or order-sign call ({@code hook}) for one draft MedicationRequest with the prefetch the service
     * asks for; for order-select the draft is the selection.
     */
    public ObjectNode orderCall(String hook, ObjectNode draft, String hookInstance, Prefetch prefetch) {
        ObjectNode req = JSON.createObjectNode().put("hook", hook).put("hookInstance", hookInstance);
        ObjectNode ctx = req.putObject("context").put("userId", "Practitioner/synthea-bench")
            .put("patientId", patientId());
        if (hook.equals("order-select")) {
            ctx.putArray("selections").add("MedicationRequest/" + draft.path("id").asText());
        }
        ObjectNode drafts = ctx.putObject("draftOrders").put("resourceType", "Bundle").put("type", "collection");
        drafts.putArray("entry").addObject().set("resource", draft);
        req.set("prefetch", prefetch.answer(patient, record));
        return req;
    }

    /** The draft orders a clinician might write for this patient (see {@link DraftOrders}). */
    public List<DraftOrders.Draft> drafts(java.util.Random random) {
        return DraftOrders.forPatient(this, random);
    }

    static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
