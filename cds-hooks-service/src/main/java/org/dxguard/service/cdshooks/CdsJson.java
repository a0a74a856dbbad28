package org.dxguard.service.cdshooks;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Parses and validates CDS Hooks requests and writes responses. Thread-safe; one shared instance is enough.
 * Duplicate keys, trailing garbage and deeply nested documents are rejected as malformed. Error messages name the
 * field and what was expected, never the value that was sent (nor a parser message that could quote it): an
 * error body is no channel for request text. A plain {@code http://} {@code fhirServer} is refused unless it is on
 * loopback or {@link #allowInsecureFhir(boolean)} says otherwise.
 */
public final class CdsJson {
    private static final Pattern UUID = Pattern.compile(
        "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final int MAX_DEPTH = 200;

    private final ObjectMapper mapper;
    /**
     * Request bodies are read with decimals kept exact (as HAPI's own JSON reader does), because the prefetch trees
     * go to HAPI as they are: a FHIR decimal such as {@code 1.10} keeps its precision.
     */
    private final ObjectReader treeReader;
    private final boolean allowInsecureFhir;

    private CdsJson(ObjectMapper mapper, ObjectMapper requestMapper) {
        this.mapper = mapper;
        this.treeReader = requestMapper.reader().with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .with(JsonNodeFactory.withExactBigDecimals(true));
        this.allowInsecureFhir = false;
    }

    private CdsJson(CdsJson other, boolean allowInsecureFhir) {
        this.mapper = other.mapper;
        this.treeReader = other.treeReader;
        this.allowInsecureFhir = allowInsecureFhir;
    }

    /**
     * This parser, accepting ({@code true}) or refusing (the default) a plain {@code http://} {@code fhirServer}
     * that is not on loopback ({@code --allow-insecure-fhir}).
     */
    public CdsJson allowInsecureFhir(boolean allow) {
        return allow == allowInsecureFhir ? this : new CdsJson(this, allow);
    }

    public static CdsJson create() {
        // Request bodies are read into trees, where a duplicate key is refused by the tree builder (it sees the old
        // value when it puts the new one), which costs nothing; the parser's own check, kept for every other read,
        // keeps a set of every object's names (3 % of a realistic call's CPU).
        return new CdsJson(limited(builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build()),
            limited(builder().disable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY).build()));
    }

    private static JsonMapper.Builder builder() {
        return JsonMapper.builder()
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .serializationInclusion(JsonInclude.Include.NON_EMPTY);
    }

    private static JsonMapper limited(JsonMapper mapper) {
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
            .maxNestingDepth(MAX_DEPTH).maxStringLength(20_000_000).build());
        return mapper;
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    /** Serialises a response object with the spec's rule: no nulls and no empty values. */
    public byte[] write(Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not serialise " + value.getClass().getSimpleName(), e);
        }
    }

    public JsonNode readTree(byte[] body) {
        if (body == null || body.length == 0) {
            throw new BadRequestException(ServiceErrors.MALFORMED_JSON, "request body is empty", null);
        }
        try {
            JsonNode node = treeReader.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw new BadRequestException(ServiceErrors.MALFORMED_JSON, "request body is empty", null);
            }
            return node;
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            // a category of our own: the parser's message quotes the text it tripped over
            throw new BadRequestException(ServiceErrors.MALFORMED_JSON,
                "request body is not valid JSON" + where + ": " + category(e), null);
        } catch (IOException e) {
            throw new BadRequestException(ServiceErrors.MALFORMED_JSON, "request body could not be read", e);
        }
    }

    /** Parses a hook call; {@code expectedHooks} are the hooks the addressed service serves. */
    public CdsRequest parseRequest(byte[] body, List<Hook> expectedHooks) {
        JsonNode root = readTree(body);
        if (!root.isObject()) {
            throw bad("request body must be a JSON object");
        }
        String hookName = requiredText(root, "hook", "hook");
        Hook hook = Hook.byId(hookName).filter(expectedHooks::contains).orElseThrow(() -> bad(
            "hook is not one this service serves; it serves " + expectedHooks.stream().map(Hook::id).toList()));
        String hookInstance = requiredText(root, "hookInstance", "hookInstance");
        if (!UUID.matcher(hookInstance).matches()) {
            throw bad("hookInstance must be a UUID");
        }
        String fhirServer = optionalText(root, "fhirServer");
        if (fhirServer != null) {
            checkAbsoluteHttpUrl(fhirServer, "fhirServer");
            checkSecureFhirServer(fhirServer);
        }
        FhirAuthorization auth = parseFhirAuthorization(root.get("fhirAuthorization"));
        if (auth != null && fhirServer == null) {
            throw bad("fhirAuthorization is given but fhirServer is missing");
        }
        JsonNode context = root.get("context");
        if (context == null || !context.isObject()) {
            throw bad("context is required and must be a JSON object");
        }
        validateContext(hook, (ObjectNode) context);
        Map<String, ObjectNode> prefetch = parsePrefetch(root.get("prefetch"));
        JsonNode extension = root.get("extension");
        if (extension != null && !extension.isNull() && !extension.isObject()) {
            throw bad("extension must be a JSON object");
        }
        return new CdsRequest(hook, hookInstance.toLowerCase(Locale.ROOT), fhirServer, auth, (ObjectNode) context,
            prefetch, extension == null || extension.isNull() ? null : (ObjectNode) extension);
    }

    public FeedbackRequest parseFeedback(byte[] body) {
        JsonNode root = readTree(body);
        if (!root.isObject()) {
            throw bad("feedback body must be a JSON object with a 'feedback' array");
        }
        JsonNode items = root.get("feedback");
        if (items == null || !items.isArray()) {
            throw bad("feedback body must contain a 'feedback' array");
        }
        if (items.isEmpty()) {
            throw bad("feedback array is empty");
        }
        List<FeedbackRequest.Entry> entries = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            entries.add(parseFeedbackEntry(items.get(i), "feedback[" + i + "]"));
        }
        return new FeedbackRequest(entries);
    }

    private FeedbackRequest.Entry parseFeedbackEntry(JsonNode item, String path) {
        if (!item.isObject()) {
            throw bad(path + " must be an object");
        }
        String card = requiredText(item, "card", path + ".card");
        String outcomeText = requiredText(item, "outcome", path + ".outcome");
        FeedbackRequest.Outcome outcome = switch (outcomeText) {
            case "accepted" -> FeedbackRequest.Outcome.ACCEPTED;
            case "overridden" -> FeedbackRequest.Outcome.OVERRIDDEN;
            default -> throw bad(path + ".outcome must be 'accepted' or 'overridden'");
        };
        List<String> accepted = new ArrayList<>();
        JsonNode acc = item.get("acceptedSuggestions");
        if (acc != null && !acc.isNull()) {
            if (!acc.isArray()) {
                throw bad(path + ".acceptedSuggestions must be an array of {\"id\": …}");
            }
            for (int i = 0; i < acc.size(); i++) {
                accepted.add(requiredText(acc.get(i), "id", path + ".acceptedSuggestions[" + i + "].id"));
            }
        }
        if (outcome == FeedbackRequest.Outcome.ACCEPTED && !accepted.isEmpty() && item.has("overrideReason")) {
            throw bad(path + " is accepted but carries an overrideReason");
        }
        Coding reason = null;
        String comment = null;
        JsonNode override = item.get("overrideReason");
        if (override != null && !override.isNull()) {
            if (!override.isObject()) {
                throw bad(path + ".overrideReason must be an object");
            }
            JsonNode r = override.get("reason");
            if (r != null && !r.isNull()) {
                if (!r.isObject()) {
                    throw bad(path + ".overrideReason.reason must be a Coding object");
                }
                String code = requiredText(r, "code", path + ".overrideReason.reason.code");
                reason = new Coding(optionalText(r, "system"), code, optionalText(r, "display"));
            }
            comment = optionalText(override, "userComment");
        }
        String ts = requiredText(item, "outcomeTimestamp", path + ".outcomeTimestamp");
        Instant timestamp;
        try {
            timestamp = OffsetDateTime.parse(ts).toInstant();
        } catch (DateTimeParseException e) {
            try {
                timestamp = Instant.parse(ts);
            } catch (DateTimeParseException e2) {
                throw bad(path + ".outcomeTimestamp must be an ISO 8601 date-time with offset");
            }
        }
        return new FeedbackRequest.Entry(card, outcome, accepted, reason, comment, timestamp);
    }

    /**
     * The {@code fhirServer} member of a body (null when absent), checked as in a hook call: an absolute http(s) URL,
     * https unless on loopback or {@code --allow-insecure-fhir}. For other endpoints that read a patient's record
     * ({@code /ask}).
     */
    public String parseFhirServer(JsonNode root) {
        String fhirServer = optionalText(root, "fhirServer");
        if (fhirServer != null) {
            checkAbsoluteHttpUrl(fhirServer, "fhirServer");
            checkSecureFhirServer(fhirServer);
        }
        return fhirServer;
    }

    /** The {@code fhirAuthorization} member, checked as in a hook call (null when absent). */
    public FhirAuthorization parseFhirAuthorization(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw bad("fhirAuthorization must be an object");
        }
        String token = requiredText(node, "access_token", "fhirAuthorization.access_token");
        String type = requiredText(node, "token_type", "fhirAuthorization.token_type");
        if (!"bearer".equalsIgnoreCase(type)) {
            throw bad("fhirAuthorization.token_type must be 'Bearer'");
        }
        JsonNode expires = node.get("expires_in");
        if (expires == null || !expires.canConvertToLong() || !expires.isIntegralNumber() || expires.asLong() < 0) {
            throw bad("fhirAuthorization.expires_in must be a non-negative integer");
        }
        String scope = requiredText(node, "scope", "fhirAuthorization.scope");
        String subject = requiredText(node, "subject", "fhirAuthorization.subject");
        return new FhirAuthorization(token, "Bearer", expires.asLong(), scope, subject, optionalText(node, "patient"));
    }

    private void validateContext(Hook hook, ObjectNode context) {
        for (String key : hook.requiredContext()) {
            JsonNode v = context.get(key);
            if (v == null || v.isNull()) {
                throw bad("context." + key + " is required for hook " + hook.id());
            }
        }
        for (String key : List.of("userId", "patientId", "encounterId")) {
            JsonNode v = context.get(key);
            if (v != null && !v.isNull() && (!v.isTextual() || v.asText().isBlank())) {
                throw bad("context." + key + " must be a non-empty string");
            }
        }
        JsonNode patientId = context.get("patientId");
        if (patientId != null && patientId.isTextual() && !patientId.asText().matches("[A-Za-z0-9\\-.]{1,64}")) {
            throw bad("context.patientId must be a FHIR id (letters, digits, '-' and '.', at most 64)");
        }
        JsonNode selections = context.get("selections");
        if (selections != null && !selections.isNull()) {
            if (!selections.isArray()) {
                throw bad("context.selections must be an array of resource references");
            }
            for (JsonNode s : selections) {
                if (!s.isTextual() || !s.asText().contains("/")) {
                    throw bad("context.selections entries must be references like 'MedicationRequest/123'");
                }
            }
        }
        JsonNode draftOrders = context.get("draftOrders");
        if (draftOrders != null && !draftOrders.isNull()) {
            if (!draftOrders.isObject() || !"Bundle".equals(draftOrders.path("resourceType").asText())) {
                throw bad("context.draftOrders must be a FHIR Bundle");
            }
        }
    }

    /** The {@code prefetch} member: key → FHIR resource, or null for "no data" (empty when absent). */
    public Map<String, ObjectNode> parsePrefetch(JsonNode node) {
        Map<String, ObjectNode> result = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return result;
        }
        if (!node.isObject()) {
            throw bad("prefetch must be an object mapping keys to FHIR resources");
        }
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            if (v.isNull()) {
                result.put(e.getKey(), null);
            } else if (v.isObject()) {
                if (!v.hasNonNull("resourceType")) {
                    throw bad(prefetchField(e.getKey()) + " must be a FHIR resource (it has no resourceType)");
                }
                result.put(e.getKey(), (ObjectNode) v);
            } else {
                throw bad(prefetchField(e.getKey()) + " must be a FHIR resource or null");
            }
        }
        return result;
    }

    private static void checkAbsoluteHttpUrl(String url, String field) {
        try {
            URI uri = new URI(url);
            if (uri.getScheme() == null || uri.getHost() == null
                || !(uri.getScheme().equalsIgnoreCase("http") || uri.getScheme().equalsIgnoreCase("https"))) {
                throw bad(field + " must be an absolute http(s) URL");
            }
        } catch (java.net.URISyntaxException e) {
            throw bad(field + " is not a valid URL: " + e.getReason());
        }
    }

    private static String requiredText(JsonNode node, String key, String path) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            throw bad(path + " is required");
        }
        if (!v.isTextual() || v.asText().isBlank()) {
            throw bad(path + " must be a non-empty string");
        }
        return v.asText();
    }

    private static String optionalText(JsonNode node, String key) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw bad(key + " must be a string");
        }
        return v.asText().isBlank() ? null : v.asText();
    }

    /** "prefetch.KEY" when the key is a plain name (as prefetch template keys are), else without it. */
    private static String prefetchField(String key) {
        return key.matches("[A-Za-z0-9_-]{1,64}") ? "prefetch." + key : "a prefetch key";
    }

    /** What kind of JSON error, in our words (Jackson's message would quote the request). */
    private static String category(JsonProcessingException e) {
        String m = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        if (e instanceof com.fasterxml.jackson.core.exc.StreamConstraintsException) {
            return "nested too deeply or a value too long";
        }
        if (m.startsWith("Duplicate field")) {
            return "a key appears twice in one object";
        }
        if (e instanceof com.fasterxml.jackson.core.io.JsonEOFException || m.contains("end-of-input")) {
            return "the body ends before the JSON is complete";
        }
        if (m.startsWith("Trailing token")) {
            return "there is more after the JSON value";
        }
        if (m.contains("Invalid UTF-8") || m.contains("Invalid UTF-32")) {
            return "not UTF-8 text";
        }
        if (m.contains("control character")) {
            return "an unescaped control character in a string";
        }
        if (m.contains("Non-standard token") || m.contains("NaN") || m.contains("Infinity")) {
            return "a number JSON does not allow";
        }
        return "unexpected character";
    }

    /**
     * A FHIR server's bearer token and the patient's record must not cross the network in clear text: plain
     * {@code http://} only for a server on loopback, or with {@code --allow-insecure-fhir}.
     */
    private void checkSecureFhirServer(String url) {
        URI uri = URI.create(url);
        if (allowInsecureFhir || !"http".equalsIgnoreCase(uri.getScheme()) || loopback(uri.getHost())) {
            return;
        }
        throw new BadRequestException(ServiceErrors.INSECURE_FHIR_SERVER, "fhirServer must be an https:// URL: plain "
            + "http:// is accepted only for a FHIR server on loopback (or when the service runs with "
            + "--allow-insecure-fhir)", null);
    }

    /** localhost, 127.0.0.0/8 or ::1, as written (no name is resolved). */
    static boolean loopback(String host) {
        if (host == null) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.equals("localhost") || h.endsWith(".localhost") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1")
            || h.matches("127\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    }

    private static BadRequestException bad(String message) {
        return new BadRequestException(message);
    }
}
