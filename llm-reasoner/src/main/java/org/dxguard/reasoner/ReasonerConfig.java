package org.dxguard.reasoner;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dxguard.model.DxGuardException;

/**
 * Immutable configuration of the reasoner. Build it with {@link #builder()} or read it from the
 * {@code DXGUARD_LLM_*} variables with {@link #fromEnvironment(Map)} (the command line reads the process
 * environment once and passes it; this module never reads it itself). The API key is never printed by
 * {@link #toString()}.
 *
 * <table>
 * <caption>Environment variables</caption>
 * <tr><td>DXGUARD_LLM_BASE_URL</td><td>OpenAI-compatible base URL, e.g. {@code http://gpu:8000/v1}; unset = evidence-only</td></tr>
 * <tr><td>DXGUARD_LLM_MODEL</td><td>served model name (required with a base URL)</td></tr>
 * <tr><td>DXGUARD_LLM_API_KEY</td><td>bearer key (secret; only from the environment)</td></tr>
 * <tr><td>DXGUARD_LLM_MODEL_ID</td><td>label recorded as {@code modelId} (default: the model name)</td></tr>
 * <tr><td>DXGUARD_LLM_TIMEOUT</td><td>per model call, e.g. {@code 30s} (default 30 s)</td></tr>
 * <tr><td>DXGUARD_LLM_MAX_RETRIES</td><td>retries of a failed call (default 1)</td></tr>
 * <tr><td>DXGUARD_LLM_BUDGET</td><td>how long a caller waits, e.g. {@code 400ms} (default 400 ms)</td></tr>
 * <tr><td>DXGUARD_LLM_CACHE_SIZE</td><td>explanations kept for later lookup (default 10000)</td></tr>
 * <tr><td>DXGUARD_LLM_CACHE_TTL</td><td>how long they are kept (default 1 h)</td></tr>
 * <tr><td>DXGUARD_LLM_BREAKER_FAILURES</td><td>consecutive failures that open the circuit (default 5)</td></tr>
 * <tr><td>DXGUARD_LLM_BREAKER_OPEN</td><td>how long it stays open before one trial call (default 30 s)</td></tr>
 * <tr><td>DXGUARD_LLM_RESPONSE_FORMAT</td><td>{@code json_schema} (default), {@code json_object} (DeepSeek API), {@code none}</td></tr>
 * <tr><td>DXGUARD_LLM_STRICT_SCHEMA</td><td>send {@code strict: true} with the schema (default true)</td></tr>
 * <tr><td>DXGUARD_LLM_MAX_TOKENS</td><td>max output tokens, thinking included (default 4096)</td></tr>
 * <tr><td>DXGUARD_LLM_CONCURRENCY</td><td>concurrent model calls (default 8)</td></tr>
 * <tr><td>DXGUARD_LLM_TEMPERATURE</td><td>sampling temperature 0–2 (default: the server's)</td></tr>
 * <tr><td>DXGUARD_LLM_EMBEDDED</td><td>without a base URL: {@code on} (default) = the embedded small local model,
 * {@code off} = the evidence-only explainer</td></tr>
 * <tr><td>DXGUARD_LLM_EMBEDDED_THREADS</td><td>CPU threads of the embedded model (default 1)</td></tr>
 * <tr><td>DXGUARD_LLM_LANGUAGE</td><td>the language answers are asked for and accepted in: {@code en} (default) or
 * {@code zh} (Simplified Chinese); the veto checks either (issue 17)</td></tr>
 * </table>
 */
public final class ReasonerConfig {
    /** How the output format is requested from the server. */
    public enum ResponseFormatMode { JSON_SCHEMA, JSON_OBJECT, NONE }

