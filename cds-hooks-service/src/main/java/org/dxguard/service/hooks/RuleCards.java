package org.dxguard.service.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
 * Turns guideline findings into CDS Hooks cards: one card per finding, ordered critical → warning → info (not every
 * EHR sorts them), the guideline as source, the rule's suggested action as FHIR actions on the draft order
 * ({@code update} with the corrected dose, {@code delete} to cancel, {@code create} for a missing lab order, an
 * {@code on-hold} update with its restart condition for a temporary hold), and the override reasons of the rule
 * ({@link CardMetadata}); a critical card carries {@link Card#OVERRIDE_REASON_REQUIRED}. Summaries and details are
 * for clinicians: no raw FHIR ids ({@code Observation/obs-7}) and no UCUM annotations ({@code {1.73_m2}}).
 */
public final class RuleCards {
    public static final String OVERRIDE_SYSTEM = CardMetadata.OVERRIDE_SYSTEM;
    /** The general override reasons (any rule). */
    public static final List<Coding> OVERRIDE_REASONS = CardMetadata.general().overrideReasons("*");

    private final ObjectMapper mapper;
    private final CardMetadata metadata;

    public RuleCards(ObjectMapper mapper) {
        this(mapper, CardMetadata.general());
    }

    /**
     * The "Based on" lines come with each finding in the call's language ({@link RuleFinding#basedOn}: the rule
     * engine renders them from the matched facts with the active terminology's names).
     */
    public RuleCards(ObjectMapper mapper, CardMetadata metadata) {
        this.mapper = mapper;
        this.metadata = metadata;
    }

    /** A card and the guideline rule it came from. */
    public record Issued(Card card, String ruleId) {}

    public List<Card> cards(List<RuleFinding> findings, CdsRequest request) {
        return issue(findings, request).stream().map(Issued::card).toList();
    }

    /**
     * One card per finding (the same rule and summary once), each with the rule that produced it, critical first,
     * then warning, then info (the rules' order within one indicator).
     */
    public List<Issued> issue(List<RuleFinding> findings, CdsRequest request) {
        return issue(findings, request, java.util.Locale.ENGLISH);
    }

    /**
     * {@link #issue(List, CdsRequest)} with every text in {@code locale}: the finding's translation
     * ({@link RuleFinding#in}), English where a rule has none.
     */
    public List<Issued> issue(List<RuleFinding> findings, CdsRequest request, java.util.Locale locale) {
        List<Issued> cards = new ArrayList<>();
        java.util.Set<String> shown = new java.util.HashSet<>();
        List<RuleFinding> ordered = new ArrayList<>(findings);
        ordered.sort(java.util.Comparator.comparing(RuleFinding::severity).reversed());
        for (RuleFinding f : ordered) {
            if (!shown.add(f.ruleId() + "\u0000" + f.summary())) {
                continue; // e.g. the same interaction found through two active orders of one drug: one card
            }
            cards.add(new Issued(card(f.in(locale), request, locale), f.ruleId()));
        }
        return cards;
    }

    Card card(RuleFinding f, CdsRequest request) {
        return card(f, request, Locale.ENGLISH);
    }

    /** The card of a finding whose texts are already in {@code locale}; headings and override reasons follow it. */
    Card card(RuleFinding f, CdsRequest request, Locale locale) {
        Card.Builder card = Card.builder()
            .summary(Card.fitSummary(ClinicianText.clean(f.summary())))
            .detail(detail(f, locale))
            .indicator(Indicator.of(f.severity()))
            .source(Source.of(sourceLabel(f), f.citationUrl()))
            .overrideReasons(metadata.overrideReasons(f.ruleId(), locale));
        if (f.severity() == org.dxguard.model.Severity.CRITICAL) {
            card.extension(Card.OVERRIDE_REASON_REQUIRED, true);
        }
        suggestion(f, request, locale).ifPresent(card::suggestion);
        return card.build();
    }

    private static String sourceLabel(RuleFinding f) {
        String label = f.citation();
        return label.length() <= 100 ? label : label.substring(0, 99) + "…";
    }

    private String detail(RuleFinding f, Locale locale) {
        StringBuilder md = new StringBuilder();
        if (f.detail() != null) {
            md.append(ClinicianText.clean(f.detail())).append("\n\n");
        }
        List<String> basedOn = f.basedOn(locale);
        if (!basedOn.isEmpty()) {
            // the evidence list keeps each fact's reference (a reviewer finds the resource); units read as words.
            // The lines are in the call's language, rendered by the rule engine from the facts' parts (issue 20)
            md.append(ServiceTexts.format("card.based-on", locale)).append('\n');
            basedOn.forEach(t -> md.append("- ").append(ClinicianText.units(t)).append('\n'));
            md.append('\n');
        }
        md.append(ServiceTexts.format("card.rule-line", locale, "rule", f.ruleId(), "version", f.ruleVersion(),
            "guideline", f.guidelineId(), "citation", f.citation()));
        if (f.needsClinicalReview()) {
            md.append("\n\n").append(ServiceTexts.format("card.needs-review", locale));
        }
        return md.toString();
    }

    private Optional<Suggestion> suggestion(RuleFinding f, CdsRequest request, Locale locale) {
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
                .map(med -> metadata.hold(f.ruleId())
                    .map(h -> new Action(Action.Type.UPDATE, a.label() + ServiceTexts.format("card.sentence-break",
                        locale) + h.restart(locale), onHold(med, a, h, locale), null))
                    .orElseGet(() -> new Action(Action.Type.UPDATE, a.label(), stopped(med), null)))
                .orElse(null);
        };
        String label = action == null ? null : a.kind() == SuggestedAction.Kind.STOP_MEDICATION
            && metadata.hold(f.ruleId()).isPresent() ? action.description() : a.label();
        return action == null ? Optional.empty() : Optional.of(Suggestion.of(label, true, List.of(action)));
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

    /**
     * A temporary hold (FHIR R4 MedicationRequest.status {@code on-hold}: "actions implied by the prescription are to
     * be temporarily halted, but are expected to continue later"), with why and when to restart in
     * {@code statusReason.text} and a note.
     */
    private static ObjectNode onHold(ObjectNode med, SuggestedAction a, CardMetadata.Hold hold, Locale locale) {
        med.put("status", "on-hold");
        med.putObject("statusReason").put("text", a.label());
        ArrayNode notes = med.has("note") && med.get("note").isArray() ? (ArrayNode) med.get("note")
            : med.putArray("note");
        notes.addObject().put("text", hold.restart(locale) + " (" + hold.source() + ")");
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
