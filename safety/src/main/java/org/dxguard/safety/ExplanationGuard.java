package org.dxguard.safety;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.dxguard.guidelines.GuidelineRepository;
import org.dxguard.model.Candidate;
import org.dxguard.model.Claim;
import org.dxguard.model.GuidelineExcerpt;
import org.dxguard.model.PatientFacts;
import org.dxguard.reasoner.Explanation;
import org.dxguard.reasoner.claims.ClaimExtractor;
import org.dxguard.reasoner.claims.ExplanationFilter;
import org.dxguard.reasoner.claims.ExplanationReader;
import org.dxguard.reasoner.claims.FilteredExplanation;
import org.dxguard.rules.veto.VetoEngine;
import org.dxguard.rules.veto.VetoResult;

/**
 * The one path from a model's output to what a clinician may see: extract every claim
 * ({@link ClaimExtractor}), judge them ({@link VetoEngine}), keep the safe parts or withhold
 * ({@link ExplanationFilter}). Used by the service and by the safety suites alike. Thread-safe.
 */
public final class ExplanationGuard {
    /** The claims, the veto's verdicts and what may be shown. */
    public record Guarded(List<Claim> claims, VetoResult veto, FilteredExplanation filtered) {}

    private final ClaimExtractor extractor;
    private final VetoEngine veto;

    public ExplanationGuard(ClaimExtractor extractor, VetoEngine veto) {
        this.extractor = extractor;
        this.veto = veto;
    }

    /**
     * Over the repository's active guideline rules (follows reloads), its terminology and its guideline excerpts
     * (a cited excerpt id that is not among them is vetoed, VETO-GRD-003).
     */
    public static ExplanationGuard over(GuidelineRepository repository) {
        return new ExplanationGuard(ClaimExtractor.standard(),
            VetoEngine.create(repository.engine(), repository.activeRuleSet().definition().terminology(),
                () -> repository.excerpts().stream().map(GuidelineExcerpt::id).collect(Collectors.toUnmodifiableSet())));
    }

    public VetoEngine vetoEngine() {
        return veto;
    }

    /** A validated structured explanation. */
    public Guarded guard(PatientFacts facts, List<Candidate> candidates, Explanation explanation) {
        List<Claim> claims = extractor.extract(explanation, candidates);
        VetoResult r = veto.review(facts, candidates, claims);
        return new Guarded(claims, r, ExplanationFilter.apply(explanation, r.verdicts()));
    }

    /** A raw answer: read as a structured explanation when it holds one, else as plain text. */
    public Guarded guardRaw(PatientFacts facts, List<Candidate> candidates, String answer) {
        Optional<Explanation> e = ExplanationReader.read(answer);
        if (e.isPresent()) {
            return guard(facts, candidates, e.get());
        }
        List<Claim> claims = extractor.extractText(answer, candidates);
        VetoResult r = veto.review(facts, candidates, claims);
        return new Guarded(claims, r, ExplanationFilter.applyText(answer, r.verdicts()));
    }

    /**
     * Re-checks what {@code g} would show: the vetoes found in the shown parts (empty when nothing vetoed is shown).
     * The safety suites assert this is always empty.
     */
    public VetoResult recheckShown(PatientFacts facts, List<Candidate> candidates, Guarded g) {
        if (g.filtered().shown().isPresent()) {
            return guard(facts, candidates, g.filtered().shown().get()).veto();
        }
        String text = g.filtered().shownText().orElse("");
        return veto.review(facts, candidates, extractor.extractText(text, candidates));
    }
}
