package org.dxguard.reasoner.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.dxguard.model.Candidate;
import org.dxguard.model.Code;
import org.dxguard.model.Evidence;
import org.dxguard.model.PatientFacts;
import org.dxguard.reasoner.CandidateExplanation;
import org.dxguard.reasoner.Explainer;
import org.dxguard.reasoner.ExplainerHealth;
import org.dxguard.reasoner.Explanation;
import org.dxguard.reasoner.ExplanationOutcome;
import org.dxguard.reasoner.ReasonerConfig;

/**
 * The embedded default when no model server is configured: builds the explanation deterministically from the
 * ranked candidates and their evidence, without any language model. It never invents a finding, an exclusion or a
 * medication; it is labelled {@value #MODEL_ID} in every outcome.
 */
public final class EvidenceOnlyExplainer implements Explainer {
    public static final String MODEL_ID = "dxguard-evidence-only";
    public static final String VERSION = "evidence-only-v1";

    private final Cache<String, ExplanationOutcome> cache;

    public EvidenceOnlyExplainer(ReasonerConfig config) {
        this.cache = Caffeine.newBuilder().maximumSize(config.cacheSize()).expireAfterWrite(config.cacheTtl()).build();
    }

    @Override
    public ExplanationOutcome explain(String hookInstance, PatientFacts facts, List<Candidate> candidates,
                                      Duration budget) {
        long start = System.nanoTime();
        Objects.requireNonNull(hookInstance, "hookInstance");
        Objects.requireNonNull(facts, "facts");
        List<Candidate> ranked = candidates == null ? List.of() : candidates;
        ExplanationOutcome outcome;
        if (ranked.isEmpty()) {
            outcome = ExplanationOutcome.unavailable(ExplanationOutcome.Reason.NO_CANDIDATES,
                "no candidate diagnoses to explain", MODEL_ID, VERSION, null, null,
                Duration.ofNanos(System.nanoTime() - start));
        } else {
            outcome = ExplanationOutcome.ready(explanation(ranked), MODEL_ID, VERSION, null, null,
                Duration.ofNanos(System.nanoTime() - start));
        }
        cache.put(hookInstance, outcome);
        return outcome;
    }

    static Explanation explanation(List<Candidate> ranked) {
        List<CandidateExplanation> out = new ArrayList<>();
        for (int i = 0; i < ranked.size(); i++) {
            Candidate c = ranked.get(i);
            String rationale = rationale(c, i + 1);
            List<String> cited = c.supporting().stream().map(Evidence::id).distinct().toList();
            List<String> confirm = c.missing().stream().map(Evidence::label).distinct().toList();
            List<String> steps = c.missing().stream().map(EvidenceOnlyExplainer::nextStep).distinct().toList();
            out.add(new CandidateExplanation(c.name(), rationale, cited, confirm, List.of(), steps, List.of()));
        }
        Candidate top = ranked.get(0);
        String summary = String.format(Locale.ROOT,
            "Evidence-only summary (no language model): %d candidate diagnos%s ranked by the knowledge graph; "
                + "highest: %s (score %.2f).",
            ranked.size(), ranked.size() == 1 ? "is" : "es", top.name(), top.score());
        return new Explanation(out, summary);
    }

    private static String rationale(Candidate c, int rank) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "Ranked %d (score %.2f, severity %d of 5).",
            rank, c.score(), c.severity()));
        if (c.supporting().isEmpty()) {
            sb.append(" No supporting evidence was recorded.");
        } else {
            sb.append(" Supported by: ");
            List<String> parts = c.supporting().stream().map(e -> e.label() + " [" + e.id() + "]").toList();
            sb.append(String.join("; ", parts)).append('.');
        }
        if (!c.missing().isEmpty()) {
            sb.append(" Not yet present: ")
                .append(String.join("; ", c.missing().stream().map(e -> e.label() + " [" + e.id() + "]").toList()))
                .append('.');
        }
        return sb.toString();
    }

    /** A lab (LOINC) finding is ordered; anything else is assessed. */
    private static String nextStep(Evidence e) {
        return Code.LOINC.equals(e.finding().system()) ? "Order " + e.label() : "Assess " + e.label();
    }

    @Override
    public Optional<ExplanationOutcome> lookup(String hookInstance) {
        return hookInstance == null ? Optional.empty() : Optional.ofNullable(cache.getIfPresent(hookInstance));
    }

    @Override
    public String modelId() {
        return MODEL_ID;
    }

    @Override
    public ExplainerHealth health() {
        return new ExplainerHealth("evidence-only", null);
    }
}
