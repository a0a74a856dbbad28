package org.dxguard.bench.synthea;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Turns one Synthea patient Bundle into CDS Hooks calls the way an EHR would: the prefetch keys dxguard's discovery
 * asks for (Patient, active Conditions, the safety labs, active MedicationRequests, AllergyIntolerances, the 100
 * latest dialysis and kidney transplant Procedures), plus draft orders ({@link DraftOrders}).
 */
public final class SyntheaRequests {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm";
    private static final Set<String> SAFETY_LOINC = Set.of("33914-3", "62238-1", "98979-8", "48642-3", "48643-1",
        "38483-4", "2160-0", "4548-4", "2339-0", "2345-7", "6298-4", "2823-3", "14959-1", "29463-7", "82810-3");
    /** The SNOMED codes of the {@code procedures} prefetch query, as the EHR's FHIR server would filter them. */
    private static final Set<String> PROCEDURE_SNOMED = Set.of("265764009", "302497006", "71192002", "108241001",
        "68341005", "238318009", "70536003");

    private final ObjectNode patient;
    final List<JsonNode> conditions = new ArrayList<>();
    private final List<JsonNode> observations = new ArrayList<>();
    final List<JsonNode> medications = new ArrayList<>();
    private final List<JsonNode> allergies = new ArrayList<>();
    private final List<JsonNode> procedures = new ArrayList<>();

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
        JsonNode bundle = JSON.readTree(bundleFile.toFile());
        if (shiftDays != 0) {
            DateShift.shift(bundle, shiftDays);
        }
        ObjectNode patient = null;
        List<JsonNode> resources = new ArrayList<>();
        for (JsonNode e : bundle.path("entry")) {
            JsonNode r = e.path("resource");
            if ("Patient".equals(r.path("resourceType").asText())) {
                patient = (ObjectNode) r;
            }
            resources.add(r);
        }
        if (patient == null) {
            throw new IllegalArgumentException(bundleFile + " has no Patient");
        }
        SyntheaRequests s = new SyntheaRequests(patient);
        for (JsonNode r : resources) {
            switch (r.path("resourceType").asText()) {
                case "Condition" -> {
                    String status = r.at("/clinicalStatus/coding/0/code").asText();
                    if (status.equals("active") || status.equals("recurrence") || status.equals("relapse")) {
                        s.conditions.add(r);
                    }
                }
                case "Observation" -> {
                    if (SAFETY_LOINC.contains(r.at("/code/coding/0/code").asText())) {
                        s.observations.add(r);
                    }
                }
                case "MedicationRequest" -> {
                    String status = r.path("status").asText();
                    if (status.equals("active") || status.equals("on-hold")) {
                        s.medications.add(r);
                    }
                }
                case "AllergyIntolerance" -> s.allergies.add(r);
                case "Procedure" -> {
                    if (PROCEDURE_SNOMED.contains(r.at("/code/coding/0/code").asText())) {
                        s.procedures.add(r);
                    }
                }
                default -> { }
            }
        }
        s.observations.sort(Comparator.comparing((JsonNode o) -> o.path("effectiveDateTime").asText()).reversed());
        if (s.observations.size() > 200) {
            s.observations.subList(200, s.observations.size()).clear();
        }
        s.procedures.sort(Comparator.comparing(SyntheaRequests::performed).reversed());
        if (s.procedures.size() > 100) {
            s.procedures.subList(100, s.procedures.size()).clear();
        }
        return s;
    }

    private static String performed(JsonNode procedure) {
        return procedure.hasNonNull("performedDateTime") ? procedure.get("performedDateTime").asText()
            : procedure.at("/performedPeriod/start").asText();
    }

    public String patientId() {
        return patient.path("id").asText();
    }

    public boolean takes(String ingredientWord) {
        return medications.stream().anyMatch(m -> m.toString().toLowerCase().contains(ingredientWord));
    }

    private static ObjectNode searchset(List<JsonNode> resources) {
        ObjectNode b = JSON.createObjectNode().put("resourceType", "Bundle").put("type", "searchset");
        ArrayNode entries = b.putArray("entry");
        resources.forEach(r -> entries.addObject().set("resource", r));
        return b;
    }

    /** An order-sign call for a draft MedicationRequest of the given RxNorm clinical drug and dose. */
    public byte[] orderSign(String rxnorm, String display, double amountMg, int timesPerDay) {
        ObjectNode draft = DraftOrders.newOrder(patientId(), "draft-1", rxnorm, display, amountMg, timesPerDay);
        return bytes(orderCall("order-sign", draft, UUID.randomUUID().toString()));
    }

    /** A patient-view call with full prefetch. */
    public byte[] patientView() {
        return bytes(patientViewCall(UUID.randomUUID().toString()));
    }

    /** A patient-view call with full prefetch and the given hookInstance. */
    public ObjectNode patientViewCall(String hookInstance) {
        ObjectNode req = JSON.createObjectNode().put("hook", "patient-view").put("hookInstance", hookInstance);
        req.putObject("context").put("userId", "Practitioner/synthea-bench").put("patientId", patientId());
        addPrefetch(req);
        return req;
    }

    /**
     * An order-select or order-sign call ({@code hook}) for one draft MedicationRequest with full prefetch; for
     * order-select the draft is the selection.
     */
    public ObjectNode orderCall(String hook, ObjectNode draft, String hookInstance) {
        ObjectNode req = JSON.createObjectNode().put("hook", hook).put("hookInstance", hookInstance);
        ObjectNode ctx = req.putObject("context").put("userId", "Practitioner/synthea-bench")
            .put("patientId", patientId());
        if (hook.equals("order-select")) {
            ctx.putArray("selections").add("MedicationRequest/" + draft.path("id").asText());
        }
        ObjectNode drafts = ctx.putObject("draftOrders").put("resourceType", "Bundle").put("type", "collection");
        drafts.putArray("entry").addObject().set("resource", draft);
        addPrefetch(req);
        return req;
    }

    /** The draft orders a clinician might write for this patient (see {@link DraftOrders}). */
    public List<DraftOrders.Draft> drafts(java.util.Random random) {
        return DraftOrders.forPatient(this, random);
    }

    private void addPrefetch(ObjectNode req) {
        ObjectNode prefetch = req.putObject("prefetch");
        prefetch.set("patient", patient);
        prefetch.set("conditions", searchset(conditions));
        prefetch.set("observations", searchset(observations));
        prefetch.set("medications", searchset(medications));
        prefetch.set("allergies", searchset(allergies));
        prefetch.set("procedures", searchset(procedures));
        // Synthea records no MedicationStatements or FamilyMemberHistory: an EHR answers such searches with empty ones
        prefetch.set("medicationStatements", searchset(List.of()));
        prefetch.set("familyHistory", searchset(List.of()));
    }

    static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