    private final String baseUrl;
    private final String model;
    private final String apiKey;
    private final String modelId;
    private final Duration timeout;
    private final int maxRetries;
    private final Duration budget;
    private final int cacheSize;
    private final Duration cacheTtl;
    private final int breakerFailureThreshold;
    private final Duration breakerOpenDuration;
    private final ResponseFormatMode responseFormat;
    private final boolean strictJsonSchema;
    private final int maxOutputTokens;
    private final Double temperature;
    private final int maxConcurrentCalls;
    private final int maxQueuedCalls;
    private final String promptVersion;
    private final String answerLanguage;
    private final boolean embeddedModel;
    private final int embeddedThreads;

    private ReasonerConfig(Builder b) {
        this.baseUrl = blankToNull(b.baseUrl);
        this.model = blankToNull(b.model);
        this.apiKey = blankToNull(b.apiKey);
        if (baseUrl != null) {
            if (!baseUrl.startsWith("http://") && !baseUrl.startsWith("https://")) {
                throw invalid("DXGUARD_LLM_BASE_URL must start with http:// or https://, was " + baseUrl);
            }
            if (model == null) {
                throw invalid("DXGUARD_LLM_MODEL must name the served model when DXGUARD_LLM_BASE_URL is set");
            }
        }
        this.modelId = blankToNull(b.modelId) != null ? b.modelId.strip() : model;
        this.timeout = positive(b.timeout, "DXGUARD_LLM_TIMEOUT");
        this.maxRetries = atLeast(b.maxRetries, 0, "DXGUARD_LLM_MAX_RETRIES");
        this.budget = positive(b.budget, "DXGUARD_LLM_BUDGET");
        this.cacheSize = atLeast(b.cacheSize, 1, "DXGUARD_LLM_CACHE_SIZE");
        this.cacheTtl = positive(b.cacheTtl, "DXGUARD_LLM_CACHE_TTL");
        this.breakerFailureThreshold = atLeast(b.breakerFailureThreshold, 1, "DXGUARD_LLM_BREAKER_FAILURES");
        this.breakerOpenDuration = positive(b.breakerOpenDuration, "DXGUARD_LLM_BREAKER_OPEN");
        this.responseFormat = Objects.requireNonNull(b.responseFormat, "responseFormat");
        this.strictJsonSchema = b.strictJsonSchema;
        this.maxOutputTokens = atLeast(b.maxOutputTokens, 16, "DXGUARD_LLM_MAX_TOKENS");
        if (b.temperature != null && !(b.temperature >= 0 && b.temperature <= 2)) {
            throw invalid("temperature must be in [0, 2], was " + b.temperature);
        }
        this.temperature = b.temperature;
        this.maxConcurrentCalls = atLeast(b.maxConcurrentCalls, 1, "DXGUARD_LLM_CONCURRENCY");
        this.maxQueuedCalls = atLeast(b.maxQueuedCalls, 0, "maxQueuedCalls");
        if (blankToNull(b.promptVersion) == null) {
            throw invalid("promptVersion must not be blank");
        }
        this.promptVersion = b.promptVersion.strip();
        this.answerLanguage = language(b.answerLanguage);
        this.embeddedModel = b.embeddedModel;
        this.embeddedThreads = atLeast(b.embeddedThreads, 1, "DXGUARD_LLM_EMBEDDED_THREADS");
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Reads {@code DXGUARD_LLM_*} from the given map (the environment, or a test's map). */
    public static ReasonerConfig fromEnvironment(Map<String, String> env) {
        Builder b = builder()
            .baseUrl(env.get("DXGUARD_LLM_BASE_URL"))
            .model(env.get("DXGUARD_LLM_MODEL"))
            .apiKey(env.get("DXGUARD_LLM_API_KEY"))
            .modelId(env.get("DXGUARD_LLM_MODEL_ID"));
        String v;
        if ((v = blankToNull(env.get("DXGUARD_LLM_TIMEOUT"))) != null) b.timeout(parseDuration(v, "DXGUARD_LLM_TIMEOUT"));
        if ((v = blankToNull(env.get("DXGUARD_LLM_MAX_RETRIES"))) != null) b.maxRetries(parseInt(v, "DXGUARD_LLM_MAX_RETRIES"));
        if ((v = blankToNull(env.get("DXGUARD_LLM_BUDGET"))) != null) b.budget(parseDuration(v, "DXGUARD_LLM_BUDGET"));
        if ((v = blankToNull(env.get("DXGUARD_LLM_CACHE_SIZE"))) != null) b.cacheSize(parseInt(v, "DXGUARD_LLM_CACHE_SIZE"));
        if ((v = blankToNull(env.get("DXGUARD_LLM_CACHE_TTL"))) != null) b.cacheTtl(parseDuration(v, "DXGUARD_LLM_CACHE_TTL"));
        if ((v = blankToNull(env.get("DXGUARD_LLM_BREAKER_FAILURES"))) != null) {
            b.breakerFailureThreshold(parseInt(v, "DXGUARD_LLM_BREAKER_FAILURES"));
        }
        if ((v = blankToNull(env.get("DXGUARD_LLM_BREAKER_OPEN"))) != null) {
            b.breakerOpenDuration(parseDuration(v, "DXGUARD_LLM_BREAKER_OPEN"));
        }
        if ((v = blankToNull(env.get("DXGUARD_LLM_RESPONSE_FORMAT"))) != null) {
            try {
                b.responseFormat(ResponseFormatMode.valueOf(v.toUpperCase(Locale.ROOT).replace('-', '_')));
            } catch (IllegalArgumentException e) {
                throw invalid("DXGUARD_LLM_RESPONSE_FORMAT must be json_schema, json_object or none, was " + v);
            }
        }
        if ((v = blankToNull(env.get("DXGUARD_LLM_STRICT_SCHEMA"))) != null) {
            if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
                throw invalid("DXGUARD_LLM_STRICT_SCHEMA must be true or false, was " + v);
            }
            b.strictJsonSchema(Boolean.parseBoolean(v));
        }
        if ((v = blankToNull(env.get("DXGUARD_LLM_MAX_TOKENS"))) != null) b.maxOutputTokens(parseInt(v, "DXGUARD_LLM_MAX_TOKENS"));
        if ((v = blankToNull(env.get("DXGUARD_LLM_CONCURRENCY"))) != null) b.maxConcurrentCalls(parseInt(v, "DXGUARD_LLM_CONCURRENCY"));
        if ((v = blankToNull(env.get("DXGUARD_LLM_TEMPERATURE"))) != null) {
            try {
                b.temperature(Double.valueOf(v));
            } catch (NumberFormatException e) {
                throw invalid("DXGUARD_LLM_TEMPERATURE must be a number like 0.6, was " + v);
            }
        }
        if ((v = blankToNull(env.get("DXGUARD_LLM_EMBEDDED"))) != null) {
            String e = v.toLowerCase(Locale.ROOT);
            if (!java.util.Set.of("on", "off", "true", "false").contains(e)) {
                throw invalid("DXGUARD_LLM_EMBEDDED must be on or off, was " + v);
            }
            b.embeddedModel(e.equals("on") || e.equals("true"));
        }
        if ((v = blankToNull(env.get("DXGUARD_LLM_EMBEDDED_THREADS"))) != null) {
            b.embeddedThreads(parseInt(v, "DXGUARD_LLM_EMBEDDED_THREADS"));
        }
        if ((v = blankToNull(env.get("DXGUARD_LLM_LANGUAGE"))) != null) {
            b.answerLanguage(v);
        }
        return b.build();
    }

    /** The answer languages the parser and the veto read: English and (Simplified) Chinese. */
    public static final java.util.Set<String> LANGUAGES = java.util.Set.of("en", "zh");

    private static String language(String v) {
        String l = blankToNull(v) == null ? "en" : v.strip().toLowerCase(Locale.ROOT).replace('_', '-');
        l = switch (l) {
            case "english", "en-us", "en-gb" -> "en";
            case "chinese", "zh-cn", "zh-hans", "zh-hans-cn" -> "zh";
            default -> l;
        };
        if (!LANGUAGES.contains(l)) {
            throw invalid("DXGUARD_LLM_LANGUAGE must be en or zh (Simplified Chinese), was " + v);
        }
        return l;
    }

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h)?");

