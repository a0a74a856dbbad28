package org.dxguard.service.hooks;

import java.time.Duration;
import java.util.List;
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
import org.dxguard.reasoner.Explainer;
import org.dxguard.reasoner.ExplanationOutcome;
import org.dxguard.service.cdshooks.Card;
import org.dxguard.service.cdshooks.Hook;
import org.dxguard.service.cdshooks.Indicator;
import org.dxguard.service.cdshooks.Link;
import org.dxguard.service.cdshooks.ServiceDescriptor;
import org.dxguard.service.cdshooks.Source;
import org.dxguard.service.explanations.ExplanationReview;
import org.dxguard.service.explanations.LateExplanations;
import org.dxguard.service.observability.Stage;
import org.dxguard.safety.ExplanationGuard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The patient-view differential: the patient's conditions, observations and findings mapped to graph findings,
 * ranked into candidate diagnoses with the evidence for and the key findings missing, shown as one info card.
 * Quiet when the patient has no finding the graph knows. A graph outage leaves the card out (logged), never the
 * call, and is reported to the {@link GraphHolder}, which reconnects in the background. The explanation (a model's, or the evidence-only default) is shown only after the veto: every claim in it
 * is extracted and checked against the guidelines and this patient; vetoed parts are cut, and if nothing coherent
 * remains the card says the explanation was withheld and why. The review goes into the decision record. The call
 * waits at most the budget ({@code --llm-budget}); a late explanation is finished, reviewed, kept and recorded by
 * {@link LateExplanations}, and the card links to its page.
 */
public final class DifferentialService implements CdsService {
    public static final String ID = "dxguard-differential";
    private static final Logger LOG = LoggerFactory.getLogger(DifferentialService.class);
    private static final int TOP_K = 5;
    /** The least the call waits for the explanation even when the budget is already spent (an answer in cache). */
    private static final Duration MIN_WAIT = Duration.ofMillis(1);

    private final ServiceDescriptor descriptor = new ServiceDescriptor(Hook.PATIENT_VIEW.id(),
        "dxguard differential diagnosis",
        "Ranks candidate diagnoses for the patient's findings from a symptom-disease knowledge graph, with the "
            + "evidence for each and the key findings still missing.",
        ID, PrefetchTemplates.differential(), null);
    private final GraphHolder graph;
    private final Explainer explainer;
    private final ExplanationReview review;
    private final LateExplanations late;
    private final Duration budget;

    /**
     * Without late explanations: a late one is reported as still being written, without a link.
     *
     * @param budget how long the whole call may take before its card goes out (see the other constructor)
     */
    public DifferentialService(GraphHolder graph, Explainer explainer, ExplanationGuard guard, Duration budget) {
        this(graph, explainer, new ExplanationReview(guard, List::of), null, budget);
    }

    /**
     * @param review the veto path for explanations (shared with {@code late})
     * @param late   finishes, reviews, keeps, records and links explanations that miss the budget; null: none
     * @param budget how long the whole call may take before its card goes out, with the explanation if it is ready
     *               by then: counted from the call's arrival, so that time spent on the request, the prefetch and
     *               the graph shortens the wait for the model instead of adding to it; null = the explainer's
     *               configured budget, counted from when it is asked
     */
    public DifferentialService(GraphHolder graph, Explainer explainer, ExplanationReview review,
                               LateExplanations late, Duration budget) {
        this.graph = graph;
        this.explainer = explainer;
        this.review = review;
        this.late = late;
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
    public Decision decide(HookCall call) {
        Optional<KnowledgeGraph> g = graph.current();
        if (g.isEmpty()) {
            LOG.info("differential left out for hookInstance={}: {}", call.request().hookInstance(), graph.status());
            return Decision.none();
        }
        PatientFacts facts = call.facts();
        Optional<Differential> ranked;
        try {
            ranked = Stage.GRAPH.time(() -> {
                List<Finding> findings = g.get().findingsFor(facts);
                return findings.stream().noneMatch(Finding::present) ? Optional.<Differential>empty()
                    : Optional.of(g.get().rank(RankQuery.of(findings, facts.ageYears(), facts.sex(), TOP_K)));
            });
        } catch (DxGuardException e) {
            LOG.warn("differential left out for hookInstance={}: {} {}", call.request().hookInstance(),
                e.errorCode().code(), e.reason());
            graph.reportFailure(g.get(), e);
            return Decision.none();
        } catch (RuntimeException e) {
            // the differential is optional: whatever goes wrong in the graph must not cost the call
            LOG.warn("differential left out for hookInstance={}: knowledge graph failed ({})",
                call.request().hookInstance(), e.toString());
            graph.reportFailure(g.get(), e);
            return Decision.none();
        }
        if (ranked.isEmpty() || ranked.get().candidates().isEmpty()) {
            return Decision.none();
        }
        Differential differential = ranked.get();
        String hookInstance = call.request().hookInstance();
        // the explanation of this call: its hook instance, scoped to the calling EHR (another issuer never joins it)
        String key = LateExplanations.key(hookInstance, call.callerIssuer());
        Duration wait = budget == null ? null : budget.minus(call.elapsed());
        if (wait != null && wait.compareTo(MIN_WAIT) < 0) {
            wait = MIN_WAIT;
        }
        Duration waitForModel = wait;
        // waiting for the model is no work on this instance's cores: the decision slot goes to the next call
        org.dxguard.service.capacity.Admission.leaveWhileWaiting();
        ExplanationOutcome explanation = Stage.EXPLANATION.time(
            () -> explainer.explain(key, facts, differential.candidates(), waitForModel));
        // the veto is timed only for a finished explanation: reviewing a pending one takes no time worth a sample
        ExplanationReview.Result r = explanation.isReady()
            ? Stage.VETO.time(() -> review.review(explanation, facts, differential.candidates(), late != null))
            : review.review(explanation, facts, differential.candidates(), late != null);
        Link link = null;
        if (late != null) {
            if (explanation.status() == ExplanationOutcome.Status.PENDING) {
                link = late.pending(hookInstance, call.callerIssuer(), call.baseUrl(), facts,
                    differential.candidates(), call.followUp());
            } else {
                late.keep(key, r);
            }
        }
        return Decision.ofDifferential(differential.candidates(), explanation, r,
            card(differential, r.section(), link));
    }

    Card card(Differential d, String explanationSection) {
        return card(d, explanationSection, null);
    }

    Card card(Differential d, String explanationSection, Link link) {
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
        md.append('\n').append(explanationSection);
        String version = d.knowledgeBaseVersion();
        String label = "dxguard knowledge base " + (version.length() > 70 ? version.substring(0, 70) + "…" : version);
        Card.Builder card = Card.builder()
            .summary(Card.fitSummary("Differential: " + top))
            .detail(md.toString())
            .indicator(Indicator.INFO)
            .source(Source.of(label, null));
        if (link != null) {
            card.link(link);
        }
        return card.build();
    }

    private static String evidence(List<Evidence> items) {
        return items.stream().limit(6).map(e -> e.label() + " `" + e.id() + "`").collect(Collectors.joining(", "));
    }
}
