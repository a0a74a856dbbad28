package org.dxguard.service.hooks;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.dxguard.fhir.FhirFacts;
import org.dxguard.model.DxGuardException;
import org.dxguard.model.PatientFacts;
import org.dxguard.reasoner.ExplanationOutcome;
import org.dxguard.service.audit.DecisionDraft;
import org.dxguard.service.audit.DecisionLog;
import org.dxguard.service.cdshooks.BadRequestException;
import org.dxguard.service.cdshooks.Card;
import org.dxguard.service.cdshooks.CdsJson;
import org.dxguard.service.cdshooks.CdsRequest;
import org.dxguard.service.cdshooks.CdsResponse;
import org.dxguard.service.cdshooks.FeedbackRequest;
import org.dxguard.service.cdshooks.ServiceDescriptor;
import org.dxguard.service.cdshooks.ServiceErrors;
import org.dxguard.service.explanations.ExplanationReview;
import org.dxguard.service.feedback.FeedbackStore;
import org.dxguard.service.observability.ModelOutcome;
import org.dxguard.service.observability.ServiceMetrics;
import org.dxguard.service.observability.Stage;
import org.dxguard.service.observability.TraceContext;
import org.dxguard.service.prefetch.PrefetchResolver;
import org.dxguard.service.prefetch.PrefetchUnavailableException;
import org.dxguard.service.prefetch.ResolvedPrefetch;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Discovery, hook calls and feedback, independent of the HTTP transport. Thread-safe. One call is one pass: parse,
 * prefetch, facts, the service's {@link Decision}, then the decision record (written here only, on disk before the
 * answer) and the metrics. The request's trace id is taken from the SLF4J MDC ({@link TraceContext#MDC_KEY}, set by
 * the HTTP layer) into the decision record; each step is timed as its {@link Stage}.
 */
public final class CdsHooksApi {
    private static final Logger LOG = LoggerFactory.getLogger(CdsHooksApi.class);

    private final Map<String, CdsService> services = new LinkedHashMap<>();
    private final CdsJson json;
    private final PrefetchResolver prefetch;
    private final FhirFacts fhir;
    private final FeedbackStore feedback;
    private final DecisionLog decisions;
    private final Clock clock;
    private final java.util.function.Predicate<String> reasonRequired;

    public CdsHooksApi(List<CdsService> services, CdsJson json, PrefetchResolver prefetch, FhirFacts fhir,
                       FeedbackStore feedback, DecisionLog decisions, Clock clock) {
        this(services, json, prefetch, fhir, feedback, decisions, clock, card -> false);
    }

    /**
     * @param reasonRequired whether an override of a card (by uuid) must carry a reason (critical guideline cards,
     *                       {@link CardAttention#reasonRequired}); feedback overriding one without a reason is refused
     */
    public CdsHooksApi(List<CdsService> services, CdsJson json, PrefetchResolver prefetch, FhirFacts fhir,
                       FeedbackStore feedback, DecisionLog decisions, Clock clock,
                       java.util.function.Predicate<String> reasonRequired) {
        this.reasonRequired = java.util.Objects.requireNonNull(reasonRequired, "reasonRequired");
        for (CdsService s : services) {
            if (this.services.put(s.id(), s) != null) {
                throw new IllegalArgumentException("duplicate service id " + s.id());
            }
        }
        this.json = json;
        this.prefetch = prefetch;
        this.fhir = fhir;
        this.feedback = feedback;
        this.decisions = decisions;
        this.clock = clock;
    }

    /** The discovery document. */
    public record Discovery(List<ServiceDescriptor> services) {}

    public ApiResult discovery() {
        return ApiResult.ok(new Discovery(services.values().stream().flatMap(s -> s.descriptors().stream())
            .map(d -> d.withExtension(CallLocale.DISCOVERY)).toList()));
    }

    public Optional<CdsService> service(String id) {
        return Optional.ofNullable(services.get(id));
    }

    public ApiResult call(String serviceId, byte[] body, String callerIssuer) {
        return call(serviceId, body, callerIssuer, null);
    }

    /** @param baseUrl the base URL the caller called (for links in cards); null: the configured default */
    public ApiResult call(String serviceId, byte[] body, String callerIssuer, java.net.URI baseUrl) {
        return call(serviceId, body, callerIssuer, baseUrl, null);
    }

