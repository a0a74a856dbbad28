package org.dxguard.service.explanations;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.dxguard.model.Candidate;
import org.dxguard.model.Claim;
import org.dxguard.model.ClaimVerdict;
import org.dxguard.model.GuidelineExcerpt;
import org.dxguard.model.PatientFacts;
import org.dxguard.reasoner.CandidateExplanation;
import org.dxguard.reasoner.Explanation;
import org.dxguard.reasoner.ExplanationOutcome;
import org.dxguard.safety.ExplanationGuard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's side of the veto, the same in the hook call and for a late explanation: a READY explanation goes
 * through {@link ExplanationGuard} (safety module: claims, veto, filter; the one path to what a clinician may see);
 * what remains is the shown outcome (READY with the kept parts, or UNAVAILABLE saying it was withheld and why), the
 * card's markdown section, and the audit fields. Thread-safe.
 */
public final class ExplanationReview {
    public static final String EVIDENCE_ONLY = "dxguard-evidence-only";
    private static final Logger LOG = LoggerFactory.getLogger(ExplanationReview.class);

    /**
     * @param shown      what may be shown outside the call (kept with the cached explanation for the page)
     * @param section    the card's markdown section
     * @param outcome    for the decision record: {@code shown}, {@code filtered}, {@code withheld: <reason>},
     *                   {@code pending: <reason>} or {@code unavailable: <reason>}
     */
    public record Result(ExplanationOutcome shown, String section, List<Claim> claims, List<ClaimVerdict> verdicts,
                         String vetoRulesVersion, String outcome) {}

    private final ExplanationGuard guard;
    private final Supplier<List<GuidelineExcerpt>> excerpts;

    public ExplanationReview(ExplanationGuard guard, Supplier<List<GuidelineExcerpt>> excerpts) {
        this.guard = Objects.requireNonNull(guard, "guard");
        this.excerpts = excerpts == null ? List::of : excerpts;
    }

    /** True for the project's own small local models: model ids starting with {@code dxguard-}, evidence-only aside. */
    public static boolean smallLocalModel(String modelId) {
        return modelId != null && modelId.startsWith("dxguard-") && !EVIDENCE_ONLY.equals(modelId);
    }

    /** The active guideline excerpts by id. */
    public Map<String, GuidelineExcerpt> excerptsById() {
        return excerpts.get().stream().collect(Collectors.toMap(GuidelineExcerpt::id, Function.identity(), (a, b) -> a));
    }

    public Result review(ExplanationOutcome o, PatientFacts facts, List<Candidate> candidates) {
        if (o.status() != ExplanationOutcome.Status.READY) {
            String section = o.status() == ExplanationOutcome.Status.PENDING
                ? "_No explanation yet: " + o.reason() + " (" + o.modelId() + "). Once written it is checked against "
                    + "the guidelines and shown at the link below, or here when the chart is opened again._"
                : "_No explanation: " + o.reason() + "._";
            return new Result(o, section, List.of(), List.of(), null,
                o.status().name().toLowerCase(Locale.ROOT) + ": " + o.reason());
        }
        ExplanationGuard.Guarded g;
        try {
            g = guard.guard(facts, candidates, o.explanation());
        } catch (RuntimeException e) {
            LOG.warn("explanation withheld: the veto could not review it ({})", e.toString());
            String why = "AI explanation withheld: the guideline check could not be completed";
            return new Result(withheld(o, why), "_" + why + "._", List.of(), List.of(), null, "withheld: veto failed");
        }
        String outcome = g.filtered().withheld() ? "withheld: " + g.filtered().withheldReason()
            : g.veto().allAllowed() ? "shown" : "filtered";
        if (g.filtered().withheld() || g.filtered().shown().isEmpty()) {
            String why = g.filtered().withheld() ? g.filtered().withheldReason() : "AI explanation withheld";
            return new Result(withheld(o, why), "_" + why + "._", g.claims(), g.veto().verdicts(),
                g.veto().vetoRulesVersion(), outcome);
        }
        Explanation kept = g.filtered().shown().get();
        ExplanationOutcome shown = ExplanationOutcome.ready(kept, o.modelId(), o.promptVersion(), o.rawOutput(),
            o.thinking(), o.elapsed());
        return new Result(shown, render(kept, o.modelId(), !g.veto().allAllowed()), g.claims(), g.veto().verdicts(),
            g.veto().vetoRulesVersion(), outcome);
    }

    private static ExplanationOutcome withheld(ExplanationOutcome o, String why) {
        return ExplanationOutcome.unavailable(why, o.modelId(), o.promptVersion(), o.rawOutput(), o.thinking(),
            o.elapsed());
    }

    /** The card's markdown for a shown explanation. */
    String render(Explanation e, String modelId, boolean cut) {
        StringBuilder md = new StringBuilder(EVIDENCE_ONLY.equals(modelId)
            ? "**Why these candidates** (built from the evidence above by " + EVIDENCE_ONLY + "; no language model):\n"
            : "**AI explanation" + (smallLocalModel(modelId) ? " from the small local model" : "") + "** (" + modelId
                + (smallLocalModel(modelId) ? ", a small local model: treat as a draft" : "")
                + "; checked against the guidelines for this patient"
                + (cut ? ", parts that conflicted were removed" : "") + "):\n");
        for (CandidateExplanation c : e.candidates()) {
            md.append("- ").append(c.diagnosis()).append(": ").append(c.rationale());
            if (!c.nextSteps().isEmpty()) {
                md.append(" Next: ").append(String.join("; ", c.nextSteps()).toLowerCase(Locale.ROOT));
            }
            if (!c.guidelineExcerptIds().isEmpty()) {
                md.append(" (guideline: ").append(String.join(", ", c.guidelineExcerptIds())).append(')');
            }
            md.append('\n');
        }
        List<String> cited = e.citedExcerptIds();
        if (!cited.isEmpty()) {
            Map<String, GuidelineExcerpt> byId = excerptsById();
            md.append("\nGuideline excerpts cited:\n");
            for (String id : cited) {
                GuidelineExcerpt x = byId.get(id);
                md.append("- ").append(id).append(x == null ? "" : " " + x.title() + " (" + x.citation() + ")")
                    .append('\n');
            }
        }
        return md.toString();
    }
}
