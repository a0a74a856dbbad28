package org.dxguard.service;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.dxguard.fhir.FhirFacts;
import org.dxguard.graph.GraphConfig;
import org.dxguard.graph.KnowledgeGraph;
import org.dxguard.guidelines.GuidelineRepository;
import org.dxguard.model.DxGuardException;
import org.dxguard.reasoner.Explainer;
import org.dxguard.reasoner.Explainers;
import org.dxguard.reasoner.ReasonerConfig;
import org.dxguard.reasoner.retrieval.ExcerptRetriever;
import org.dxguard.safety.ExplanationGuard;
import org.dxguard.service.audit.DecisionLog;
import org.dxguard.service.auth.CallerAuthenticator;
import org.dxguard.service.auth.TrustedEhrs;
import org.dxguard.service.capacity.Admission;
import org.dxguard.service.cdshooks.CdsJson;
import org.dxguard.service.cdshooks.ServiceErrors;
import org.dxguard.service.explanations.CapabilityTokens;
import org.dxguard.service.explanations.ExplanationPage;
import org.dxguard.service.explanations.ExplanationReview;
import org.dxguard.service.explanations.LateExplanations;
import org.dxguard.service.feedback.FeedbackStore;
import org.dxguard.service.hooks.CardAttention;
import org.dxguard.service.hooks.CardMetadata;
import org.dxguard.service.hooks.CdsHooksApi;
import org.dxguard.service.hooks.CdsService;
import org.dxguard.service.hooks.DifferentialService;
import org.dxguard.service.hooks.GraphHolder;
import org.dxguard.service.hooks.MedicationReviewService;
import org.dxguard.service.extract.TextExtraction;
import org.dxguard.service.http.AuthenticatedPostRoute;
import org.dxguard.text.ClinicalText;
import org.dxguard.service.notes.AttachmentReader;
import org.dxguard.service.notes.VisitReader;
import org.dxguard.service.hooks.MedicationSafetyService;
import org.dxguard.service.hooks.RuleCards;
import org.dxguard.service.hooks.ShownCards;
import org.dxguard.service.http.CdsHttpHandler;
import org.dxguard.service.monitoring.Observability;
import org.dxguard.service.prefetch.PrefetchResolver;
import org.dxguard.service.route.Route;
import org.dxguard.service.warmup.WarmUp;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running dxguard service: the public entry point of this module. {@link #start(ServiceConfig)} wires the
 * data directory, trust, prefetch, FHIR mapping, services and HTTP; {@link #close()} stops it.
 */
public final class DxGuardServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DxGuardServer.class);

    private final Server jetty;
    private final ServerConnector connector;
    private final List<AutoCloseable> resources;
    private final CdsHooksApi api;
    private final GuidelineRepository guidelines;
    private final GraphHolder graph;
    private final boolean developmentTrust;
    private final Observability observability;
    private final Admission admission;

    private DxGuardServer(Server jetty, ServerConnector connector, List<AutoCloseable> resources, CdsHooksApi api,
                          GuidelineRepository guidelines, GraphHolder graph, boolean developmentTrust,
                          Observability observability, Admission admission) {
        this.observability = observability;
        this.admission = admission;
        this.jetty = jetty;
        this.connector = connector;
        this.resources = resources;
        this.api = api;
        this.guidelines = guidelines;
        this.graph = graph;
        this.developmentTrust = developmentTrust;
    }

    public static DxGuardServer start(ServiceConfig config) {
        return start(config, null);
    }

    /**
     * As {@link #start(ServiceConfig)} with the given explainer (null: {@link ServiceConfig#reasoner()}, else
     * {@code DXGUARD_LLM_*} from the environment, with guideline-excerpt retrieval; else the evidence-only default).
     * The server closes it.
     */
    public static DxGuardServer start(ServiceConfig config, Explainer explainerOrNull) {
        List<AutoCloseable> resources = new ArrayList<>();
        try {
            DataDirectory dataDir = DataDirectory.lock(config.dataDir());
            resources.add(dataDir);
            TrustedEhrs trusted = config.trustedEhrsFile() == null ? TrustedEhrs.sandboxDefault()
                : TrustedEhrs.load(config.trustedEhrsFile());
            if (trusted.developmentDefault()) {
                LOG.warn("*****************************************************************************");
                LOG.warn("DEVELOPMENT SETTING: no --trusted-ehrs / DXGUARD_TRUSTED_EHRS given, so only the");
                LOG.warn("public HL7 CDS Hooks sandbox key is trusted. Its private key is public: anyone can");
                LOG.warn("sign requests. Never expose this instance to real patient data.");
                LOG.warn("*****************************************************************************");
            }
            CallerAuthenticator authenticator = CallerAuthenticator.builder().trustedEhrs(trusted)
                .clockSkew(config.clockSkew()).build();
            FeedbackStore feedback = FeedbackStore.open(dataDir.root());
            resources.add(feedback);
            DecisionLog decisions = DecisionLog.open(dataDir.root(), config.auditFsync());
            resources.add(decisions);
            GuidelineRepository guidelines = GuidelineRepository.resolve(config.guidelinesDir(), true);
            resources.add(guidelines);
            // the mapping reads the value sets (pregnancy, dialysis) of the loaded guidelines: a reload applies an edit
            FhirFacts fhir = FhirFacts.create(() -> guidelines.activeRuleSet().definition().terminology());
            warmUp(fhir);
            PrefetchResolver prefetch = PrefetchResolver.builder().fhirFacts(fhir).timeout(config.fhirTimeout())
                .build();
            GraphHolder graph = config.graphEnabled()
                ? GraphHolder.connectInBackground(() -> KnowledgeGraph.connect(graphConfig(config.environment(), dataDir.root(), true)))
                : GraphHolder.disabled();
            resources.add(graph);
            ReasonerConfig reasoner = config.reasoner() != null ? config.reasoner()
                : ReasonerConfig.fromEnvironment(config.environment());
            ExcerptRetriever retriever = ExcerptRetriever.miniLm(guidelines::excerpts);
            Explainer explainer = explainerOrNull != null ? explainerOrNull : Explainers.create(reasoner, retriever);
            resources.add(explainer);
            if (explainerOrNull == null && reasoner.hasModelServer()) {
                warmUpInBackground(retriever);
            }
            ExplanationReview review = new ExplanationReview(ExplanationGuard.over(guidelines), guidelines::excerpts);
            CapabilityTokens tokens = CapabilityTokens.open(dataDir.root());
            AtomicReference<URI> baseUrl = new AtomicReference<>(config.publicUrl());
            LateExplanations late = new LateExplanations(explainer, review, decisions, tokens, baseUrl::get,
                config.explanationLinkTtl(), Clock.systemUTC());
            CdsJson json = CdsJson.create().allowInsecureFhir(config.allowInsecureFhir());
            if (config.allowInsecureFhir()) {
                LOG.warn("--allow-insecure-fhir: plain http:// FHIR servers off loopback are accepted; their bearer "
                    + "tokens and patient data cross the network unencrypted (test systems only)");
            }
            List<String> corsOrigins = config.corsOriginsFor(trusted.developmentDefault());
            RuleCards ruleCards = new RuleCards(json.mapper(), CardMetadata.load(config.guidelinesDir()));
            ShownCards shown = ShownCards.open(dataDir.root(), Clock.systemUTC());
            resources.add(shown);
            CardAttention attention = new CardAttention(config.cardPolicy(), shown);
            // the SMART app (issue 19): only when EHRs are registered to launch it; then cards carry its link
            org.dxguard.service.smart.SmartClients smartClients = config.smartClientsFile() == null ? null
                : org.dxguard.service.smart.SmartClients.load(config.smartClientsFile());
            org.dxguard.service.smart.SmartLinks smartLinks = smartClients == null ? null
                : new org.dxguard.service.smart.SmartLinks(baseUrl::get, config.explanationLinkTtl());
            org.dxguard.service.smart.SmartSessions smartSessions = smartClients == null ? null
                : new org.dxguard.service.smart.SmartSessions(Clock.systemUTC());
            CdsService differential = new DifferentialService(graph, explainer, review, late, config.llmBudget(),
                new VisitReader(new AttachmentReader(config.fhirTimeout())));
            CdsService orderSelect = MedicationSafetyService.orderSelect(guidelines.engine(), ruleCards, attention);
            CdsService orderSign = MedicationSafetyService.orderSign(guidelines.engine(), ruleCards, attention);
            CdsService medication = MedicationSafetyService.bothOrderHooks(guidelines.engine(), ruleCards, attention);
            CdsService medicationReview = new MedicationReviewService(guidelines.engine(), ruleCards, attention);
            if (smartLinks != null) {
                differential = smartLinks.decorate(differential, "differential");
                orderSelect = smartLinks.decorate(orderSelect, "medication");
                orderSign = smartLinks.decorate(orderSign, "medication");
                medication = smartLinks.decorate(medication, "medication");
                medicationReview = smartLinks.decorate(medicationReview, "medication");
            }
            List<CdsService> services = List.of(differential, orderSelect, orderSign, medication, medicationReview);
            CdsHooksApi api = new CdsHooksApi(services, json, prefetch, fhir, feedback, decisions,
                Clock.systemUTC(), attention::reasonRequired);
            // Ask dxguard (issue 19): questions answered from the guidelines and the record, vetoed, audited
            org.dxguard.service.ask.AskService ask = new org.dxguard.service.ask.AskService(guidelines, prefetch, fhir,
                org.dxguard.safety.AnswerGuard.over(guidelines),
                org.dxguard.reasoner.ask.QuestionRetriever.standard(guidelines::excerpts),
                org.dxguard.reasoner.ask.Answerers.create(reasoner), decisions, tokens, baseUrl::get,
                config.explanationLinkTtl(), config.llmBudget(), Clock.systemUTC());
            resources.add(ask);
            warmUpInBackground("ask retrieval", ask::warmUp);
            ServiceConfig.Capacity capacity = config.capacity();
            WarmUp warmUp = WarmUp.prepare(capacity.warmUp(), services, json, prefetch, fhir, dataDir.root());
            resources.add(warmUp);
            Observability observability = Observability.start(services, guidelines, graph, explainer, decisions,
                dataDir.root(), json, config.metricsToken(), warmUp);
            resources.add(observability);
            Admission admission = capacity.maxConcurrentCalls() == 0 ? null
                : new Admission(capacity.maxConcurrentCalls(), capacity.maxQueuedCalls(), capacity.maxQueueWait(),
                    observability.metrics().registry());

            QueuedThreadPool threads = new QueuedThreadPool(200, 8);
            threads.setName("dxguard-http");
            Server jetty = new Server(threads);
            HttpConfiguration http = new HttpConfiguration();
            http.setSendServerVersion(false);
            http.setSendXPoweredBy(false);
            ServerConnector connector = new ServerConnector(jetty, new HttpConnectionFactory(http));
            String host = config.host() != null ? config.host() : trusted.developmentDefault() ? "127.0.0.1"
                : "0.0.0.0";
            connector.setHost(host);
            connector.setPort(config.port());
            connector.setIdleTimeout(30_000);
            jetty.addConnector(connector);
            List<Route> routes = new ArrayList<>();
            routes.addAll(observability.routes());
            routes.add(new AuthenticatedPostRoute(TextExtraction.PATH, authenticator, json, config.publicUrl(),
                config.maxBodyBytes(), new TextExtraction(ClinicalText.withPackagedLexicon(), json)));
            ExplanationPage explanationPage = new ExplanationPage(late, review);
            routes.add(explanationPage);
            routes.add(new org.dxguard.service.ask.AskRoute(ask, authenticator, json, config.publicUrl(),
                config.maxBodyBytes(), smartSessions));
            if (smartClients != null) {
                routes.add(new org.dxguard.service.smart.SmartRoute(smartClients,
                    org.dxguard.service.smart.SmartClientKey.open(dataDir.root()), smartSessions, smartLinks, late,
                    explanationPage, config.publicUrl(), baseUrl::get, config.fhirTimeout(), trusted::localeOf));
            }
            if (config.consoleEnabled()) {
                routes.add(org.dxguard.service.console.ConsoleRoute.create(dataDir.root(), guidelines, authenticator,
                    config.publicUrl(), config.safetySuitesDir()));
            }
            jetty.setHandler(observability.wrap(new CdsHttpHandler(api, authenticator, json, config.publicUrl(),
                config.maxBodyBytes(), corsOrigins, routes, admission)));
            jetty.setErrorHandler(new org.dxguard.service.http.JsonErrorHandler(json));
            jetty.setStopTimeout(5_000);
            jetty.start();
            if (baseUrl.get() == null) {
                // links in cards must be absolute: without --public-url, this host as bound
                String linkHost = host.equals("0.0.0.0") ? java.net.InetAddress.getLocalHost().getHostName()
                    : host.equals("127.0.0.1") ? "localhost" : host;
                baseUrl.set(URI.create("http://" + linkHost + ":" + connector.getLocalPort()));
            }
            DxGuardServer server = new DxGuardServer(jetty, connector, resources, api, guidelines, graph,
                trusted.developmentDefault(), observability, admission);
            LOG.info("dxguard listening on http://{}:{}/cds-services (data dir {})", host, server.port(),
                dataDir.root());
            LOG.info("admission: {}", admission == null ? "unbounded (--max-concurrent-calls 0)"
                : admission.maxConcurrent() + " calls decide at once, " + admission.maxQueued() + " may wait for "
                    + admission.maxQueueWait().toMillis() + " ms at most, more are answered 503 at once");
            warmUp.begin();
            return server;
        } catch (DxGuardException e) {
            closeAll(resources);
            throw e;
        } catch (Exception e) {
            closeAll(resources);
            throw new DxGuardException(ServiceErrors.INVALID_CONFIG, "could not start the service: " + e.getMessage(),
                e);
        }
    }

    private static final java.time.Duration EMBEDDED_CONNECTION_TIMEOUT = java.time.Duration.ofSeconds(2);

    /**
     * The graph from {@code DXGUARD_NEO4J_*} in {@code environment} (a server or cluster), else an embedded Neo4j
     * whose store lives under this instance's data directory, like all its other state (connection timeout 2 s on
     * loopback). {@code environment} is what the command line read once; the service never reads the process's.
     */
    public static GraphConfig graphConfig(java.util.Map<String, String> environment, Path dataDir,
                                          boolean loadDefaultOnFirstStart) {
        GraphConfig env = GraphConfig.fromEnvironment(environment);
        // the embedded DBMS answers on loopback: a connection not made in 2 s means it is down, and the driver's
        // retries (as long as this timeout) would otherwise hold patient-view calls during an outage
        java.time.Duration connect = env.uri() == null ? EMBEDDED_CONNECTION_TIMEOUT : env.connectionTimeout();
        return new GraphConfig(env.uri(), env.user(), env.password(), env.database(), dataDir.resolve("graph"),
            loadDefaultOnFirstStart && env.loadDefaultOnFirstStart(), connect, env.queryTimeout(),
            env.maxConnectionPoolSize());
    }

    /** The embedding model loads and the guideline excerpts are embedded now, not in the first clinician's call. */
    private static void warmUpInBackground(ExcerptRetriever retriever) {
        Thread t = new Thread(() -> {
            try {
                retriever.warmUp();
            } catch (RuntimeException e) {
                LOG.warn("guideline excerpt retrieval could not start ({}); explanations go without excerpts until it "
                    + "can", e.toString());
            }
        }, "dxguard-retrieval-warmup");
        t.setDaemon(true);
        t.start();
    }

    /** Something slow to load is loaded now, in the background, not in the first clinician's call. */
    private static void warmUpInBackground(String what, Runnable warmUp) {
        Thread t = new Thread(() -> {
            try {
                warmUp.run();
            } catch (RuntimeException e) {
                LOG.warn("{} could not start ({}); it is tried again on first use", what, e.toString());
            }
        }, "dxguard-warmup-" + what.replace(' ', '-'));
        t.setDaemon(true);
        t.setPriority(Thread.MIN_PRIORITY);
        t.start();
    }

    /** HAPI builds its model of FHIR on first use (seconds): do it now, not in the first clinician's call. */
    private static void warmUp(FhirFacts fhir) {
        long start = System.nanoTime();
        var resources = fhir.resources(fhir.parse("{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":["
            + "{\"resource\":{\"resourceType\":\"Patient\",\"id\":\"warm-up\",\"gender\":\"unknown\"}},"
            + "{\"resource\":{\"resourceType\":\"Observation\",\"id\":\"o\",\"status\":\"final\","
            + "\"code\":{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"33914-3\"}]},"
            + "\"valueQuantity\":{\"value\":60,\"unit\":\"mL/min\"}}},"
            + "{\"resource\":{\"resourceType\":\"MedicationRequest\",\"id\":\"m\",\"status\":\"active\","
            + "\"intent\":\"order\",\"medicationCodeableConcept\":{\"coding\":[{\"system\":"
            + "\"http://www.nlm.nih.gov/research/umls/rxnorm\",\"code\":\"860975\"}]}}}]}"));
        fhir.toFacts(resources, java.util.List.of(), java.time.Instant.now());
        LOG.debug("FHIR model warmed up in {} ms", (System.nanoTime() - start) / 1_000_000);
    }

    public int port() {
        return connector.getLocalPort();
    }

    /** Base URL of the CDS services on loopback, e.g. {@code http://localhost:8080/cds-services}. */
    public URI servicesUrl() {
        return URI.create("http://localhost:" + port() + "/cds-services");
    }

    public CdsHooksApi api() {
        return api;
    }

    /** The guideline packages in force (hot-reloaded when a directory is watched). */
    public GuidelineRepository guidelines() {
        return guidelines;
    }

    /** The knowledge graph behind the differential (connected in the background). */
    public GraphHolder graph() {
        return graph;
    }

    /** The decision slots of hook calls; empty when admission is off ({@code --max-concurrent-calls 0}). */
    public java.util.Optional<Admission> admission() {
        return java.util.Optional.ofNullable(admission);
    }

    /** Metrics, readiness and tracing of this server. */
    public Observability observability() {
        return observability;
    }

    public boolean developmentTrust() {
        return developmentTrust;
    }

    public void join() throws InterruptedException {
        jetty.join();
    }

    @Override
    public void close() {
        try {
            jetty.stop();
        } catch (Exception e) {
            LOG.warn("stopping HTTP server failed: {}", e.getMessage());
        }
        closeAll(resources);
    }

    private static void closeAll(List<AutoCloseable> resources) {
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                LOG.warn("closing {} failed: {}", resources.get(i).getClass().getSimpleName(), e.getMessage());
            }
        }
        resources.clear();
    }
}