    /**
     * @param baseUrl      the base URL the caller called (for links in cards); null: the configured default
     * @param issuerLocale the calling EHR's configured locale (trusted-EHRs file); null: none configured (English
     *                     cards, the model in its configured language). A request
     *                     extension {@value CallLocale#EXTENSION_KEY} overrides it ({@link CallLocale}).
     */
    public ApiResult call(String serviceId, byte[] body, String callerIssuer, java.net.URI baseUrl,
                          java.util.Locale issuerLocale) {
        long start = System.nanoTime();
        CdsService service = services.get(serviceId);
        if (service == null) {
            return unknownService(serviceId);
        }
        DecisionDraft draft = new DecisionDraft(serviceId, callerIssuer, clock.instant(), body)
            .traceId(MDC.get(TraceContext.MDC_KEY));
        CdsRequest request;
        java.util.Optional<java.util.Locale> locale;
        try {
            request = Stage.PARSE.time(() -> json.parseRequest(body, service.hooks()));
            locale = CallLocale.specified(issuerLocale, request);
        } catch (DxGuardException e) {
            LOG.info("call rejected service={} status=400 code={}", serviceId, e.errorCode().code());
            return recorded(draft, ApiResult.error(400, e), e);
        }
        draft.request(request.hook().id(), request.hookInstance());
        ApiResult result;
        DxGuardException failure = null;
        try {
            ResolvedPrefetch resolved = resolve(service, request);
            PatientFacts facts = facts(resolved, request, draft);
            Decision decision = service.decide(new HookCall(serviceId, request, facts, callerIssuer, start,
                draft.followUp(), baseUrl, resolved, locale.orElse(java.util.Locale.ENGLISH), locale.isPresent()));
            note(draft, decision, serviceId);
            result = ApiResult.ok(CdsResponse.of(decision.cards()));
            LOG.info("call service={} hook={} hookInstance={} status=200 cards={} ms={}", serviceId,
                request.hook().id(), request.hookInstance(), decision.cards().size(),
                (System.nanoTime() - start) / 1_000_000);
        } catch (PrefetchUnavailableException e) {
            LOG.info("call service={} hookInstance={} status=412 code={} keys={}", serviceId,
                request.hookInstance(), e.errorCode().code(), e.keys());
            failure = e;
            result = ApiResult.error(412, e);
        } catch (DxGuardException e) {
            failure = e;
            if (e.errorCode().retriable()) {
                LOG.warn("call service={} hookInstance={} status=503 code={}", serviceId, request.hookInstance(),
                    e.errorCode().code(), e);
                result = ApiResult.error(503, e);
            } else {
                LOG.info("call service={} hookInstance={} status=400 code={}", serviceId, request.hookInstance(),
                    e.errorCode().code());
                result = ApiResult.error(400, e);
            }
        }
        return recorded(draft, result, failure);
    }

    /**
     * The one place where what a service decided is written down: into the call's decision record (appended by
     * {@link #recorded} before the answer leaves) and its metrics.
     */
    private static void note(DecisionDraft draft, Decision decision, String serviceId) {
        ServiceMetrics metrics = ServiceMetrics.current();
        if (decision.rules() != null) {
            draft.rulesEvaluated(decision.rules());
        }
        decision.ruleOfCard().forEach(draft::cardFromRule);
        decision.withheld().forEach(w -> draft.dataNote("CARD withheld " + w));
        if (decision.candidates() != null) {
            draft.candidatesRanked(decision.candidates());
        }
        ExplanationOutcome explanation = decision.explanation();
        if (explanation != null) {
            ExplanationReview.Result review = decision.review();
            metrics.modelCall(ModelOutcome.of(explanation));
            review.verdicts().forEach(v -> v.vetoes().forEach(veto -> metrics.veto(veto.ruleId())));
            draft.explanationReviewed(explanation.modelId(), explanation.promptVersion(),
                ExplanationReview.recordedRaw(explanation),
                review.claims(), review.verdicts(), review.vetoRulesVersion(), review.outcome());
        }
        draft.cardsReturned(decision.cards());
        for (Card card : decision.cards()) {
            metrics.card(serviceId, card.indicator());
        }
    }

    /** Nothing is answered before its decision record is on disk; if it cannot be written, the answer is 503. */
    private ApiResult recorded(DecisionDraft draft, ApiResult result, DxGuardException failure) {
        try {
            ServiceMetrics.current().decided(Stage.AUDIT.time(() -> decisions.append(draft.toRecord(result.status(),
                failure == null ? null : failure.errorCode().code()))));
            return result;
        } catch (DxGuardException e) {
            LOG.error("decision record not written, answer withheld: {}", e.getMessage());
            return ApiResult.error(503, e);
        }
    }

