package org.dxguard.service.prefetch;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.LenientErrorHandler;
import ca.uhn.fhir.rest.client.api.IRestfulClientFactory;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.exceptions.FhirClientConnectionException;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dxguard.fhir.FhirErrors;
import org.dxguard.fhir.FhirFacts;
import org.dxguard.model.DxGuardException;
import org.dxguard.model.ErrorCode;
import org.dxguard.service.observability.Stage;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves a CDS Hooks 2.0 call's prefetch: uses what the EHR sent and fetches the missing keys from
 * {@code fhirServer} with the HAPI generic client.
 *
 * <ul>
 *   <li>A key the EHR sent with a value: parsed (a Bundle is flattened). A value that is not FHIR R4 JSON →
 *       {@link DxGuardException} {@link FhirErrors#BAD_PREFETCH} (HTTP 400) naming the key.</li>
 *   <li>A key sent as JSON {@code null} (a Java null value in the map) or the text {@code null}: "no data", an
 *       empty list.</li>
 *   <li>A key not sent: its template is filled and fetched. Every declared key is needed: a key whose template
 *       holds a token that cannot be filled (no {@code encounterId} in the context, a user that is not a
 *       Practitioner for {@code {{userPractitionerId}}}, a value with characters not allowed in a FHIR id), or
 *       that has no {@code fhirServer} to be fetched from, makes the call fail with
 *       {@link PrefetchUnavailableException} (HTTP 412) naming all such keys. Nothing is fetched then.</li>
 *   <li>Fetching: {@code Type/id} templates are reads, everything else is a search; search results follow
 *       {@code next} links (same origin as {@code fhirServer} only) up to {@code maxPages} pages and
 *       {@code maxResources} resources per key; beyond that the rest is not fetched and a WARN is logged.
 *       Keys are fetched in parallel on a bounded pool, each request with the connect/socket timeout, the whole
 *       fetch within {@code totalTimeout}. HTTP 4xx → {@link FhirErrors#PREFETCH_UNAVAILABLE}, 5xx, timeouts and
 *       connection failures → {@link FhirErrors#PREFETCH_FETCH_FAILED}; both are
 *       {@link PrefetchUnavailableException}s (HTTP 412).</li>
 * </ul>
 *
 * <p>No {@code /metadata} call is made ({@link ServerValidationModeEnum#NEVER}). HAPI's client takes its timeouts
 * from its {@code FhirContext}, so the resolver owns a private R4 context for fetching (same parser policy as
 * {@link FhirFacts#parse}: unknown elements ignored, invalid values rejected); the shared cached context is left
 * untouched. Thread-safe; build one per application.
 */
public final class PrefetchResolver {
    private static final Logger LOG = LoggerFactory.getLogger(PrefetchResolver.class);
    private static final Pattern TOKEN = Pattern.compile("\\{\\{\\s*([A-Za-z0-9_.]+)\\s*}}");
    private static final Pattern READ = Pattern.compile("([A-Z][A-Za-z]+)/([A-Za-z0-9\\-.]{1,64})");
    private static final Pattern SAFE_VALUE = Pattern.compile("[A-Za-z0-9\\-.]{1,64}(/[A-Za-z0-9\\-.]{1,64})?");
    private static final Map<String, String> USER_TOKENS = Map.of(
        "userPractitionerId", "Practitioner",
        "userPractitionerRoleId", "PractitionerRole",
        "userPatientId", "Patient",
        "userRelatedPersonId", "RelatedPerson");

    private final FhirFacts fhirFacts;
    private final Duration timeout;
    private final Duration totalTimeout;
    private final int maxPages;
    private final int maxResources;
    private final int maxParallel;
    private final FhirContext clientContext;

    private PrefetchResolver(Builder b) {
        this.fhirFacts = b.fhirFacts == null ? FhirFacts.create() : b.fhirFacts;
        this.timeout = b.timeout;
        this.totalTimeout = b.totalTimeout;
        this.maxPages = b.maxPages;
        this.maxResources = b.maxResources;
        this.maxParallel = b.maxParallel;
        // HAPI's client takes its HTTP settings from its FhirContext's client factory: a private context keeps
        // this resolver's timeouts out of the shared cached context (and lets two resolvers differ).
        this.clientContext = FhirContext.forR4();
        this.clientContext.setParserErrorHandler(new LenientErrorHandler(false).setErrorOnInvalidValue(true));
        this.clientContext.getParserOptions().setOverrideResourceIdWithBundleEntryFullUrl(false);
        IRestfulClientFactory factory = clientContext.getRestfulClientFactory();
        int ms = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        factory.setServerValidationMode(ServerValidationModeEnum.NEVER);
        factory.setConnectTimeout(ms);
        factory.setSocketTimeout(ms);
        factory.setConnectionRequestTimeout(ms);
        // one EHR's FHIR server serves every concurrent call, each fetching up to maxParallel keys at once: a pool
        // of maxParallel connections made concurrent calls queue for a connection and fail as "did not answer"
        factory.setPoolMaxPerRoute(Math.max(64, maxParallel * 8));
        factory.setPoolMaxTotal(Math.max(128, maxParallel * 16));
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * @param templates   prefetch key → FHIR query template (the service's discovery {@code prefetch})
     * @param provided    what the EHR sent, as parsed JSON (a hook call's, see {@code CdsRequest.prefetch()}; HAPI
     *                    reads the trees as they are): key → resource; a null value = "no data"; an absent key = not
     *                    prefetched (fetched from {@code fhirServer}); may be null
     * @param context     the hook's context values ({@code patientId}, {@code userId}, {@code encounterId}…);
     *                    may be null
     * @param fhirServer  base URL of the EHR's FHIR server, or null
     * @param bearerToken {@code fhirAuthorization.access_token}, or null to call without a token
     * @return key → resources for every template key, and the keys that were fetched
     */
    public ResolvedPrefetch resolve(Map<String, String> templates, Map<String, ObjectNode> provided,
                                    Map<String, String> context, String fhirServer, String bearerToken) {
        return resolve(templates, Set.of(), provided, context, fhirServer, bearerToken);
    }

    /**
     * As {@link #resolve(Map, Map, Map, String, String)}, with keys that are {@code optional}: such a key, when the
     * EHR did not send it and it cannot be fetched (a token that cannot be filled, no usable {@code fhirServer}, a
     * failed fetch), resolves to "no data" instead of failing the call; logged at INFO by key name.
     */
    public ResolvedPrefetch resolve(Map<String, String> templates, Set<String> optional,
                                    Map<String, ObjectNode> provided, Map<String, String> context, String fhirServer,
                                    String bearerToken) {
        Objects.requireNonNull(templates, "templates must not be null");
        Set<String> optionalKeys = optional == null ? Set.of() : optional;
        Map<String, ObjectNode> sent = provided == null ? Map.of() : provided;
        Map<String, String> ctx = context == null ? Map.of() : context;
        Map<String, List<IBaseResource>> byKey = new LinkedHashMap<>();
        Map<String, String> toFetch = new LinkedHashMap<>();
        Map<String, String> unavailable = new LinkedHashMap<>();
        Map<String, String> notFetched = new LinkedHashMap<>();

        List<String> notes = new ArrayList<>();
        Map<String, String> incomplete = new LinkedHashMap<>();
        for (Map.Entry<String, String> t : templates.entrySet()) {
            String key = t.getKey();
            if (sent.containsKey(key)) {
                String problem = incomplete(sent.get(key));
                if (problem == null) {
                    byKey.put(key, parseProvided(key, sent.get(key)));
                    continue;
                }
                // CDS Hooks 2.0: check prefetched data for OperationOutcomes; a client may paginate prefetch results.
                // Neither is "no data": the key is fetched from fhirServer, or the call is answered 412.
                incomplete.put(key, problem);
                notes.add("PREFETCH " + key + ": the EHR sent " + problem + "; fetched from fhirServer instead");
            }
            byKey.put(key, List.of());
            try {
                toFetch.put(key, fill(t.getValue(), ctx));
            } catch (IllegalArgumentException e) {
                (optionalKeys.contains(key) ? notFetched : unavailable).put(key, incomplete.containsKey(key)
                    ? "the EHR sent " + incomplete.get(key) + " and " + e.getMessage() : e.getMessage());
            }
        }
        if (LOG.isDebugEnabled()) {
            Set<String> ignoredKeys = new LinkedHashSet<>(sent.keySet());
            ignoredKeys.removeAll(templates.keySet());
            if (!ignoredKeys.isEmpty()) {
                LOG.debug("prefetch keys sent but not declared, ignored: {}", ignoredKeys);
            }
        }
        if (!toFetch.isEmpty()) {
            String serverProblem = checkServer(fhirServer);
            if (serverProblem != null) {
                toFetch.keySet().forEach(k -> (optionalKeys.contains(k) ? notFetched : unavailable).put(k,
                    incomplete.containsKey(k)
                        ? "the EHR sent " + incomplete.get(k) + ", and it cannot be fetched: no usable fhirServer"
                        : serverProblem));
                toFetch.keySet().removeAll(notFetched.keySet());
            }
        }
        if (!unavailable.isEmpty()) {
            throw new PrefetchUnavailableException(FhirErrors.PREFETCH_UNAVAILABLE, unavailable, null);
        }
        if (!toFetch.isEmpty()) {
            // waiting for the FHIR server is no work on this instance's cores: the decision slot goes to the next call
            org.dxguard.service.capacity.Admission.leaveWhileWaiting();
            byKey.putAll(Stage.FHIR_FETCH.time(() -> fetchAll(toFetch, optionalKeys, notFetched,
                stripSlash(fhirServer), bearerToken)));
        }
        if (!notFetched.isEmpty()) {
            LOG.info("optional prefetch keys without data: {}", notFetched.keySet());
            LOG.debug("optional prefetch keys without data, why: {}", notFetched);
            // an optional key the EHR sent incomplete that could not be fetched either: say so in the record
            notFetched.keySet().stream().filter(incomplete::containsKey).forEach(k -> notes.add("PREFETCH " + k
                + ": not fetched either; read as no data (optional key)"));
        }
        Set<String> fetched = new LinkedHashSet<>(toFetch.keySet());
        fetched.removeAll(notFetched.keySet());
        return new ResolvedPrefetch(byKey, fetched, notes);
    }

    /**
     * Why a prefetched value is not the complete answer to its query, or null: an OperationOutcome instead of data,
     * a searchset page with a {@code next} link, or a searchset carrying an OperationOutcome with an error or fatal
     * issue.
     */
    static String incomplete(ObjectNode value) {
        if (value == null) {
            return null;
        }
        String type = value.path("resourceType").asText("");
        if (type.equals("OperationOutcome")) {
            return "an OperationOutcome (" + firstIssue(value) + ") instead of data";
        }
        if (!type.equals("Bundle")) {
            return null;
        }
        for (com.fasterxml.jackson.databind.JsonNode link : value.path("link")) {
            if ("next".equals(link.path("relation").asText()) && !link.path("url").asText("").isBlank()) {
                return "one page of a paged search (the Bundle has a next link)";
            }
        }
        for (com.fasterxml.jackson.databind.JsonNode e : value.path("entry")) {
            com.fasterxml.jackson.databind.JsonNode r = e.path("resource");
            if ("OperationOutcome".equals(r.path("resourceType").asText())) {
                for (com.fasterxml.jackson.databind.JsonNode issue : r.path("issue")) {
                    String sev = issue.path("severity").asText("");
                    if (sev.equals("error") || sev.equals("fatal")) {
                        return "a search result with an OperationOutcome (" + firstIssue(r) + ")";
                    }
                }
            }
        }
        return null;
    }

    private static String firstIssue(com.fasterxml.jackson.databind.JsonNode oo) {
        com.fasterxml.jackson.databind.JsonNode issue = oo.path("issue").path(0);
        String sev = issue.path("severity").asText("unknown severity");
        String code = issue.path("code").asText("unknown code");
        return sev + " " + code;
    }

    /**
     * Reads resources by reference ({@code Medication/123}) from {@code fhirServer}, e.g. the external Medications
     * that orders and statements name; empty when there is no usable fhirServer.
     *
     * @throws PrefetchUnavailableException when the server cannot give them
     */
    public List<IBaseResource> read(List<String> references, String fhirServer, String bearerToken) {
        if (references.isEmpty() || checkServer(fhirServer) != null) {
            return List.of();
        }
        Map<String, String> reads = new LinkedHashMap<>();
        for (String r : references) {
            if (READ.matcher(r).matches()) {
                reads.put(r, r);
            }
        }
        if (reads.isEmpty()) {
            return List.of();
        }
        List<IBaseResource> out = new ArrayList<>();
        fetchAll(reads, Set.of(), new LinkedHashMap<>(), stripSlash(fhirServer), bearerToken).values()
            .forEach(out::addAll);
        return out;
    }

    private List<IBaseResource> parseProvided(String key, ObjectNode json) {
        if (json == null) {
            return List.of();
        }
        try {
            return fhirFacts.parseResources(json, "prefetch key '" + key + "'");
        } catch (DxGuardException e) {
            throw new DxGuardException(FhirErrors.BAD_PREFETCH, e.reason(), e);
        }
    }

    /** Fills the template's tokens; IllegalArgumentException (with the reason) when one cannot be filled. */
    static String fill(String template, Map<String, String> context) {
        if (template == null || template.isBlank()) {
            throw new IllegalArgumentException("the prefetch template is empty");
        }
        Matcher m = TOKEN.matcher(template);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String token = m.group(1);
            String value = tokenValue(token, context);
            if (value == null) {
                throw new IllegalArgumentException("template token {{" + token + "}} cannot be filled from the "
                    + "hook context");
            }
            if (!SAFE_VALUE.matcher(value).matches()) {
                throw new IllegalArgumentException("the value for template token {{" + token + "}} has characters "
                    + "not allowed in a FHIR id or reference");
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(value));
        }
        m.appendTail(sb);
        String query = sb.toString().strip();
        return query.startsWith("/") ? query.substring(1) : query;
    }

    private static String tokenValue(String token, Map<String, String> context) {
        if (token.startsWith("context.")) {
            String v = context.get(token.substring("context.".length()));
            return v == null || v.isBlank() ? null : v.strip();
        }
        String type = USER_TOKENS.get(token);
        if (type == null) {
            return null;
        }
        String user = context.get("userId");
        if (user == null || !user.startsWith(type + "/")) {
            return null;
        }
        String id = user.substring(type.length() + 1);
        return id.isBlank() ? null : id;
    }

    private static String checkServer(String fhirServer) {
        if (fhirServer == null || fhirServer.isBlank()) {
            return "not sent by the EHR and no fhirServer to fetch it from";
        }
        try {
            URI uri = URI.create(fhirServer.strip());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                return "fhirServer is not an http(s) URL";
            }
            return null;
        } catch (IllegalArgumentException e) {
            return "fhirServer is not a valid URL";
        }
    }

    private static String stripSlash(String base) {
        String b = base.strip();
        return b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
    }

    /** Fetches every key; a failed optional key is "no data" (reason into {@code notFetched}), any other fails all. */
    private Map<String, List<IBaseResource>> fetchAll(Map<String, String> toFetch, Set<String> optional,
                                                      Map<String, String> notFetched, String base, String token) {
        long started = System.nanoTime();
        IGenericClient client = clientContext.newRestfulGenericClient(base);
        if (token != null && !token.isBlank()) {
            client.registerInterceptor(new BearerTokenAuthInterceptor(token.strip()));
        }
        int threads = Math.min(toFetch.size(), maxParallel);
        ExecutorService pool = Executors.newFixedThreadPool(threads, daemonThreads());
        Map<String, Future<List<IBaseResource>>> futures = new LinkedHashMap<>();
        try {
            Map<String, String> logContext = org.slf4j.MDC.getCopyOfContextMap(); // the trace id, for the workers' logs
            toFetch.forEach((key, query) -> futures.put(key, pool.submit(() -> {
                if (logContext != null) {
                    org.slf4j.MDC.setContextMap(logContext);
                }
                return fetch(client, base, key, query);
            })));
            long deadline = System.nanoTime() + totalTimeout.toNanos();
            Map<String, List<IBaseResource>> out = new LinkedHashMap<>();
            Map<String, String> failed = new LinkedHashMap<>();
            ErrorCode code = FhirErrors.PREFETCH_UNAVAILABLE;
            Throwable firstCause = null;
            for (Map.Entry<String, Future<List<IBaseResource>>> f : futures.entrySet()) {
                try {
                    long left = Math.max(0, deadline - System.nanoTime());
                    out.put(f.getKey(), f.getValue().get(left, TimeUnit.NANOSECONDS));
                } catch (TimeoutException e) {
                    f.getValue().cancel(true);
                    failed.put(f.getKey(), "the FHIR server did not answer within " + totalTimeout.toMillis() + " ms");
                    code = optional.contains(f.getKey()) ? code : FhirErrors.PREFETCH_FETCH_FAILED;
                } catch (ExecutionException e) {
                    FetchFailure failure = e.getCause() instanceof FetchFailure ff ? ff
                        : new FetchFailure(true, "fetching failed unexpectedly", e.getCause());
                    failed.put(f.getKey(), failure.getMessage());
                    if (failure.retriable && !optional.contains(f.getKey())) {
                        code = FhirErrors.PREFETCH_FETCH_FAILED;
                    }
                    firstCause = firstCause == null ? failure.getCause() : firstCause;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    failed.put(f.getKey(), "interrupted while fetching");
                    code = FhirErrors.PREFETCH_FETCH_FAILED;
                }
            }
            for (String key : optional) {
                String why = failed.remove(key);
                if (why != null) {
                    notFetched.put(key, why);
                    out.put(key, List.of());
                }
            }
            if (!failed.isEmpty()) {
                throw new PrefetchUnavailableException(code, failed, firstCause);
            }
            LOG.debug("fetched {} prefetch key(s) in {} ms", out.size(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    private List<IBaseResource> fetch(IGenericClient client, String base, String key, String query) {
        try {
            Matcher read = READ.matcher(query);
            if (read.matches()) {
                IBaseResource resource = client.read().resource(read.group(1)).withId(read.group(2)).execute();
                return fhirFacts.resources(resource);
            }
            Bundle page = client.search().byUrl(query).returnBundle(Bundle.class).execute();
            checkOutcome(page);
            List<IBaseResource> out = new ArrayList<>(fhirFacts.resources(page));
            int pages = 1;
            while (page.getLink(Bundle.LINK_NEXT) != null && page.getLink(Bundle.LINK_NEXT).hasUrl()) {
                if (pages >= maxPages || out.size() >= maxResources) {
                    LOG.warn("prefetch key '{}': stopped after {} page(s) and {} resource(s) (limits {} pages, {} "
                        + "resources); the rest was not fetched", key, pages, out.size(), maxPages, maxResources);
                    break;
                }
                String next = page.getLink(Bundle.LINK_NEXT).getUrl();
                if (!sameOrigin(base, next)) {
                    throw new FetchFailure(false, "the FHIR server's next-page link points to another origin; "
                        + "it was not followed", null);
                }
                page = client.loadPage().next(page).execute();
                checkOutcome(page);
                pages++;
                out.addAll(fhirFacts.resources(page));
            }
            return out.size() > maxResources ? List.copyOf(out.subList(0, maxResources)) : out;
        } catch (FhirClientConnectionException e) {
            throw new FetchFailure(true, connectionReason(e), e);
        } catch (BaseServerResponseException e) {
            int status = e.getStatusCode();
            String reason = "the FHIR server answered HTTP " + status + (status == 404 ? " (not found)" : "");
            throw new FetchFailure(status >= 500 || status == 429 || status == 408, reason, e);
        } catch (FetchFailure e) {
            throw e;
        } catch (RuntimeException e) {
            throw new FetchFailure(true, "the FHIR server's answer could not be read", e);
        }
    }

    /** A search page carrying an OperationOutcome with an error or fatal issue is not a complete answer. */
    private static void checkOutcome(Bundle page) {
        for (Bundle.BundleEntryComponent e : page.getEntry()) {
            if (e.getResource() instanceof org.hl7.fhir.r4.model.OperationOutcome oo) {
                for (org.hl7.fhir.r4.model.OperationOutcome.OperationOutcomeIssueComponent i : oo.getIssue()) {
                    if (i.hasSeverity() && (i.getSeverity() == org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity.ERROR
                        || i.getSeverity() == org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity.FATAL)) {
                        throw new FetchFailure(false, "the FHIR server's search reported an error (OperationOutcome "
                            + i.getSeverity().toCode() + " " + (i.hasCode() ? i.getCode().toCode() : "") + ")", null);
                    }
                }
            }
        }
    }

    private String connectionReason(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof DataFormatException) {
                // HAPI's message quotes the answer (patient data): its code only
                return "the FHIR server's answer is not valid FHIR R4" + FhirFacts.hapiCode(t);
            }
            if (t instanceof SocketTimeoutException
                || t.getClass().getSimpleName().contains("Timeout")) {
                return "the FHIR server did not answer within " + timeout.toMillis() + " ms";
            }
            if (t instanceof ConnectException) {
                return "connection to the FHIR server refused or failed";
            }
            if (t instanceof UnknownHostException) {
                return "the FHIR server's host name is unknown";
            }
        }
        return "the FHIR server could not be reached";
    }

    /** True when {@code url} is relative, or absolute with the scheme, host and port of {@code base}. */
    public static boolean sameOrigin(String base, String url) {
        try {
            URI b = URI.create(base);
            URI u = URI.create(url);
            if (!u.isAbsolute()) {
                return true;
            }
            return Objects.equals(lower(b.getScheme()), lower(u.getScheme()))
                && Objects.equals(lower(b.getHost()), lower(u.getHost())) && port(b) == port(u);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }

    private static int port(URI u) {
        if (u.getPort() >= 0) {
            return u.getPort();
        }
        return "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "dxguard-prefetch-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** A failed fetch of one key; {@code retriable} for 5xx, timeouts and connection failures. */
    private static final class FetchFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final boolean retriable;

        FetchFailure(boolean retriable, String message, Throwable cause) {
            super(message, cause, false, false);
            this.retriable = retriable;
        }
    }

    /** Builder with defaults: shared {@link FhirFacts}, 3 s per request, 10 s in all, 10 pages, 2000 resources
     *  per key, at most 8 keys fetched at once. */
    public static final class Builder {
        private FhirFacts fhirFacts;
        private Duration timeout = Duration.ofSeconds(3);
        private Duration totalTimeout = Duration.ofSeconds(10);
        private int maxPages = 10;
        private int maxResources = 2000;
        private int maxParallel = 8;

        private Builder() {}

        public Builder fhirFacts(FhirFacts v) {
            this.fhirFacts = Objects.requireNonNull(v, "fhirFacts");
            return this;
        }

        /** Connect and socket (read) timeout of each request to the FHIR server. */
        public Builder timeout(Duration v) {
            this.timeout = positive(v, "timeout");
            return this;
        }

        /** The most time all fetches of one call may take together. */
        public Builder totalTimeout(Duration v) {
            this.totalTimeout = positive(v, "totalTimeout");
            return this;
        }

        public Builder maxPages(int v) {
            this.maxPages = atLeastOne(v, "maxPages");
            return this;
        }

        public Builder maxResources(int v) {
            this.maxResources = atLeastOne(v, "maxResources");
            return this;
        }

        /** How many keys are fetched at the same time. */
        public Builder maxParallel(int v) {
            this.maxParallel = atLeastOne(v, "maxParallel");
            return this;
        }

        public PrefetchResolver build() {
            return new PrefetchResolver(this);
        }

        private static Duration positive(Duration v, String name) {
            Objects.requireNonNull(v, name);
            if (v.isNegative() || v.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, was " + v);
            }
            return v;
        }

        private static int atLeastOne(int v, String name) {
            if (v < 1) {
                throw new IllegalArgumentException(name + " must be at least 1, was " + v);
            }
            return v;
        }
    }
}
