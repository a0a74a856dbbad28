package org.dxguard.bench.synthea;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Random;
import java.util.Set;

/**
 * Realistic draft MedicationRequests for one Synthea patient, as clinicians write them: mostly renewals of what the
 * patient already takes (rarely alerting), plus the new orders that guidelines have an opinion on, drawn from the
 * patient's conditions and medications (some of which should alert, e.g. metformin with a low eGFR):
 * <ul>
 *   <li>{@code renewal}: up to three active medications (distinct RxNorm codes, picked at random) re-signed;</li>
 *   <li>{@code new-metformin}: metformin 500 mg twice daily for type 2 diabetes without metformin;</li>
 *   <li>{@code new-sglt2}: empagliflozin 10 mg daily for type 2 diabetes with chronic kidney disease or heart
 *       failure and no SGLT2 inhibitor;</li>
 *   <li>{@code new-clarithromycin}: clarithromycin 500 mg twice daily for active sinusitis;</li>
 *   <li>{@code new-glyburide}: for one in three type 2 diabetics on no sulfonylurea, glyburide 5 mg daily (to be
 *       avoided from age 65);</li>
 *   <li>{@code metformin-escalation}: for one in four patients on metformin, 1000 mg three times daily (above the
 *       2550 mg/day maximum);</li>
 *   <li>{@code new-acetaminophen}: acetaminophen 325 mg four times daily, for a patient with no other draft.</li>
 * </ul>
 */
public final class DraftOrders {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_RENEWALS = 3;
    private static final Set<String> SGLT2 = Set.of("empagliflozin", "dapagliflozin", "canagliflozin",
        "ertugliflozin");
    private static final Set<String> SULFONYLUREA = Set.of("glyburide", "glipizide", "glimepiride", "gliclazide");

    /** One draft order: what kind it is (for the report) and the MedicationRequest resource. */
    public record Draft(String kind, ObjectNode resource) {
        public Draft {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(resource, "resource");
        }

        public String id() {
            return resource.path("id").asText();
        }
    }

    private DraftOrders() {}

    static List<Draft> forPatient(SyntheaRequests p, Random random) {
        List<Draft> out = new ArrayList<>();
        String patientId = p.patientId();
        List<JsonNode> distinct = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (JsonNode med : p.medications) {
            String code = med.at("/medicationCodeableConcept/coding/0/code").asText();
            if (!code.isEmpty() && seen.add(code)) {
                distinct.add(med);
            }
        }
        java.util.Collections.shuffle(distinct, random);
        int k = 0;
        for (JsonNode med : distinct.subList(0, Math.min(MAX_RENEWALS, distinct.size()))) {
            ObjectNode draft = med.deepCopy();
            draft.remove(List.of("meta", "identifier", "encounter", "requester", "text", "authoredOn"));
            draft.put("id", "renew-" + (++k));
            draft.put("status", "draft");
            draft.putObject("subject").put("reference", "Patient/" + patientId);
            out.add(new Draft("renewal", draft));
        }
        boolean type2 = hasCondition(p, "type 2 diabetes") || hasCondition(p, "diabetes mellitus type 2");
        boolean onMetformin = takes(p, Set.of("metformin"));
        if (type2 && !onMetformin) {
            out.add(new Draft("new-metformin", newOrder(patientId, "new-metformin", "861007",
                "metformin hydrochloride 500 MG Oral Tablet", 500, 2)));
        }
        if (type2 && (hasCondition(p, "chronic kidney disease") || hasCondition(p, "heart failure"))
            && !takes(p, SGLT2)) {
            out.add(new Draft("new-sglt2", newOrder(patientId, "new-sglt2", "1545658",
                "empagliflozin 10 MG Oral Tablet", 10, 1)));
        }
        if (hasCondition(p, "sinusitis")) {
            out.add(new Draft("new-clarithromycin", newOrder(patientId, "new-clarithromycin", "197517",
                "clarithromycin 500 MG Oral Tablet", 500, 2)));
        }
        if (type2 && !takes(p, SULFONYLUREA) && random.nextInt(3) == 0) {
            out.add(new Draft("new-glyburide", newOrder(patientId, "new-glyburide", "310537",
                "glyburide 5 MG Oral Tablet", 5, 1)));
        }
        if (onMetformin && random.nextInt(4) == 0) {
            out.add(new Draft("metformin-escalation", newOrder(patientId, "metformin-escalation", "861004",
                "metformin hydrochloride 1000 MG Oral Tablet", 1000, 3)));
        }
        if (out.isEmpty()) {
            out.add(new Draft("new-acetaminophen", newOrder(patientId, "new-acetaminophen", "313782",
                "acetaminophen 325 MG Oral Tablet", 325, 4)));
        }
        return out;
    }

    private static boolean hasCondition(SyntheaRequests p, String displayWords) {
        return p.conditions.stream().anyMatch(c -> c.path("code").toString().toLowerCase(Locale.ROOT)
            .contains(displayWords));
    }

    private static boolean takes(SyntheaRequests p, Set<String> ingredients) {
        return p.medications.stream().map(m -> m.path("medicationCodeableConcept").toString().toLowerCase(Locale.ROOT))
            .anyMatch(text -> ingredients.stream().anyMatch(text::contains));
    }

    /** A draft MedicationRequest of {@code mg} mg, {@code timesPerDay} a day (also the cohort study's drafts). */
    public static ObjectNode newOrder(String patientId, String id, String rxnorm, String display, double mg,
                               int timesPerDay) {
        ObjectNode draft = JSON.createObjectNode().put("resourceType", "MedicationRequest").put("id", id)
            .put("status", "draft").put("intent", "order");
        draft.putObject("subject").put("reference", "Patient/" + patientId);
        draft.putObject("medicationCodeableConcept").putArray("coding").addObject()
            .put("system", SyntheaRequests.RXNORM).put("code", rxnorm).put("display", display);
        ObjectNode dosage = draft.putArray("dosageInstruction").addObject();
        dosage.putObject("timing").putObject("repeat").put("frequency", timesPerDay).put("period", 1)
            .put("periodUnit", "d");
        dosage.putArray("doseAndRate").addObject().putObject("doseQuantity").put("value", mg).put("unit", "mg")
            .put("system", "http://unitsofmeasure.org").put("code", "mg");
        return draft;
    }
}