    public ApiResult feedback(String serviceId, byte[] body, String callerIssuer) {
        if (!services.containsKey(serviceId)) {
            return unknownService(serviceId);
        }
        FeedbackRequest request;
        try {
            request = json.parseFeedback(body);
        } catch (DxGuardException e) {
            return ApiResult.error(400, e);
        }
        for (int i = 0; i < request.feedback().size(); i++) {
            FeedbackRequest.Entry entry = request.feedback().get(i);
            // a reason is a coded overrideReason.reason or the clinician's written userComment
            boolean noReason = entry.overrideReason() == null
                && (entry.userComment() == null || entry.userComment().isBlank());
            if (entry.outcome() == FeedbackRequest.Outcome.OVERRIDDEN && noReason && reasonRequired.test(entry.card())) {
                LOG.info("feedback service={} refused: critical card overridden without a reason", serviceId);
                return ApiResult.error(400, new DxGuardException(CardErrors.OVERRIDE_REASON_REQUIRED,
                    "feedback[" + i + "] overrides critical card " + entry.card() + " without an overrideReason; "
                        + "a critical card's override needs one of the reasons the card offered"));
            }
        }
        try {
            int stored = feedback.record(serviceId, callerIssuer, request);
            ServiceMetrics.current().feedback(request, stored);
            LOG.info("feedback service={} entries={} new={}", serviceId, request.feedback().size(), stored);
            return new ApiResult(200, null);
        } catch (DxGuardException e) {
            LOG.error("feedback could not be stored: {}", e.getMessage(), e);
            return ApiResult.error(503, e);
        }
    }

    private ResolvedPrefetch resolve(CdsService service, CdsRequest request) {
        return Stage.PREFETCH.time(() -> prefetch.resolve(service.descriptor().prefetch(), service.optionalPrefetch(),
            request.prefetch(), request.templateContext(), request.fhirServer(), token(request)));
    }

    private static String token(CdsRequest request) {
        return request.fhirAuthorization() == null ? null : request.fhirAuthorization().accessToken();
    }

    private PatientFacts facts(ResolvedPrefetch resolved, CdsRequest request, DecisionDraft draft) {
        String token = token(request);
        checkSamePatient(resolved, request.patientId());
        resolved.notes().forEach(draft::dataNote);
        PatientFacts facts = Stage.FACTS.time(() -> {
            List<IBaseResource> draftOrders = request.draftOrders()
                .map(j -> fhir.resources(fhir.parse(j, "context.draftOrders")))
                .orElse(List.of());
            List<IBaseResource> record = new java.util.ArrayList<>(resolved.all());
            List<String> external = fhir.unresolvedMedicationReferences(record, draftOrders);
            if (!external.isEmpty()) {
                // US Core: an order may name a Medication that neither the prefetch nor an _include carried: read it
                try {
                    record.addAll(prefetch.read(external, request.fhirServer(), token));
                } catch (PrefetchUnavailableException e) {
                    draft.dataNote("PREFETCH medication references " + external + " could not be read: " + e.reason());
                }
                List<String> still = fhir.unresolvedMedicationReferences(record, draftOrders);
                if (!still.isEmpty()) {
                    draft.dataNote("PREFETCH medication references " + still
                        + " not resolved (no fhirServer, or not found): only their display text can be used");
                }
            }
            FhirFacts.Mapped mapped = fhir.map(record, draftOrders, clock.instant());
            mapped.notes().forEach(draft::dataNote);
            return mapped.facts();
        });
        ServiceMetrics.current().sinceArrival(Stage.INBOUND);
        return facts;
    }

    /** Prefetched data about another patient would produce cards for the wrong person: refuse it. */
    private static void checkSamePatient(ResolvedPrefetch resolved, String patientId) {
        for (IBaseResource r : resolved.all()) {
            if ("Patient".equals(r.fhirType()) && r.getIdElement() != null && r.getIdElement().hasIdPart()
                && !r.getIdElement().getIdPart().equals(patientId)) {
                throw new BadRequestException("prefetched Patient does not match context.patientId");
            }
        }
    }

    private ApiResult unknownService(String serviceId) {
        // the id that was asked for is not echoed: an error body is no channel for request text
        return ApiResult.error(404, new DxGuardException(ServiceErrors.UNKNOWN_SERVICE,
            "no CDS service has the id in this path; the services are " + services.keySet()));
    }
}
