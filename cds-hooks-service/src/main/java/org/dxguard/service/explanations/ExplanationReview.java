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
import org.dxguard.reasoner.ExplanationOutcome.Reason;
import org.dxguard.reasoner.ExplanationOutcome.Status;
import org.dxguard.safety.ExplanationGuard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one path from a model outcome to what a clinician may see, in the hook call and for a late explanation alike
 * (the rule of ARCHITECTURE.md, "One safety rule across modules"): a READY explanation goes through
 * {@link ExplanationGuard} (claims, veto, filter), and only what the veto kept becomes a {@link ShownExplanation}
 * (its text {@link ModelText#clean cleaned} of links); an outcome without an explanation becomes a
 * {@link ShownExplanation} with only its stable reason key. The card's section is built from that and from the
 * product's fixed phrases ({@link ClinicianPhrases}) only: a model string, the precise validation error, an id, a
 * number or an exception never reaches it. The raw answer, the thinking, every claim, every veto and the precise
 * reason go to the decision record ({@link Result#outcome}), for the reviewer's console. Thread-safe.
 */
public final class ExplanationReview {
    public static final String EVIDENCE_ONLY = "dxguard-evidence-only";
    private static final Logger LOG = LoggerFactory.getLogger(ExplanationReview.class);

    /**
     * @param shown      what may be shown outside the call (kept for the explanation page)
     * @param section    the card's markdown section (vetted text and fixed phrases only)
     * @param outcome    for the decision record only: {@code shown}, {@code filtered}, or
     *                   {@code <status>: [<reason key>] <precise reason>} (which may quote the model)
     */
    public record Result(ShownExplanation shown, String section, List<Claim> claims, List<ClaimVerdict> verdicts,
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

    /**
     * The model's answer as the decision record keeps it: the raw output with its thinking put back in front as a
     * {@code <think>} block (the reviewer sees everything the model sent; a clinician sees none of it).
     */
    public static String recordedRaw(ExplanationOutcome o) {
        if (o.thinking() == null || o.thinking().isBlank()) {
            return o.rawOutput();
        }
        return "<think>" + o.thinking() + "</think>\n" + (o.rawOutput() == null ? "" : o.rawOutput());
    }

    /** The active guideline excerpts by id. */
    public Map<String, GuidelineExcerpt> excerptsById() {
        return excerpts.get().stream().collect(Collectors.toMap(GuidelineExcerpt::id, Function.identity(), (a, b) -> a));
    }

    /** As {@link #review(ExplanationOutcome, PatientFacts, List, boolean)} for a card that carries a link. */
    public Result review(ExplanationOutcome o, PatientFacts facts, List<Candidate> candidates) {
        return review(o, facts, candidates, true);
    }

    /** As {@link #review(ExplanationOutcome, PatientFacts, List, boolean, Locale)} with the English phrases. */
    public Result review(ExplanationOutcome o, PatientFacts facts, List<Candidate> candidates, boolean linked) {
        return review(o, facts, candidates, linked, Locale.ENGLISH);
    }

    /**
     * @param linked whether a pending card carries a link to the explanation page
     * @param locale the call's locale: the card section's fixed phrases are in its language
     *               ({@link ClinicianPhrases#forLocale}); the vetted model text is shown as written
     */
    public Result review(ExplanationOutcome o, PatientFacts facts, List<Candidate> candidates, boolean linked,
                         Locale locale) {
        ClinicianPhrases phrases = ClinicianPhrases.forLocale(locale);
        if (o.status() != Status.READY) {
            ShownExplanation none = ShownExplanation.none(o.status(), o.why(), o.modelId(), o.promptVersion());
            return new Result(none, section(none, linked, phrases), List.of(), List.of(), null,
                recorded(o.status(), o.why(), o.detail()));
        }
        ExplanationGuard.Guarded g;
        try {
            g = guard.guard(facts, candidates, o.explanation());
        } catch (RuntimeException e) {
            // the class only: a message may quote the model's text
            LOG.warn("explanation withheld: the veto could not review it ({})", e.getClass().getName());
            LOG.debug("veto failure", e);
            return withheld(o, Reason.WITHHELD_CHECK_FAILED, "veto failed (" + e.getClass().getSimpleName() + ")",
                List.of(), List.of(), null, phrases);
        }
        if (g.filtered().withheld() || g.filtered().shown().isEmpty()) {
            Reason why = g.filtered().withheld() ? Reason.WITHHELD_CONFLICT : Reason.WITHHELD_UNSUPPORTED;
            String detail = g.filtered().withheld() ? g.filtered().withheldReason() : "AI explanation withheld";
            return withheld(o, why, detail, g.claims(), g.veto().verdicts(), g.veto().vetoRulesVersion(), phrases);
        }
        boolean cut = !g.veto().allAllowed();
        ShownExplanation shown = ShownExplanation.vetted(ModelText.clean(g.filtered().shown().get()), o.why(),
            o.modelId(), o.promptVersion(), cut);
        String outcome = cut ? "filtered" : "shown";
        if (o.why() != null) {
            outcome += ": [" + o.why().key() + "] " + o.detail();
        }
        return new Result(shown, section(shown, linked, phrases), g.claims(), g.veto().verdicts(),
            g.veto().vetoRulesVersion(), outcome);
    }

    private Result withheld(ExplanationOutcome o, Reason why, String detail, List<Claim> claims,
                            List<ClaimVerdict> verdicts, String vetoRulesVersion, ClinicianPhrases phrases) {
        ShownExplanation none = ShownExplanation.none(Status.UNAVAILABLE, why, o.modelId(), o.promptVersion());
        return new Result(none, section(none, false, phrases), claims, verdicts, vetoRulesVersion,
            "withheld: [" + why.key() + "] " + detail);
    }

    private static String recorded(Status status, Reason why, String detail) {
        return status.name().toLowerCase(Locale.ROOT) + ": [" + why.key() + "] " + detail;
    }

    /** The card's markdown for what may be shown: the vetted explanation, or the fixed phrase saying why not. */
    String section(ShownExplanation s, boolean linked, ClinicianPhrases phrases) {
        return switch (s.status()) {
            case READY -> render(s.explanation(), s.modelId(), s.cut(), s.why(), phrases);
            case PENDING -> "_" + phrases.frame(linked ? "card.pending" : "card.pending.no-link", s.why()) + "_";
            case UNAVAILABLE -> "_" + phrases.frame(s.why().key().startsWith("explanation.withheld.") ? "card.sentence"
                : "card.unavailable", s.why()) + "_";
        };
    }

    /** The card's markdown for a vetted explanation (every model text escaped for Markdown), with English frames. */
    String render(Explanation e, String modelId, boolean cut) {
        return render(e, modelId, cut, null, ClinicianPhrases.english());
    }

    private String render(Explanation e, String modelId, boolean cut, Reason note, ClinicianPhrases phrases) {
        StringBuilder md = new StringBuilder();
        if (note != null) {
            md.append('_').append(phrases.of(note)).append("_\n\n");
        }
        String head = EVIDENCE_ONLY.equals(modelId) ? "card.explanation.evidence-only"
            : smallLocalModel(modelId) ? "card.explanation.small" : "card.explanation";
        md.append(phrases.text(head).replace("{cut}", cut ? phrases.frame("card.cut", "explanation.cut") : "")
            .replace("{model}", modelId)).append('\n');
        for (CandidateExplanation c : e.candidates()) {
            md.append("- ").append(ModelText.markdown(c.diagnosis())).append(": ")
                .append(ModelText.markdown(c.rationale()));
            if (!c.nextSteps().isEmpty()) {
                md.append(' ').append(phrases.text("card.next")).append(' ')
                    .append(ModelText.markdown(String.join("; ", c.nextSteps()).toLowerCase(Locale.ROOT)));
            }
            if (!c.guidelineExcerptIds().isEmpty()) {
                md.append(" (").append(phrases.text("card.guideline")).append(' ')
                    .append(ModelText.markdown(String.join(", ", c.guidelineExcerptIds()))).append(')');
            }
            md.append('\n');
        }
        List<String> cited = e.citedExcerptIds();
        if (!cited.isEmpty()) {
            Map<String, GuidelineExcerpt> byId = excerptsById();
            md.append('\n').append(phrases.text("card.excerpts-cited")).append('\n');
            for (String id : cited) {
                GuidelineExcerpt x = byId.get(id);
                md.append("- ").append(ModelText.markdown(id))
                    .append(x == null ? "" : " " + phrases.excerptTitle(x) + " (" + x.citation() + ")").append('\n');
            }
        }
        return md.toString();
    }
}
