package org.dxguard.service.hooks;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import org.dxguard.graph.Differential;
import org.dxguard.graph.KnowledgeGraph;
import org.dxguard.graph.RankQuery;
import org.dxguard.model.Candidate;
import org.dxguard.model.DxGuardException;
import org.dxguard.model.Evidence;
import org.dxguard.model.Finding;
import org.dxguard.model.PatientFacts;
import org.dxguard.reasoner.CandidateExplanation;
import org.dxguard.reasoner.Explainer;
import org.dxguard.reasoner.ExplanationOutcome;
import org.dxguard.service.cdshooks.Card;
import org.dxguard.service.cdshooks.Hook;
import org.dxguard.service.cdshooks.Indicator;
import org.dxguard.service.cdshooks.ServiceDescriptor;
import org.dxguard.service.cdshooks.Source;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The patient-view differential: the patient's conditions, observations and findings mapped to graph findings,
 * ranked into candidate diagnoses with the evidence for and the key findings missing, shown as one info card.
 * Quiet when the patient has no finding the graph knows. A graph outage leaves the card out (logged), never the
 * call. An explanation is added only from the evidence-only explainer: model-written text stays withheld until
 * the guideline veto reviews it (see the veto issue).
 */
public final class DifferentialService implements CdsService {
    public static final String ID = "dxguard-differential";
    static final String EVIDENCE_ONLY = "dxguard-evidence-only";
    private static final Logger LOG = LoggerFactory.getLogger(DifferentialService.class);
    private static final int TOP_K = 5;

    private final ServiceDescriptor descriptor = new ServiceDescriptor(Hook.PATIENT_VIEW.id(),
        "dxguard differential diagnosis",
        "Ranks candidate diagnoses for the patient's findings from a symptom-disease knowledge graph, with the "
            + "evidence for each and the key findings still missing.",
        ID, PrefetchTemplates.differential(), null);
    private final GraphHolder graph;
    private final Explainer explainer;
    private final Duration budget;

    public DifferentialService(GraphHolder graph, Explainer explainer, Duration budget) {
        this.graph = graph;
        this.explainer = explainer;
        this.budget = budget;
    }

    @Override
    public ServiceDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public List<Hook> hooks() {
        return List.of(Hook.PATIENT_VIEW);
    }

    @Override
    public List<Card> cards(HookCall call) {
        Optional<KnowledgeGraph> g = graph.current();
        if (g.isEmpty()) {
            LOG.info("differential left out for hookInstance={}: {}", call.request().hookInstance(), graph.status());
            return List.of();
        }
        PatientFacts facts = call.facts();
        Differential differential;
        try {
            List<Finding> findings = g.get().findingsFor(facts);
            if (findings.stream().noneMatch(Finding::present)) {
                return List.of();
            }
            differential = g.get().rank(RankQuery.of(findings, facts.ageYears(), facts.sex(), TOP_K));
        } catch (DxGuardException e) {
            LOG.warn("differential left out for hookInstance={}: {} {}", call.request().hookInstance(),
                e.errorCode().code(), e.reason());
            return List.of();
        } catch (RuntimeException e) {
            // the differential is optional: whatever goes wrong in the graph must not cost the call
            LOG.warn("differential left out for hookInstance={}: knowledge graph failed ({})",
                call.request().hookInstance(), e.toString());
            return List.of();
        }
        if (differential.candidates().isEmpty()) {
            return List.of();
        }
        ExplanationOutcome explanation = explainer.explain(call.request().hookInstance(), facts,
            differential.candidates(), budget);
        return List.of(card(differential, explanation));
    }

    Card card(Differential d, ExplanationOutcome explanation) {
        String top = d.candidates().stream().limit(3)
            .map(c -> c.name() + " " + Math.round(c.score() * 100) + "%").collect(Collectors.joining(" · "));
        StringBuilder md = new StringBuilder();
        for (Candidate c : d.candidates()) {
            md.append("**").append(c.name()).append("** — ").append(Math.round(c.score() * 100)).append(" %")
                .append(c.severity() <= 2 ? " · severe, do not miss" : "").append('\n');
            if (!c.supporting().isEmpty()) {
                md.append("- For: ").append(evidence(c.supporting())).append('\n');
            }
            if (!c.missing().isEmpty()) {
                md.append("- Key findings not recorded: ").append(evidence(c.missing())).append('\n');
            }
        }
        md.append('\n').append(explanationSection(explanation));
        String version = d.knowledgeBaseVersion();
        String label = "dxguard knowledge base " + (version.length() > 70 ? version.substring(0, 70) + "…" : version);
        return Card.builder()
            .summary(Card.fitSummary("Differential: " + top))
            .detail(md.toString())
            .indicator(Indicator.INFO)
            .source(Source.of(label, null))
            .build();
    }

    private static String evidence(List<Evidence> items) {
        return items.stream().limit(6).map(e -> e.label() + " `" + e.id() + "`").collect(Collectors.joining(", "));
    }

    private String explanationSection(ExplanationOutcome o) {
        return switch (o.status()) {
            case READY -> EVIDENCE_ONLY.equals(o.modelId()) ? evidenceOnly(o)
                : "_AI explanation withheld: model output is shown only after the guideline veto has checked it, "
                    + "and the veto is not active in this build._";
            case PENDING -> "_Explanation still being written (" + o.modelId() + ")._";
            case UNAVAILABLE -> "_No explanation: " + o.reason() + "._";
        };
    }

    private static String evidenceOnly(ExplanationOutcome o) {
        StringBuilder md = new StringBuilder("**Why these candidates** (built from the evidence above by "
            + EVIDENCE_ONLY + "; no language model):\n");
        for (CandidateExplanation c : o.explanation().candidates()) {
            md.append("- ").append(c.diagnosis()).append(": ").append(c.rationale());
            if (!c.nextSteps().isEmpty()) {
                md.append(" Next: ").append(String.join("; ", c.nextSteps()).toLowerCase(Locale.ROOT));
            }
            md.append('\n');
        }
        return md.toString();
    }
}