    /** Parses {@code 400ms}, {@code 30s}, {@code 2m}, {@code 1h}, a bare number of milliseconds or ISO-8601 {@code PT30S}. */
    static Duration parseDuration(String value, String name) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        Matcher m = DURATION.matcher(v);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            String unit = m.group(2) == null ? "ms" : m.group(2);
            return switch (unit) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofMillis(n);
            };
        }
        try {
            return Duration.parse(value.strip().toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            throw invalid(name + " must be a duration like 400ms, 30s or PT30S, was " + value);
        }
    }

    private static int parseInt(String value, String name) {
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw invalid(name + " must be a whole number, was " + value);
        }
    }

    private static DxGuardException invalid(String message) {
        return new DxGuardException(ReasonerErrors.INVALID_CONFIG, message);
    }

    private static Duration positive(Duration d, String name) {
        if (d == null || d.isZero() || d.isNegative()) {
            throw invalid(name + " must be a positive duration, was " + d);
        }
        return d;
    }

    private static int atLeast(int value, int min, String name) {
        if (value < min) {
            throw invalid(name + " must be at least " + min + ", was " + value);
        }
        return value;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    /** True when a model server is configured; false means the evidence-only explainer. */
    public boolean hasModelServer() { return baseUrl != null; }
    public String baseUrl() { return baseUrl; }
    public String model() { return model; }
    public String apiKey() { return apiKey; }
    public String modelId() { return modelId; }
    public Duration timeout() { return timeout; }
    public int maxRetries() { return maxRetries; }
    public Duration budget() { return budget; }
    public int cacheSize() { return cacheSize; }
    public Duration cacheTtl() { return cacheTtl; }
    public int breakerFailureThreshold() { return breakerFailureThreshold; }
    public Duration breakerOpenDuration() { return breakerOpenDuration; }
    public ResponseFormatMode responseFormat() { return responseFormat; }
    public boolean strictJsonSchema() { return strictJsonSchema; }
    public int maxOutputTokens() { return maxOutputTokens; }
    public Double temperature() { return temperature; }
    public int maxConcurrentCalls() { return maxConcurrentCalls; }
    public int maxQueuedCalls() { return maxQueuedCalls; }
    public String promptVersion() { return promptVersion; }
    /**
     * The language answers are asked for and must be written in: {@code en} (default; answers mostly in CJK script are
     * rejected) or {@code zh} (answers without any Chinese are rejected). {@code DXGUARD_LLM_LANGUAGE}.
     */
    public String answerLanguage() { return answerLanguage; }
    /** Without a model server: true = the embedded small local model (default), false = evidence-only. */
    public boolean embeddedModel() { return embeddedModel; }
    /** CPU threads of the embedded model. */
    public int embeddedThreads() { return embeddedThreads; }

    public Builder toBuilder() {
        return new Builder().baseUrl(baseUrl).model(model).apiKey(apiKey).modelId(modelId).timeout(timeout)
            .maxRetries(maxRetries).budget(budget).cacheSize(cacheSize).cacheTtl(cacheTtl)
            .breakerFailureThreshold(breakerFailureThreshold).breakerOpenDuration(breakerOpenDuration)
            .responseFormat(responseFormat).strictJsonSchema(strictJsonSchema).maxOutputTokens(maxOutputTokens)
            .temperature(temperature).maxConcurrentCalls(maxConcurrentCalls).maxQueuedCalls(maxQueuedCalls)
            .promptVersion(promptVersion).answerLanguage(answerLanguage).embeddedModel(embeddedModel)
            .embeddedThreads(embeddedThreads);
    }

    @Override
    public String toString() {
        return "ReasonerConfig[baseUrl=" + baseUrl + ", model=" + model + ", apiKey=" + (apiKey == null ? "unset" : "***")
            + ", modelId=" + modelId + ", timeout=" + timeout + ", maxRetries=" + maxRetries + ", budget=" + budget
            + ", cacheSize=" + cacheSize + ", cacheTtl=" + cacheTtl + ", breakerFailureThreshold="
            + breakerFailureThreshold + ", breakerOpenDuration=" + breakerOpenDuration + ", responseFormat="
            + responseFormat + ", strictJsonSchema=" + strictJsonSchema + ", maxOutputTokens=" + maxOutputTokens
            + ", maxConcurrentCalls=" + maxConcurrentCalls + ", promptVersion=" + promptVersion + ", embeddedModel="
            + embeddedModel + "]";
    }

    /** Builder with the documented defaults. */
    public static final class Builder {
        private String baseUrl;
        private String model;
        private String apiKey;
        private String modelId;
        private Duration timeout = Duration.ofSeconds(30);
        private int maxRetries = 1;
        private Duration budget = Duration.ofMillis(400);
        private int cacheSize = 10_000;
        private Duration cacheTtl = Duration.ofHours(1);
        private int breakerFailureThreshold = 5;
        private Duration breakerOpenDuration = Duration.ofSeconds(30);
        private ResponseFormatMode responseFormat = ResponseFormatMode.JSON_SCHEMA;
        private boolean strictJsonSchema = true;
        private int maxOutputTokens = 4096;
        private Double temperature;
        private int maxConcurrentCalls = 8;
        private int maxQueuedCalls = 256;
        private String promptVersion = "differential-v2";
        private String answerLanguage = "en";
        private boolean embeddedModel = true;
        /** One: the model's matrices are small, and on a busy machine a second thread mostly waits for the first. */
        private int embeddedThreads = 1;

        private Builder() {}

        public Builder baseUrl(String v) { this.baseUrl = v; return this; }
        public Builder model(String v) { this.model = v; return this; }
        /** For tests and embedding; in production the key comes only from DXGUARD_LLM_API_KEY. */
        public Builder apiKey(String v) { this.apiKey = v; return this; }
        public Builder modelId(String v) { this.modelId = v; return this; }
        public Builder timeout(Duration v) { this.timeout = v; return this; }
        public Builder maxRetries(int v) { this.maxRetries = v; return this; }
        public Builder budget(Duration v) { this.budget = v; return this; }
        public Builder cacheSize(int v) { this.cacheSize = v; return this; }
        public Builder cacheTtl(Duration v) { this.cacheTtl = v; return this; }
        public Builder breakerFailureThreshold(int v) { this.breakerFailureThreshold = v; return this; }
        public Builder breakerOpenDuration(Duration v) { this.breakerOpenDuration = v; return this; }
        public Builder responseFormat(ResponseFormatMode v) { this.responseFormat = v; return this; }
        public Builder strictJsonSchema(boolean v) { this.strictJsonSchema = v; return this; }
        public Builder maxOutputTokens(int v) { this.maxOutputTokens = v; return this; }
        public Builder temperature(Double v) { this.temperature = v; return this; }
        public Builder maxConcurrentCalls(int v) { this.maxConcurrentCalls = v; return this; }
        public Builder maxQueuedCalls(int v) { this.maxQueuedCalls = v; return this; }
        public Builder promptVersion(String v) { this.promptVersion = v; return this; }
        public Builder answerLanguage(String v) { this.answerLanguage = v; return this; }
        public Builder embeddedModel(boolean v) { this.embeddedModel = v; return this; }
        public Builder embeddedThreads(int v) { this.embeddedThreads = v; return this; }

        public ReasonerConfig build() {
            return new ReasonerConfig(this);
        }
    }
}
