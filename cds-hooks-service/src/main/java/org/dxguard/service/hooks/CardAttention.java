package org.dxguard.service.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.dxguard.model.RuleFinding;
import org.dxguard.model.Severity;
import org.dxguard.model.SuggestedAction;
import org.dxguard.service.cdshooks.CdsRequest;
import org.dxguard.service.hooks.ShownCards.Channel;
import org.dxguard.service.hooks.ShownCards.Shown;

/**
 * Which guideline findings become cards, so that an interruptive card is worth the clinician's attention
 * (issue 16, item 3):
 * <ul>
 *   <li><b>order-select / order-sign</b>: a finding that concerns a draft order (it matched the draft, or its action
 *       cancels or changes it) is always shown: signing is the decision point, and each order is a new decision.
 *       A <i>standing problem</i> (matched only what the patient already has: active medications, labs,
 *       conditions) is shown interruptively only when one of its facts is new since the same card was last shown
 *       to this patient (a new eGFR, a renewed order); unchanged, it is withheld (the patient-view medication
 *       review shows it). A standing problem that was never shown anywhere is shown once as an <i>info</i> card
 *       (non-interruptive), so that an EHR that does not call the medication review still learns of it.</li>
 *   <li><b>patient-view medication review</b>: every finding is a standing problem; it is shown unless the same
 *       card with the same facts was shown (in the review or interruptively) within the repeat window.</li>
 * </ul>
 * Whether a finding concerns the draft is derived from the facts the rule matched (no rule file declares it): a
 * matched fact that is one of the call's draft orders ({@code <type>/<id>} of {@code context.draftOrders}, or a
 * medication fact described as {@code draft}), or an action on a draft. The same card = same EHR, same patient,
 * same rule; the same facts = the rule's matched facts (values, dates, resource ids) without their age in days.
 */
public final class CardAttention {
    private static final Pattern AGE = Pattern.compile(",? ?\\(?(\\d+ days old|1 day old|from today)\\)?");
    private static final Pattern DRAFT_FACT = Pattern.compile("^[A-Za-z]+/\\S+ draft .*");

    private final CardPolicy policy;
    private final ShownCards memory;

    /** @param memory null only with a policy without memory and focus (every finding every time) */
    public CardAttention(CardPolicy policy, ShownCards memory) {
        if (memory == null && (policy.focus() || !policy.repeatWindow().isZero())) {
            throw new IllegalArgumentException("a focused card policy needs the shown-cards memory");
        }
        this.policy = policy;
        this.memory = memory;
    }

    /** Every finding, every time; nothing remembered (the behaviour before issue 16). */
    public static CardAttention everyFindingEveryTime() {
        return new CardAttention(CardPolicy.everyFindingEveryTime(), null);
    }

    public CardPolicy policy() {
        return policy;
    }

    /** A finding to show: as the rule wrote it, or downgraded to info (a standing problem never shown before). */
    public record Pick(RuleFinding finding, Channel channel, String cardKey, String facts) {}

    /** What to show, and a line for the decision record per finding withheld (rule id and why; no PHI). */
    public record Picked(List<Pick> show, List<String> withheld) {
        public List<RuleFinding> findings() {
            return show.stream().map(Pick::finding).toList();
        }
    }

    /** The findings of an order-select/order-sign call. */
    public Picked forOrder(List<RuleFinding> findings, HookCall call) {
        List<Pick> show = new ArrayList<>();
        List<String> withheld = new ArrayList<>();
        Drafts drafts = Drafts.of(call.request());
        String callKey = memory == null ? "" : memory.digest(call.request().hookInstance());
        for (RuleFinding f : findings) {
            if (!policy.focus()) {
                show.add(new Pick(f, Channel.ORDER, null, null));
                continue;
            }
            String key = memory.cardKey(call.callerIssuer() == null ? "" : call.callerIssuer(),
                call.request().patientId(), f.ruleId());
            String facts = memory.digest(facts(f));
            if (drafts.concerns(f)) {
                show.add(new Pick(f, Channel.ORDER, key, facts));
                continue;
            }
            Optional<Shown> before = memory.last(key, EnumSet.allOf(Channel.class), callKey);
            if (before.isEmpty()) {
                show.add(new Pick(asReviewInfo(f), Channel.ORDER_INFO, key, facts));
            } else if (!before.get().facts().equals(facts)) {
                show.add(new Pick(f, Channel.ORDER, key, facts));
            } else {
                withheld.add(f.ruleId() + ": standing problem, not about the draft order, facts unchanged since it "
                    + "was shown (" + before.get().channel().name().toLowerCase(java.util.Locale.ROOT) + ", "
                    + before.get().at() + ")");
            }
        }
        return new Picked(show, withheld);
    }

