package org.dxguard.service.hooks;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.dxguard.graph.Differential;
import org.dxguard.graph.KnowledgeGraph;
import org.dxguard.graph.RankQuery;
import org.dxguard.model.Candidate;
import org.dxguard.model.Code;
import org.dxguard.model.Condition;
import org.dxguard.model.DxGuardException;
import org.dxguard.model.Finding;
import org.dxguard.model.FindingSource;
import org.dxguard.model.PatientFacts;
import org.dxguard.reasoner.Explainer;
import org.dxguard.reasoner.ExplanationOutcome;
import org.dxguard.service.cdshooks.Hook;
import org.dxguard.service.cdshooks.Link;
import org.dxguard.service.cdshooks.ServiceDescriptor;
import org.dxguard.service.explanations.ExplanationReview;
import org.dxguard.service.explanations.LateExplanations;
import org.dxguard.service.notes.AttachmentReader;
import org.dxguard.service.notes.GraphLexicon;
import org.dxguard.service.notes.RecordTexts;
import org.dxguard.service.notes.VisitReader;
import org.dxguard.service.observability.Stage;
import org.dxguard.safety.ExplanationGuard;
import org.dxguard.text.ClinicalText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The patient-view differential from the whole record: the findings of the current visit (its notes, reports and
 * visit reasons read as English or Chinese text, with negation, temporality and experiencer; coded symptom
 * conditions and findings; its vital signs and labs over the data thresholds; see {@code notes.VisitReader}) and what
 * the record says of the patient (active conditions that the terminology maps to graph findings, age, sex) are ranked
 * by the knowledge graph into the whole calibrated differential ({@link RankQuery#ALL}). Diagnoses already on the
 * problem list are shown as known, not proposed again; the card stays quiet when no finding of the current visit is
 * present or nothing but known diagnoses comes out. A graph outage leaves the card out (logged), never the call, and
 * is reported to the {@link GraphHolder}, which reconnects in the background. The explanation (a model's, or the
 * evidence-only default) gets the same findings with their de-identified citations and is shown only after the veto:
 * every claim in it is extracted and checked against the guidelines and this patient (the findings read from text
 * included); vetoed parts are cut, and if nothing coherent remains the card says the explanation was withheld and
 * why. The review goes into the decision record. The call waits at most the budget ({@code --llm-budget}); a late
 * explanation is finished, reviewed, kept and recorded by {@link LateExplanations}, and the card links to its page.
 * The card: {@link DifferentialCard}.
 */
public final class DifferentialService implements CdsService {
    public static final String ID = "dxguard-differential";
    private static final Logger LOG = LoggerFactory.getLogger(DifferentialService.class);
    /** The least the call waits for the explanation even when the budget is already spent (an answer in cache). */
    private static final Duration MIN_WAIT = Duration.ofMillis(1);
    /** The prefetch keys the visit's texts are read from (and the patient, for de-identification). */
    private static final List<String> TEXT_KEYS = List.of(PrefetchTemplates.NOTES, PrefetchTemplates.REPORTS,
        PrefetchTemplates.ENCOUNTERS, "patient");

    private final ServiceDescriptor descriptor = new ServiceDescriptor(Hook.PATIENT_VIEW.id(),
        "dxguard differential diagnosis",
        "Ranks candidate diagnoses for the findings of the current visit (notes and reports in English or Chinese, "
            + "coded findings, vital signs and labs) from a symptom-disease knowledge graph, with the evidence for "
            + "each, where it was read, and the key findings still missing.",
        ID, PrefetchTemplates.differential(), null);
    private final GraphHolder graph;
    private final Explainer explainer;
    private final ExplanationReview review;
    private final LateExplanations late;
    private final Duration budget;
    private final VisitReader visits;
    private final GraphLexicon lexicon = new GraphLexicon();

    /**
     * Without late explanations: a late one is reported as still being written, without a link.
     *
     * @param budget how long the whole call may take before its card goes out (see the other constructor)
     */
    public DifferentialService(GraphHolder graph, Explainer explainer, ExplanationGuard guard, Duration budget) {
        this(graph, explainer, new ExplanationReview(guard, List::of), null, budget);
    }

    /** With url attachments fetched within 3 s each (see the other constructor). */
    public DifferentialService(GraphHolder graph, Explainer explainer, ExplanationReview review,
                               LateExplanations late, Duration budget) {
        this(graph, explainer, review, late, budget, new VisitReader(new AttachmentReader(Duration.ofSeconds(3))));
    }

    /**
     * @param review the veto path for explanations (shared with {@code late})
     * @param late   finishes, reviews, keeps, records and links explanations that miss the budget; null: none
     * @param budget how long the whole call may take before its card goes out, with the explanation if it is ready
     *               by then: counted from the call's arrival, so that time spent on the request, the prefetch and
     *               the graph shortens the wait for the model instead of adding to it; null = the explainer's
     *               configured budget, counted from when it is asked
     * @param visits reads the current visit's texts (url attachments fetched with the FHIR timeout)
     */
    public DifferentialService(GraphHolder graph, Explainer explainer, ExplanationReview review,
                               LateExplanations late, Duration budget, VisitReader visits) {
        this.graph = graph;
        this.explainer = explainer;
        this.review = review;
        this.late = late;
        this.budget = budget;
        this.visits = visits;
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
    public Set<String> optionalPrefetch() {
        return PrefetchTemplates.TEXT_KEYS;
    }

    /** The findings the ranking read (with their sources) and what it gave. */
    private record Ranked(List<Finding> findings, Differential differential) {}

    @Override
    public Decision decide(HookCall call) {
        Optional<KnowledgeGraph> g = graph.current();
        if (g.isEmpty()) {
            LOG.info("differential left out for hookInstance={}: {}", call.request().hookInstance(), graph.status());
            return Decision.none();
        }
        PatientFacts facts = call.facts();
        Optional<Ranked> ranked;
        try {
            ClinicalText text = lexicon.text(g.get());
            VisitReader.Visit visit = Stage.NOTES.time(() -> visits.read(call.request(), call.prefetch(), TEXT_KEYS,
                facts, text));
            PatientFacts withVisit = facts.toBuilder().findings(visit.findings()).build();
            ranked = Stage.GRAPH.time(() -> {
                List<Finding> findings = g.get().findingsFor(withVisit);
                return findings.stream().noneMatch(f -> f.present() && ofThisVisit(f, facts.asOf()))
                    ? Optional.<Ranked>empty()
                    : Optional.of(new Ranked(findings, g.get().rank(RankQuery.of(findings, facts.ageYears(),
                        facts.sex(), RankQuery.ALL))));
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
        if (ranked.isEmpty() || ranked.get().differential().candidates().isEmpty()) {
            return Decision.none();
        }
        Differential differential = ranked.get().differential();
        List<Candidate> known = new ArrayList<>();
        List<Candidate> proposed = new ArrayList<>();
        for (Candidate c : differential.candidates()) {
            (onProblemList(g.get(), c, facts) ? known : proposed).add(c);
        }
        List<Candidate> doNotMiss = differential.doNotMiss().stream().filter(c -> !onProblemList(g.get(), c, facts))
            .toList();
        if (proposed.isEmpty()) {
            return Decision.none(); // nothing new: the findings are explained by what is already known
        }
        // the explainer sees the findings as ranked, once each, with their (de-identified) citations; the veto sees
        // every one of them (grounding)
        List<Finding> read = ranked.get().findings().subList(facts.findings().size(), ranked.get().findings().size());
        PatientFacts explained = facts.toBuilder().findings(read).build();
        PatientFacts prompted = facts.toBuilder().findings(forPrompt(read)).build();
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
        // the explanation in the call's language (its extension or its EHR's locale); when neither names one, in the
        // deployment's model language (DXGUARD_LLM_LANGUAGE, English by default)
        ExplanationOutcome explanation = Stage.EXPLANATION.time(() -> explainer.explain(
            org.dxguard.reasoner.ExplanationRequest.builder(key, prompted).candidates(proposed).budget(waitForModel)
                .locale(call.specifiedLocale().orElse(null)).build()));
        // the veto is timed only for a finished explanation: reviewing a pending one takes no time worth a sample
        ExplanationReview.Result r = explanation.isReady()
            ? Stage.VETO.time(() -> review.review(explanation, explained, proposed, late != null, call.locale()))
            : review.review(explanation, explained, proposed, late != null, call.locale());
        Link link = null;
        if (late != null) {
            if (explanation.status() == ExplanationOutcome.Status.PENDING) {
                link = late.pending(hookInstance, call.callerIssuer(), call.baseUrl(), explained, proposed,
                    call.followUp(), call.locale());
            } else {
                late.keep(key, r);
            }
        }
        return Decision.ofDifferential(proposed, explanation, r, new DifferentialCard(ranked.get().findings(),
            facts.asOf(), call.locale(), lexicon.chineseNames(g.get())).card(proposed, doNotMiss, known, differential.knowledgeBaseVersion(), r.section(), link));
    }

    /**
     * Whether a present finding belongs to the current visit: read from its texts or measured in it (only those are
     * read), a coded finding without a date or dated within the visit's window, or one given without a source.
     */
    static boolean ofThisVisit(Finding f, Instant asOf) {
        FindingSource s = f.source();
        if (s == null || !FindingSource.CODED.equals(s.kind())) {
            return true;
        }
        return s.date() == null || !s.date().isBefore(asOf.minus(RecordTexts.CURRENT_WINDOW));
    }

    /** A candidate whose disease (or an equivalent code) is an active condition of the patient. */
    private boolean onProblemList(KnowledgeGraph g, Candidate c, PatientFacts facts) {
        Set<String> codes = lexicon.diseaseCodes(g, c.disease());
        for (Condition condition : facts.conditions()) {
            if (!condition.active()) {
                continue;
            }
            for (Code code : condition.codes()) {
                if (codes.contains(code.system() + "|" + code.code())) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The findings for the prompt: one per source and presence. A mention found by two terms (the packaged lexicon's
     * SNOMED CT term and the graph's own) or implying another finding is given once, in a standard terminology when
     * one of them is (the model reads "Orthopnea (SNOMED CT 62744007)"), else as the graph's. Findings without a
     * source are kept as they are. The veto sees every finding (grounding), the prompt this shorter list.
     */
    static List<Finding> forPrompt(List<Finding> ranked) {
        java.util.LinkedHashMap<Object, Finding> out = new java.util.LinkedHashMap<>();
        int unsourced = 0;
        for (Finding f : ranked) {
            if (f.source() == null) {
                out.put(unsourced++, f);
                continue;
            }
            List<Object> key = List.of(f.source(), f.present());
            Finding kept = out.get(key);
            if (kept == null || !standard(kept) && standard(f)) {
                out.put(key, f);
            }
        }
        return List.copyOf(out.values());
    }

    private static boolean standard(Finding f) {
        String s = f.code().system();
        return s.equals(Code.SNOMED) || s.equals(Code.LOINC) || s.equals(Code.ICD10) || s.equals(Code.ICD10_CM);
    }
}
