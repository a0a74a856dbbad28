package org.dxguard.service.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.dxguard.model.Dose;
import org.dxguard.model.RuleFinding;
import org.dxguard.model.SuggestedAction;
import org.dxguard.service.cdshooks.Action;
import org.dxguard.service.cdshooks.Card;
import org.dxguard.service.cdshooks.CdsRequest;
import org.dxguard.service.cdshooks.Coding;
import org.dxguard.service.cdshooks.Indicator;
import org.dxguard.service.cdshooks.Source;
import org.dxguard.service.cdshooks.Suggestion;

/**
 * Turns guideline findings into CDS Hooks cards: one card per finding, the guideline as source, the rule's
 * suggested action as FHIR actions on the draft order ({@code update} with the corrected dose, {@code delete} to
 * cancel, {@code create} for a missing lab order), and override reasons the clinician can pick.
 */
public final class RuleCards {
    public static final String OVERRIDE_SYSTEM = "urn:dxguard:override-reason";
    public static final List<Coding> OVERRIDE_REASONS = List.of(
        new Coding(OVERRIDE_SYSTEM, "benefit-outweighs-risk", "Benefit outweighs risk for this patient"),
        new Coding(OVERRIDE_SYSTEM, "already-tolerating", "Patient already tolerating this therapy"),
        new Coding(OVERRIDE_SYSTEM, "data-out-of-date", "Lab or record data shown is out of date"),
        new Coding(OVERRIDE_SYSTEM, "specialist-advice", "Following specialist advice"),
        new Coding(OVERRIDE_SYSTEM, "not-applicable", "Alert does not apply to this patient"));

    private final ObjectMapper mapper;

    public RuleCards(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** A card and the guideline rule it came from. */
    public record Issued(Card card, String ruleId) {}

    public List<Card> cards(List<RuleFinding> findings, CdsRequest request) {
        return issue(findings, request).stream().map(Issued::card).toList();
    }

    /** One card per finding (the same rule and summary once), each with the rule that produced it. */
    public List<Issued> issue(List<RuleFinding> findings, CdsRequest request) {
        List<Issued> cards = new ArrayList<>();
        java.util.Set<String> shown = new java.util.HashSet<>();
        for (RuleFinding f : findings) {
            if (!shown.add(f.ruleId() + "\u0000" + f.summary())) {
                continue; // e.g. the same interaction found through two active orders of one drug: one card
            }
            cards.add(new Issued(card(f, request), f.ruleId()));
        }
        return cards;
    }

    Card card(RuleFinding f, CdsRequest request) {
        Card.Builder card = Card.builder()
            .summary(Card.fitSummary(f.summary()))
            .detail(detail(f))
            .indicator(Indicator.of(f.severity()))
            .source(Source.of(sourceLabel(f), f.citationUrl()))
            .overrideReasons(OVERRIDE_REASONS);
        suggestion(f, request).ifPresent(card::suggestion);
        return card.build();
    }

    private static String sourceLabel(RuleFinding f) {
        String label = f.citation();
        return label.length() <= 100 ? label : label.substring(0, 99) + "…";
    }

    private static String detail(RuleFinding f) {
        StringBuilder md = new StringBuilder();
        if (f.detail() != null) {
            md.append(f.detail()).append("\n\n");
        }
        if (!f.triggeredBy().isEmpty()) {
            md.append("**Based on:**\n");
            f.triggeredBy().forEach(t -> md.append("- ").append(t).append('\n'));
            md.append('\n');
        }
        md.append("Rule `").append(f.ruleId()).append("` v").append(f.ruleVersion()).append(" · guideline `")
            .append(f.guidelineId()).append("` · ").append(f.citation());
        if (f.needsClinicalReview()) {
            md.append("\n\n_Encoded from a secondary source; pending clinical review._");
        }
        return md.toString();
    }

    private Optional<Suggestion> suggestion(RuleFinding f, CdsRequest request) {
        SuggestedAction a = f.action();
        if (a == null) {
            return Optional.empty();
        }
        Action action = switch (a.kind()) {
            case CANCEL_ORDER -> new Action(Action.Type.DELETE, a.label(), null,
                "MedicationRequest/" + a.targetMedicationId());
            case CHANGE_DOSE -> findDraft(request, a.targetMedicationId())
                .map(draft -> new Action(Action.Type.UPDATE, a.label(), withDose(draft, a.newDose()), null))
                .orElse(null);
            case ORDER_LAB -> new Action(Action.Type.CREATE, a.label(), labOrder(a, request.patientId()), null);
            case STOP_MEDICATION -> findActive(request, a.targetMedicationId())
                .map(med -> new Action(Action.Type.UPDATE, a.label(), stopped(med), null))
                .orElse(null);
        };
        return action == null ? Optional.empty() : Optional.of(Suggestion.of(a.label(), true, List.of(action)));
    }

    private Optional<ObjectNode> findDraft(CdsRequest request, String id) {
        JsonNode entries = request.context().path("draftOrders").path("entry");
        return findIn(entries, id);
    }

    private Optional<ObjectNode> findActive(CdsRequest request, String id) {
        ObjectNode meds = request.prefetch().get("medications");
        if (meds == null || id == null) {
            return Optional.empty();
        }
        return findIn(meds.path("entry"), id);
    }

    private static Optional<ObjectNode> findIn(JsonNode entries, String id) {
        for (JsonNode e : entries) {
            JsonNode r = e.path("resource");
            if (r.isObject() && "MedicationRequest".equals(r.path("resourceType").asText())
                && r.path("id").asText().equals(id)) {
                return Optional.of(((ObjectNode) r).deepCopy());
            }
        }
        return Optional.empty();
    }

    private ObjectNode withDose(ObjectNode draft, Dose dose) {
        ArrayNode dosage = draft.has("dosageInstruction") && draft.get("dosageInstruction").isArray()
            ? (ArrayNode) draft.get("dosageInstruction") : draft.putArray("dosageInstruction");
        ObjectNode first = dosage.isEmpty() ? dosage.addObject() : (ObjectNode) dosage.get(0);
        first.remove("text");
        ArrayNode doseAndRate = first.putArray("doseAndRate");
        ObjectNode quantity = doseAndRate.addObject().putObject("doseQuantity");
        quantity.put("value", dose.amount());
        quantity.put("unit", dose.unit());
        quantity.put("system", "http://unitsofmeasure.org");
        quantity.put("code", "units".equals(dose.unit()) ? "[IU]" : dose.unit());
        if (dose.frequency() != null) {
            ObjectNode repeat = first.putObject("timing").putObject("repeat");
            repeat.put("frequency", dose.frequency().count());
            repeat.put("period", dose.frequency().periodDays());
            repeat.put("periodUnit", "d");
        }
        return draft;
    }

    private static ObjectNode stopped(ObjectNode med) {
        med.put("status", "stopped");
        return med;
    }

    private ObjectNode labOrder(SuggestedAction a, String patientId) {
        ObjectNode sr = mapper.createObjectNode();
        sr.put("resourceType", "ServiceRequest");
        sr.put("status", "draft");
        sr.put("intent", "proposal");
        ObjectNode coding = sr.putObject("code").putArray("coding").addObject();
        coding.put("system", a.orderCode().system());
        coding.put("code", a.orderCode().code());
        if (a.orderCode().display() != null) {
            coding.put("display", a.orderCode().display());
        }
        sr.putObject("subject").put("reference", "Patient/" + patientId);
        return sr;
    }
}