    /** The findings of a patient-view medication review. */
    public Picked forReview(List<RuleFinding> findings, HookCall call) {
        List<Pick> show = new ArrayList<>();
        List<String> withheld = new ArrayList<>();
        String callKey = memory == null ? "" : memory.digest(call.request().hookInstance());
        for (RuleFinding f : findings) {
            if (memory == null) {
                show.add(new Pick(f, Channel.REVIEW, null, null));
                continue;
            }
            String key = memory.cardKey(call.callerIssuer() == null ? "" : call.callerIssuer(),
                call.request().patientId(), f.ruleId());
            String facts = memory.digest(facts(f));
            Optional<Shown> before = memory.last(key, EnumSet.of(Channel.REVIEW, Channel.ORDER), callKey);
            if (before.isPresent() && before.get().facts().equals(facts) && !policy.repeatWindow().isZero()
                && before.get().at().isAfter(memory.now().minus(policy.repeatWindow()))) {
                withheld.add(f.ruleId() + ": same card and facts shown at " + before.get().at() + " (repeat window "
                    + policy.repeatWindow() + ")");
            } else {
                show.add(new Pick(f, Channel.REVIEW, key, facts));
            }
        }
        return new Picked(show, withheld);
    }

    /** Notes the cards that went out, after they were built (critical ones need a reason to be overridden). */
    public void shown(Picked picked, List<RuleCards.Issued> issued, HookCall call) {
        if (memory == null) {
            return;
        }
        String callKey = memory.digest(call.request().hookInstance());
        for (Pick p : picked.show()) {
            if (p.cardKey() != null) {
                memory.shown(p.cardKey(), p.channel(), p.facts(), callKey);
            }
        }
        for (RuleCards.Issued i : issued) {
            if (i.card().indicator() == org.dxguard.service.cdshooks.Indicator.CRITICAL) {
                memory.requireReason(i.card().uuid());
            }
        }
    }

    /** True when an override of this card must carry a reason. */
    public boolean reasonRequired(String cardUuid) {
        return memory != null && memory.reasonRequired(cardUuid);
    }

    /** The facts that make a card "the same card": what the rule matched, without ages; else its summary. */
    static String facts(RuleFinding f) {
        List<String> lines = new ArrayList<>();
        for (String t : f.triggeredBy()) {
            lines.add(AGE.matcher(t).replaceAll(""));
        }
        java.util.Collections.sort(lines);
        return f.severity() + "\n" + (lines.isEmpty() ? f.summary() : String.join("\n", lines));
    }

    /** A standing problem never shown before, on an order hook: shown once, not interruptive. */
    static RuleFinding asReviewInfo(RuleFinding f) {
        if (f.severity() == Severity.INFO) {
            return f;
        }
        String summary = "Medication review: " + f.summary();
        if (summary.length() > RuleFinding.MAX_SUMMARY) {
            summary = summary.substring(0, RuleFinding.MAX_SUMMARY - 1).stripTrailing() + "…";
        }
        String detail = "_Shown once as information: this " + f.severity().name().toLowerCase(java.util.Locale.ROOT)
            + " finding is about what the patient already takes or has, not about the order being signed. The "
            + "medication review (patient-view) shows it when the chart is opened._"
            + (f.detail() == null ? "" : "\n\n" + f.detail());
        java.util.Map<String, org.dxguard.model.LocalizedText> translations = new java.util.LinkedHashMap<>();
        f.translations().forEach((lang, t) -> {
            java.util.Locale l = java.util.Locale.forLanguageTag(lang);
            String s = ServiceTexts.format("review-info.summary", l, "summary", t.summary());
            translations.put(lang, new org.dxguard.model.LocalizedText(s.length() > RuleFinding.MAX_SUMMARY
                ? s.substring(0, RuleFinding.MAX_SUMMARY - 1).stripTrailing() + "…" : s,
                ServiceTexts.format("review-info.detail", l, "severity", f.severity().name())
                    + (t.detail() == null ? "" : "\n\n" + t.detail()), t.actionLabel(), t.basedOn()));
        });
        return new RuleFinding(f.ruleId(), f.ruleVersion(), f.guidelineId(), f.citation(), f.citationUrl(),
            Severity.INFO, summary, detail, f.triggeredBy(), f.action(), f.needsClinicalReview(), translations);
    }

    /** The draft orders of a call, to tell whether a finding concerns one of them. */
    record Drafts(Set<String> refs, Set<String> ids) {
        static Drafts of(CdsRequest request) {
            Set<String> refs = new HashSet<>();
            Set<String> ids = new HashSet<>();
            JsonNode entries = request.context().path("draftOrders").path("entry");
            for (JsonNode e : entries) {
                JsonNode r = e.path("resource");
                String type = r.path("resourceType").asText("");
                String id = r.path("id").asText("");
                if (!type.isEmpty() && !id.isEmpty()) {
                    refs.add(type + "/" + id);
                    ids.add(id);
                }
            }
            return new Drafts(refs, ids);
        }

        boolean concerns(RuleFinding f) {
            SuggestedAction a = f.action();
            if (a != null && a.targetMedicationId() != null && ids.contains(a.targetMedicationId())
                && (a.kind() == SuggestedAction.Kind.CANCEL_ORDER || a.kind() == SuggestedAction.Kind.CHANGE_DOSE)) {
                return true;
            }
            for (String t : f.triggeredBy()) {
                if (DRAFT_FACT.matcher(t).matches()) {
                    return true;
                }
                for (String ref : refs) {
                    if (t.startsWith(ref + " ") || t.equals(ref)) {
                        return true;
                    }
                }
            }
            return false;
        }
    }
}
