package org.dxguard.service.ask;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.dxguard.fhir.FhirFacts;
import org.dxguard.guidelines.GuidelineRepository;
import org.dxguard.model.Claim;
import org.dxguard.model.Code;
import org.dxguard.model.DxGuardException;
import org.dxguard.model.GuidelineExcerpt;
import org.dxguard.model.Medication;
import org.dxguard.model.MedicationStatus;
import org.dxguard.model.PatientFacts;
import org.dxguard.model.RuleFinding;
import org.dxguard.reasoner.ask.Answerer;
import org.dxguard.reasoner.ask.Answerers;
import org.dxguard.reasoner.ask.AskMaterial;
import org.dxguard.reasoner.ask.ModelAnswer;
import org.dxguard.reasoner.ask.QuestionLanguage;
import org.dxguard.reasoner.ask.QuestionRetriever;
import org.dxguard.reasoner.claims.ClaimExtractor;
import org.dxguard.rules.RuleEvaluation;
import org.dxguard.rules.Terminology;
import org.dxguard.safety.AnswerFacts;
import org.dxguard.safety.AnswerGuard;
import org.dxguard.service.audit.DecisionLog;
import org.dxguard.service.audit.DecisionRecord;
import org.dxguard.service.explanations.CapabilityTokens;
import org.dxguard.service.hooks.PrefetchTemplates;
import org.dxguard.service.observability.TraceContext;
import org.dxguard.service.prefetch.PrefetchResolver;
import org.dxguard.service.prefetch.ResolvedPrefetch;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Ask dxguard without HTTP (issue 19): answers a clinician's question about one patient from the guidelines and
 * the record. In order: the record (prefetch as sent, the rest fetched from {@code fhirServer}, the medication
 * services' prefetch keys; every resource must be about the patient asked about, {@link PatientScope}); the
 * patient's relevant facts ({@link AnswerFacts}); every drug the question names (any language, brand or generic:
 * the claim extractor's drug lexicon) evaluated by the guideline rules as a hypothetical new order; the guideline
 * excerpts retrieved in the question's language ({@link QuestionRetriever}); then the answer — evidence-only at once
 * without a model server; with one, the model's answer from the same material de-identified ({@link AskMaterial}),
 * every claim through {@link AnswerGuard}, within the time budget counted from arrival; a late model answer is
 * checked the same way when it comes, kept for the link's lifetime and recorded as a follow-up. Every answer is
 * recorded in the decision log before it is returned. Thread-safe.
 */
public final class AskService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AskService.class);
    public static final String SERVICE_ID = "dxguard-ask";
    public static final String HOOK = "ask";
    public static final String LATE_PATH = "/ask/answers/";
    /** Excerpts given with an answer. */
    static final int EXCERPTS = 3;

    /**
     * An app session (SMART launch) asking: its patient and FHIR access are used, and the answer is about that
     * patient only.
     */
    public record AppSession(String patientId, String fhirServer, String accessToken, String issuer) {
        public AppSession {
            Objects.requireNonNull(patientId, "patientId");
            Objects.requireNonNull(fhirServer, "fhirServer");
            Objects.requireNonNull(issuer, "issuer");
        }
    }

    private final GuidelineRepository guidelines;
    private final PrefetchResolver prefetch;
    private final FhirFacts fhir;
    private final AnswerGuard guard;
    private final QuestionRetriever retriever;
    private final Answerer answerer;
    private final DecisionLog decisions;
    private final LateAnswers late;
    private final Duration budget;
    private final Clock clock;

    /**
     * @param budget how long a question may take before its answer goes out with a model server, counted from its
     *               arrival (the differential's {@code --llm-budget}); a later model answer is linked
     */
    public AskService(GuidelineRepository guidelines, PrefetchResolver prefetch, FhirFacts fhir, AnswerGuard guard,
                      QuestionRetriever retriever, Answerer answerer, DecisionLog decisions, CapabilityTokens tokens,
                      Supplier<URI> defaultBaseUrl, Duration linkTtl, Duration budget, Clock clock) {
        this.guidelines = Objects.requireNonNull(guidelines, "guidelines");
        this.prefetch = prefetch;
        this.fhir = Objects.requireNonNull(fhir, "fhir");
        this.guard = Objects.requireNonNull(guard, "guard");
        this.retriever = Objects.requireNonNull(retriever, "retriever");
        this.answerer = answerer == null ? Answerers.none() : answerer;
        this.decisions = decisions;
        this.clock = clock == null ? Clock.systemUTC() : clock;
        this.late = tokens == null ? null : new LateAnswers(tokens, defaultBaseUrl, linkTtl, this.clock);
        this.budget = budget == null ? Duration.ofMillis(400) : budget;
    }

    /**
     * For the command line ({@code dxguard ask}): no decision log, no late links; a model answer is waited for
     * (up to its timeout).
     */
    public static AskService offline(GuidelineRepository guidelines, Answerer answerer) {
        return new AskService(guidelines, null,
            FhirFacts.create(() -> guidelines.activeRuleSet().definition().terminology()), AnswerGuard.over(guidelines),
            QuestionRetriever.standard(guidelines::excerpts), answerer, null, null, () -> null, null, null, null);
    }

    /** Where late model answers are kept and linked. */
    public LateAnswers late() {
        return late;
    }

    /** The answerer's model id ({@code dxguard-evidence-only} without a model server). */
    public String modelId() {
        return answerer.modelId();
    }

    /**
     * Answers a request. Errors are thrown as {@link DxGuardException}s (400: {@link AskErrors#BAD_REQUEST} and the
     * CDS Hooks JSON codes; 412: {@code PrefetchUnavailableException}; {@link AskErrors#PATIENT_MISMATCH}); every
     * outcome after parsing is recorded.
     *
     * @param session the app session asking, or null for an EHR's JWT call
     * @param baseUrl the base URL the caller called, for the late answer's link; null: the default
     */
    public AskAnswer ask(AskRequest request, String issuer, AppSession session, URI baseUrl, byte[] body) {
        if (decisions == null || late == null) {
            throw new IllegalStateException("an offline AskService answers askRecord/askFacts only");
        }
        long start = System.nanoTime();
        Instant arrival = clock.instant();
        String decisionId = UUID.randomUUID().toString();
        String patientId = request.patientId();
        if (session != null) {
            if (patientId != null && !patientId.equals(session.patientId())) {
                throw record(decisionId, issuer, arrival, start, body, new DxGuardException(AskErrors.SESSION_PATIENT,
                    "patientId is not the patient this app session was launched for"));
            }
            patientId = session.patientId();
        }
        String language = request.language() != null ? request.language() : QuestionLanguage.detect(request.question());
        PatientFacts facts;
        java.util.concurrent.atomic.AtomicReference<org.dxguard.text.PatientIdentity> identity =
            new java.util.concurrent.atomic.AtomicReference<>(org.dxguard.text.PatientIdentity.none());
        List<String> recordNotes = new ArrayList<>();
        try {
            facts = facts(request, patientId, session, identity, recordNotes);
        } catch (DxGuardException e) {
            throw record(decisionId, issuer, arrival, start, body, e);
        }
        Terminology terminology = guidelines.activeRuleSet().definition().terminology();
        List<AnswerFacts.Fact> answerFacts = guard.facts(facts);
        List<String> drugs = drugs(request.question());
        PatientFacts.Builder withOrders = facts.toBuilder();
        List<Claim> asked = ClaimExtractor.standard().extractText(request.question(), List.of());
        for (int i = 0; i < drugs.size(); i++) {
            withOrders.draftOrder(hypotheticalOrder(i, drugs.get(i), asked, terminology, facts.asOf()));
        }
        RuleEvaluation evaluation = guidelines.engine().evaluate(withOrders.build());
        List<RuleFinding> findings = new ArrayList<>();
        AskDecision probe = new AskDecision(decisionId, request.question(), language, facts, answerFacts, drugs,
            evaluation, List.of(), List.of(), null, List.of());
        for (RuleFinding f : evaluation.findings()) {
            if (!AnswerWriter.drugOf(f, probe).isEmpty()) {
                findings.add(f);
            }
        }
        List<GuidelineExcerpt> excerpts = retrieve(request.question(), language);
        AskDecision d = new AskDecision(decisionId, request.question(), language, facts, answerFacts, drugs,
            evaluation, findings, excerpts, identity.get(), recordNotes);

        if (!answerer.available()) {
            AskAnswer a = evidenceOnly(d, List.of(), null);
            return recorded(d, issuer, arrival, start, body, a, null, "evidence-only");
        }
        CompletableFuture<ModelAnswer> pending = answerer.answer(material(d));
        Duration wait = budget.minusNanos(System.nanoTime() - start);
        ModelAnswer m;
        try {
            m = pending.get(Math.max(1, wait.toMillis()), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            m = null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            m = null;
        } catch (java.util.concurrent.ExecutionException e) {
            m = ModelAnswer.failed(org.dxguard.reasoner.ExplanationOutcome.Reason.INTERNAL_ERROR,
                "answerer failed (" + e.getCause().getClass().getSimpleName() + ")", answerer.modelId(), Duration.ZERO);
        }
        if (m == null) {
            AskAnswer.LateAnswer link = late.pending(decisionId, issuer, baseUrl);
            AskAnswer a = evidenceOnly(d, List.of(AskMessages.of(language).text("answer.late")), link);
            AskAnswer recordedAnswer = recorded(d, issuer, arrival, start, body, a, new AskDecision.ModelPart(
                answerer.modelId(), org.dxguard.reasoner.ask.AskPrompt.version(d.language()), null, List.of(), List.of(),
                null, "pending"), "evidence-only (model late)");
            String traceId = MDC.get(TraceContext.MDC_KEY);
            pending.whenComplete((answer, error) -> finishedLate(d, issuer, body, answer, traceId));
            return recordedAnswer;
        }
        Finished f = finish(d, m);
        return recorded(d, issuer, arrival, start, body, f.answer(), f.part(), f.kind());
    }

    /** A model answer, checked: what the clinician sees, and what the decision record keeps. */
    private record Finished(AskAnswer answer, AskDecision.ModelPart part, String kind) {}

    private Finished finish(AskDecision d, ModelAnswer m) {
        AskMessages msg = AskMessages.of(d.language());
        if (!m.isWritten()) {
            String why = msg.has("model." + m.why().key()) ? msg.text("model." + m.why().key())
                : msg.text("model.explanation.model-error");
            AskAnswer a = evidenceOnly(d, List.of(msg.text("answer.model-none", why)), null);
            return new Finished(a, new AskDecision.ModelPart(m.modelId(), m.promptVersion(), null, List.of(), List.of(),
                null, "unavailable: [" + m.why().key() + "] " + m.detail()), "evidence-only (no model answer)");
        }
        String raw = m.thinking() == null || m.thinking().isBlank() ? m.text()
            : "<think>" + m.thinking() + "</think>\n" + m.text();
        if (!org.dxguard.reasoner.ModelAnswers.writtenIn(m.text(), d.language())) {
            // asked in the question's language (ask-v1 / ask-v1-zh) and not answered in it: not shown, kept for review
            AskAnswer a = evidenceOnly(d, List.of(msg.text("answer.model-none",
                msg.text("model.explanation.wrong-language"))), null);
            return new Finished(a, new AskDecision.ModelPart(m.modelId(), m.promptVersion(), raw, List.of(), List.of(),
                null, "unavailable: [explanation.wrong-language] the answer is not in the question's language ("
                + d.language() + ")"), "evidence-only (no model answer)");
        }
        AnswerGuard.Guarded g;
        try {
            g = guard.guard(d.facts(), AnswerFacts.evidence(d.answerFacts()), m.text());
        } catch (RuntimeException e) {
            LOG.warn("ask: the model's answer could not be checked ({}); the evidence-only answer is given",
                e.getClass().getName());
            AskAnswer a = evidenceOnly(d, List.of(msg.text("answer.model-withheld")), null);
            return new Finished(a, new AskDecision.ModelPart(m.modelId(), m.promptVersion(), raw, List.of(), List.of(),
                null, "withheld: veto failed (" + e.getClass().getSimpleName() + ")"), "evidence-only (model withheld)");
        }
        List<String> withheld = g.withheldKeys().stream().map(msg::text).toList();
        if (g.shownText().isBlank()) {
            AskAnswer a = evidenceOnly(d, List.of(msg.text("answer.model-withheld")), null);
            a = new AskAnswer(a.answer(), a.language(), a.citations(), a.ruleFindings(), a.patientFacts(), a.explainer(),
                withheld, a.decisionId(), null);
            return new Finished(a, new AskDecision.ModelPart(m.modelId(), m.promptVersion(), raw, g.claims(),
                g.verdicts(), g.vetoRulesVersion(), "withheld"), "evidence-only (model withheld)");
        }
        String md = AnswerWriter.model(d, m.modelId(), g.shownText(), withheld);
        AskAnswer a = answer(d, md, new AskAnswer.Explainer("model-server", m.modelId()), withheld, null);
        return new Finished(a, new AskDecision.ModelPart(m.modelId(), m.promptVersion(), raw, g.claims(), g.verdicts(),
            g.vetoRulesVersion(), g.cuts().isEmpty() ? "shown" : "filtered"), "model");
    }

    private void finishedLate(AskDecision d, String issuer, byte[] body, ModelAnswer m, String traceId) {
        if (traceId != null) {
            MDC.put(TraceContext.MDC_KEY, traceId);
        }
        try {
            ModelAnswer answer = m != null ? m : ModelAnswer.failed(
                org.dxguard.reasoner.ExplanationOutcome.Reason.INTERNAL_ERROR, "no answer", answerer.modelId(),
                Duration.ZERO);
            Finished f = finish(d, answer);
            late.keep(d.decisionId(), issuer, f.answer());
            decisions.append(record(d, issuer, clock.instant(), answer.elapsed().toNanos() / 1000, body, 200, null,
                f.part(), "late: " + f.kind(), f.answer().withheld()));
            LOG.info("ask: late model answer checked and recorded ({})", f.kind());
        } catch (RuntimeException e) {
            LOG.error("ask: late model answer could not be checked or recorded ({})", e.getClass().getName());
            LOG.debug("late answer failure", e);
        } finally {
            MDC.remove(TraceContext.MDC_KEY);
        }
    }

    // ------------------------------------------------------------------ the material

    private PatientFacts facts(AskRequest request, String patientId, AppSession session,
                               java.util.concurrent.atomic.AtomicReference<org.dxguard.text.PatientIdentity> identity,
                               List<String> notes) {
        String fhirServer = session != null ? session.fhirServer() : request.fhirServer();
        String token = session != null ? session.accessToken()
            : request.fhirAuthorization() == null ? null : request.fhirAuthorization().accessToken();
        Map<String, com.fasterxml.jackson.databind.node.ObjectNode> sent = session != null ? Map.of()
            : request.prefetch();
        PatientScope.checkPrefetch(patientId, sent);
        if (prefetch == null) {
            throw new DxGuardException(AskErrors.BAD_REQUEST, "fhirServer cannot be read here");
        }
        ResolvedPrefetch resolved = prefetch.resolve(PrefetchTemplates.medicationSafety(),
            PrefetchTemplates.MEDICATION_OPTIONAL, sent,
            Map.of("patientId", patientId), fhirServer, token);
        List<IBaseResource> fetched = new ArrayList<>();
        resolved.byKey().forEach((k, list) -> {
            if (resolved.fetchedKeys().contains(k)) {
                fetched.addAll(list);
            }
        });
        PatientScope.checkResources(patientId, fetched);
        PatientScope.checkResources(patientId, resolved.all().stream().filter(r -> "Patient".equals(r.fhirType()))
            .toList());
        identity.set(sent.get("patient") != null ? Identities.of(sent.get("patient"))
            : fetched.stream().filter(r -> "Patient".equals(r.fhirType())).findFirst().map(Identities::of)
                .orElse(org.dxguard.text.PatientIdentity.none()));
        notes.addAll(resolved.notes());
        List<IBaseResource> record = new ArrayList<>(resolved.all());
        List<String> external = fhir.unresolvedMedicationReferences(record, List.of());
        if (!external.isEmpty()) {
            // US Core: a MedicationRequest may name a Medication that neither the prefetch nor an _include carried
            try {
                List<IBaseResource> read = prefetch.read(external, fhirServer, token);
                PatientScope.checkResources(patientId, read);
                record.addAll(read);
            } catch (org.dxguard.service.prefetch.PrefetchUnavailableException e) {
                notes.add("PREFETCH medication references " + external + " could not be read: " + e.reason());
            }
            List<String> still = fhir.unresolvedMedicationReferences(record, List.of());
            if (!still.isEmpty()) {
                notes.add("PREFETCH medication references " + still
                    + " not resolved (no fhirServer, or not found): only their display text can be used");
            }
        }
        return fhir.toFacts(record, List.of(), clock.instant());
    }

    /** For the command line: a record read from a file (every resource must be about its one Patient). */
    public AskAnswer askRecord(String question, String language, List<IBaseResource> record) {
        String patientId = record.stream().filter(r -> "Patient".equals(r.fhirType())).map(r -> r.getIdElement()
            .getIdPart()).findFirst().orElse("record");
        PatientScope.checkResources(patientId, record);
        PatientFacts facts = fhir.toFacts(record, List.of(), clock.instant());
        return askFacts(question, language, facts, record.stream().filter(r -> "Patient".equals(r.fhirType()))
            .findFirst().map(Identities::of).orElse(org.dxguard.text.PatientIdentity.none()));
    }

    /** For the command line and tests: a question about facts already mapped (no record, no audit). */
    public AskAnswer askFacts(String question, String language, PatientFacts facts) {
        return askFacts(question, language, facts, org.dxguard.text.PatientIdentity.none());
    }

    private AskAnswer askFacts(String question, String language, PatientFacts facts,
                               org.dxguard.text.PatientIdentity identity) {
        String lang = language != null ? QuestionLanguage.normalise(language) : QuestionLanguage.detect(question);
        lang = lang == null ? "en" : lang;
        String decisionId = UUID.randomUUID().toString();
        Terminology terminology = guidelines.activeRuleSet().definition().terminology();
        List<String> drugs = drugs(question);
        PatientFacts.Builder withOrders = facts.toBuilder();
        List<Claim> asked = ClaimExtractor.standard().extractText(question, List.of());
        for (int i = 0; i < drugs.size(); i++) {
            withOrders.draftOrder(hypotheticalOrder(i, drugs.get(i), asked, terminology, facts.asOf()));
        }
        RuleEvaluation evaluation = guidelines.engine().evaluate(withOrders.build());
        AskDecision probe = new AskDecision(decisionId, question, lang, facts, guard.facts(facts), drugs, evaluation,
            List.of(), List.of(), null, List.of());
        List<RuleFinding> findings = evaluation.findings().stream().filter(f -> !AnswerWriter.drugOf(f, probe)
            .isEmpty()).toList();
        AskDecision d = new AskDecision(decisionId, question, lang, facts, probe.answerFacts(), drugs, evaluation,
            findings, retrieve(question, lang), identity, List.of());
        if (!answerer.available()) {
            return evidenceOnly(d, List.of(), null);
        }
        ModelAnswer m;
        try {
            m = answerer.answer(material(d)).get(budget.toMillis() + 60_000, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            m = ModelAnswer.failed(org.dxguard.reasoner.ExplanationOutcome.Reason.MODEL_TIMEOUT, "no answer in time",
                answerer.modelId(), Duration.ZERO);
        }
        return finish(d, m).answer();
    }

    /** The drugs the question names, as ingredients (any language, brand or generic), in order, once each. */
    static List<String> drugs(String question) {
        Set<String> out = new LinkedHashSet<>();
        for (Claim c : ClaimExtractor.standard().extractText(question, List.of())) {
            if (c.kind() == Claim.Kind.MEDICATION) {
                out.add(c.subject());
            }
        }
        return List.copyOf(out);
    }

    static String draftId(int i) {
        return "ask-order-" + (i + 1);
    }

    /**
     * The drug as a hypothetical new order for this patient: its RxNorm ingredient code when the terminology has one,
     * with the dose the question gives (if any). An insulin whose type is not named is checked as basal insulin
     * (glargine), the stricter reading, as the veto does.
     */
    private static Medication hypotheticalOrder(int i, String drug, List<Claim> asked, Terminology t, Instant asOf) {
        String ingredient = drug.equals("insulin") ? "insulin glargine" : drug;
        List<Code> codes = t.ingredient(ingredient).map(Terminology.Ingredient::rxcui).filter(r -> !r.isEmpty())
            .map(r -> List.of(new Code(Code.RXNORM, r, ingredient))).orElse(List.of());
        org.dxguard.model.Dose dose = asked.stream().filter(c -> c.kind() == Claim.Kind.MEDICATION
            && c.subject().equals(drug) && c.dose() != null).map(Claim::dose).findFirst().orElse(null);
        return new Medication(draftId(i), codes, ingredient, dose, MedicationStatus.DRAFT, asOf);
    }

    private List<GuidelineExcerpt> retrieve(String question, String language) {
        try {
            return retriever.retrieve(question, language, EXCERPTS).stream().map(QuestionRetriever.Hit::excerpt)
                .toList();
        } catch (RuntimeException e) {
            // retrieval is an aid: the rules and the record still answer
            LOG.warn("ask: guideline retrieval failed ({}); answering without excerpts", e.toString());
            return List.of();
        }
    }

    /** The de-identified material of a model answer: relative dates, no identifier, no record text. */
    static AskMaterial material(AskDecision d) {
        List<AskMaterial.Fact> facts = new ArrayList<>();
        List<AskAnswer.FactView> views = AnswerWriter.facts(d);
        for (int i = 0; i < d.answerFacts().size(); i++) {
            AnswerFacts.Fact f = d.answerFacts().get(i);
            AskAnswer.FactView v = views.get(i);
            facts.add(new AskMaterial.Fact(f.id(), v.label(), v.value(), f.when() == null ? ""
                : AskMaterial.relative(f.when(), d.facts().asOf(), d.language())));
        }
        List<AskMaterial.Finding> findings = d.findings().stream().map(f -> new AskMaterial.Finding(f.ruleId(),
            f.severity().name().toLowerCase(java.util.Locale.ROOT), AnswerWriter.drugOf(f, d), f.summary())).toList();
        List<AskMaterial.Excerpt> excerpts = d.excerpts().stream().map(x -> new AskMaterial.Excerpt(x.id(),
            x.title(d.language()), x.text(d.language()), x.citation())).toList();
        return new AskMaterial(deidentified(d), d.language(), facts, findings, excerpts);
    }

    /**
     * The question as a model may see it: clinical-text's de-identification (the patient's names and identifiers
     * from the record, name-like patterns, identifiers, exact dates made relative; English and Chinese), then the
     * reasoner's scrubber in {@link AskMaterial} as a second line.
     */
    static String deidentified(AskDecision d) {
        java.time.LocalDate today = d.facts().asOf().atZone(java.time.ZoneOffset.UTC).toLocalDate();
        return Identities.TEXT.deidentify(d.question(), d.identity(), today).text();
    }

    // ------------------------------------------------------------------ the answer and its record

    private AskAnswer evidenceOnly(AskDecision d, List<String> notes, AskAnswer.LateAnswer late) {
        return answer(d, AnswerWriter.evidenceOnly(d, notes), new AskAnswer.Explainer("evidence-only",
            Answerers.EVIDENCE_ONLY), List.of(), late);
    }

    private static AskAnswer answer(AskDecision d, String md, AskAnswer.Explainer explainer, List<String> withheld,
                                    AskAnswer.LateAnswer late) {
        List<AskAnswer.Citation> citations = AnswerWriter.citations(d);
        List<AskAnswer.RuleFindingView> findings = d.findings().stream().map(f -> new AskAnswer.RuleFindingView(
            f.ruleId(), f.severity().name().toLowerCase(java.util.Locale.ROOT), f.summary())).toList();
        return new AskAnswer(md, d.language(), citations, findings, AnswerWriter.facts(d), explainer, withheld,
            d.decisionId(), late);
    }

    private AskAnswer recorded(AskDecision d, String issuer, Instant arrival, long start, byte[] body, AskAnswer a,
                               AskDecision.ModelPart part, String kind) {
        decisions.append(record(d, issuer, arrival, (System.nanoTime() - start) / 1000, body, 200, null, part, kind,
            a.withheld()));
        return a;
    }

    private DecisionRecord record(AskDecision d, String issuer, Instant at, long micros, byte[] body, int status,
                                  String error, AskDecision.ModelPart part, String kind, List<String> withheld) {
        List<DecisionRecord.Fired> fired = d.evaluation() == null ? List.of() : d.evaluation().fired().stream()
            .map(f -> new DecisionRecord.Fired(f.ruleId(), f.ruleVersion(), f.facts())).toList();
        List<DecisionRecord.AskFact> facts = AnswerWriter.facts(d).stream().map(f -> new DecisionRecord.AskFact(f.id(),
            f.label(), f.value(), f.when())).toList();
        List<DecisionRecord.AskFinding> findings = d.findings().stream().map(f -> new DecisionRecord.AskFinding(
            f.ruleId(), f.ruleVersion(), f.severity().name().toLowerCase(java.util.Locale.ROOT),
            AnswerWriter.drugOf(f, d), f.summary())).toList();
        DecisionRecord.Ask ask = new DecisionRecord.Ask(d.question(), d.language(), d.drugs(),
            d.excerpts().stream().map(GuidelineExcerpt::id).toList(), facts, findings, kind, withheld);
        return new DecisionRecord(0, d.decisionId(), SERVICE_ID, HOOK, issuer, at, micros, status, sha256(body),
            d.evaluation() == null ? null : d.evaluation().rulesetVersion(), fired, List.of(), error, null, null,
            part == null ? null : part.modelId(), part == null ? null : part.promptVersion(),
            part == null ? null : part.raw(), part == null ? null : part.claims(),
            part == null ? null : part.verdicts().stream().flatMap(v -> v.vetoes().stream()).toList(),
            part == null ? null : part.vetoRulesVersion(), part == null ? null : part.outcome(), null,
            MDC.get(TraceContext.MDC_KEY), d.dataNotes(), ask);
    }

    /** Records a refused question (after parsing) and returns the error to throw. */
    private DxGuardException record(String decisionId, String issuer, Instant at, long start, byte[] body,
                                    DxGuardException e) {
        int status = e instanceof org.dxguard.service.prefetch.PrefetchUnavailableException ? 412
            : AskErrors.SESSION_PATIENT.equals(e.errorCode()) ? 403
            : AskErrors.PATIENT_MISMATCH.equals(e.errorCode()) ? 412 : 400;
        try {
            decisions.append(new DecisionRecord(0, decisionId, SERVICE_ID, HOOK, issuer, at,
                (System.nanoTime() - start) / 1000, status, sha256(body), null, List.of(), List.of(),
                e.errorCode().code(), null, null, null, null, null, null, null, null, null, null,
                MDC.get(TraceContext.MDC_KEY), null, null));
        } catch (DxGuardException audit) {
            return audit;
        }
        return e;
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data == null ? new byte[0]
                : data));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The late answer's page link. */
    static String lateUrl(URI base, String decisionId, String token) {
        String b = base.toString();
        b = b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
        return b + LATE_PATH + URLEncoder.encode(decisionId, StandardCharsets.UTF_8) + "?t=" + token;
    }

    @Override
    public void close() {
        answerer.close();
    }

    /** Loads the embedding models and embeds the excerpts now (start-up), not in the first question. */
    public void warmUp() {
        retriever.warmUp();
    }
}
