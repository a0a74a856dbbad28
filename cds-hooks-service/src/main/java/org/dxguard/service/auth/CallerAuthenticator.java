package org.dxguard.service.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.dxguard.model.DxGuardException;
import org.dxguard.service.auth.AuthenticationException.Reason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates CDS Hooks 2.0 callers from their {@code Authorization: Bearer <JWT>} header. Thread-safe; build
 * one per service and call it on every request, discovery included.
 *
 * <p>Checks, in order: Bearer token present; compact JWS with a JSON header; {@code alg} in the allowlist
 * (before any library parsing, so {@code none} and HMAC never reach a verifier); {@code typ} JWT if present;
 * {@code kid} present; {@code iss} trusted; {@code jku} (if any) allow-listed for that issuer; key found by
 * {@code kid} (inline, or fetched from the JWKS URL with one rate-limited refetch for rotation); key fits the
 * alg; signature; then {@code aud} = called URL, {@code exp}, {@code nbf}, {@code iat}, lifetime, {@code jti},
 * {@code tenant}; finally the jti is recorded against replay (only for tokens that passed everything else).
 */
public final class CallerAuthenticator {
    private static final Logger LOG = LoggerFactory.getLogger(CallerAuthenticator.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BEARER = "bearer";

    /** The algorithms CDS Hooks recommends/permits and this service supports; the default allowlist. */
    public static final Set<String> SUPPORTED_ALGORITHMS = Set.of("ES384", "RS384", "ES256", "RS256");

    static final int MAX_TOKEN_CHARS = 16 * 1024;
    static final int MAX_JTI_CHARS = 256;
    static final int MAX_LOGGED_CHARS = 80;

    private final TrustedEhrs trustedEhrs;
    private final Clock clock;
    private final Duration clockSkew;
    private final Duration maxTokenLifetime;
    private final Set<String> allowedAlgorithms;
    private final boolean requireSubject;
    private final Map<String, RemoteJwks> remoteSources;
    private final ReplayCache replayCache;

    private CallerAuthenticator(Builder b) {
        this.trustedEhrs = b.trustedEhrs;
        this.clock = b.clock;
        this.clockSkew = b.clockSkew;
        this.maxTokenLifetime = b.maxTokenLifetime;
        this.allowedAlgorithms = Set.copyOf(b.allowedAlgorithms);
        this.requireSubject = b.requireSubject;
        this.replayCache = new ReplayCache(b.replayCacheMaxEntries);
        HttpClient http = HttpClient.newBuilder()
            .connectTimeout(b.jwksFetchTimeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
        Map<String, RemoteJwks> sources = new HashMap<>();
        for (TrustedEhr ehr : trustedEhrs.entries()) {
            if (ehr.jwksUrl() != null) {
                sources.computeIfAbsent(ehr.jwksUrl(), url -> new RemoteJwks(url, http, clock, b.jwksFetchTimeout,
                    b.jwksCacheTtl, b.jwksRefetchMinInterval));
                for (String jku : ehr.jkuAllowlist()) {
                    sources.computeIfAbsent(jku, url -> new RemoteJwks(url, http, clock, b.jwksFetchTimeout,
                        b.jwksCacheTtl, b.jwksRefetchMinInterval));
                }
            }
        }
        this.remoteSources = Map.copyOf(sources);
        if (trustedEhrs.developmentDefault()) {
            LOG.warn("caller authentication trusts the public HL7 CDS Hooks sandbox key ({}): anyone can sign as it."
                + " Development only; configure a trusted-EHR file in production.", trustedEhrs.issuers());
        } else {
            LOG.info("caller authentication trusts {} issuer(s) from {}", trustedEhrs.issuers().size(),
                trustedEhrs.sourceName());
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Authenticates one call.
     *
     * @param authorizationHeader raw {@code Authorization} header value (may be {@code null})
     * @param calledUrl           the exact absolute URL of the endpoint called ({@code scheme://host[:port]/path},
     *                            no query); the token's {@code aud} must name it
     * @return the authenticated caller
     * @throws AuthenticationException if the caller is refused (answer a bare 401)
     */
    public AuthenticatedCaller authenticate(String authorizationHeader, String calledUrl) {
        if (calledUrl == null || calledUrl.isBlank()) {
            throw new IllegalArgumentException("calledUrl must be the absolute URL of the endpoint called");
        }
        try {
            return verify(bearerToken(authorizationHeader), calledUrl);
        } catch (AuthenticationException e) {
            LOG.debug("caller refused: {}", e.getMessage());
            throw e;
        }
    }

    private AuthenticatedCaller verify(String token, String calledUrl) {
        // 1. structure and header, decoded by hand: alg is checked before any JOSE parsing
        if (token.length() > MAX_TOKEN_CHARS) {
            throw fail(Reason.MALFORMED, "token longer than " + MAX_TOKEN_CHARS + " characters");
        }
        int firstDot = token.indexOf('.');
        int secondDot = firstDot < 0 ? -1 : token.indexOf('.', firstDot + 1);
        if (firstDot <= 0 || secondDot < 0 || token.indexOf('.', secondDot + 1) >= 0) {
            throw fail(Reason.MALFORMED, "not a compact JWS (header.payload.signature)");
        }
        JsonNode header = decodeHeader(token.substring(0, firstDot));
        String alg = textOrNull(header, "alg");
        if (alg == null) {
            throw fail(Reason.MALFORMED, "JOSE header has no string alg");
        }
        if (!allowedAlgorithms.contains(alg)) {
            throw fail(Reason.ALG_NOT_ALLOWED, "alg '" + safe(alg) + "' is not allowed (allowed: "
                + allowedAlgorithms.stream().sorted().toList() + ")");
        }
        if (secondDot == token.length() - 1) {
            throw fail(Reason.MALFORMED, "alg " + alg + " token has an empty signature");
        }
        JsonNode typ = header.get("typ");
        if (typ != null && !(typ.isTextual() && typ.asText().equalsIgnoreCase("JWT"))) {
            throw fail(Reason.MALFORMED, "JOSE header typ must be JWT");
        }
        if (header.has("crit")) {
            throw fail(Reason.MALFORMED, "JOSE header crit is not supported");
        }
        String kid = textOrNull(header, "kid");
        if (kid == null || kid.isBlank()) {
            throw fail(Reason.MALFORMED, "JOSE header has no kid (alg " + alg + ")");
        }
        JsonNode jkuNode = header.get("jku");
        if (jkuNode != null && !jkuNode.isTextual()) {
            throw fail(Reason.MALFORMED, "JOSE header jku is not a string (kid " + safe(kid) + ")");
        }
        String jku = jkuNode == null ? null : jkuNode.asText();

        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(token);
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException | RuntimeException e) {
            throw fail(Reason.MALFORMED, "cannot parse JWS or its claims (alg " + alg + ", kid " + safe(kid) + "): "
                + shortReason(e));
        }
        JWSAlgorithm jwsAlg = jwt.getHeader().getAlgorithm();
        if (!alg.equals(jwsAlg.getName())) {
            throw fail(Reason.MALFORMED, "JOSE header alg could not be read consistently");
        }

        // 2. issuer and key
        String iss = claims.getIssuer();
        if (iss == null || iss.isBlank()) {
            throw fail(Reason.MISSING_CLAIM, "token has no iss claim (kid " + safe(kid) + ")");
        }
        TrustedEhr ehr = trustedEhrs.find(iss);
        if (ehr == null) {
            throw fail(Reason.UNKNOWN_ISSUER, "iss '" + safe(iss) + "' is not a trusted EHR (kid " + safe(kid) + ")");
        }
        String who = "iss " + safe(iss) + ", kid " + safe(kid) + ", alg " + alg;
        KeySet.VerificationKey key = findKey(ehr, jku, kid, who);
        String unsuitable = KeySet.unsuitability(jwsAlg, key);
        if (unsuitable != null) {
            throw fail(Reason.KEY_UNSUITABLE, unsuitable + " (" + who + ")");
        }

        // 3. signature
        boolean valid;
        try {
            valid = jwt.verify(key.verifier());
        } catch (JOSEException | RuntimeException e) {
            throw fail(Reason.BAD_SIGNATURE, "signature cannot be verified (" + who + "): " + shortReason(e));
        }
        if (!valid) {
            throw fail(Reason.BAD_SIGNATURE, "signature does not verify (" + who + ")");
        }

        // 4. claims of a genuinely signed token
        Instant now = clock.instant();
        List<String> aud = claims.getAudience();
        if (aud == null || aud.isEmpty()) {
            throw fail(Reason.MISSING_CLAIM, "token has no aud claim (" + who + ")");
        }
        String called = stripTrailingSlash(calledUrl);
        if (aud.stream().noneMatch(a -> a != null && stripTrailingSlash(a).equals(called))) {
            throw fail(Reason.WRONG_AUDIENCE, "aud does not name the called URL " + calledUrl + " (" + who + ")");
        }
        Date expDate = claims.getExpirationTime();
        if (expDate == null) {
            throw fail(Reason.MISSING_CLAIM, "token has no exp claim (" + who + ")");
        }
        Date iatDate = claims.getIssueTime();
        if (iatDate == null) {
            throw fail(Reason.MISSING_CLAIM, "token has no iat claim (" + who + ")");
        }
        String jti = claims.getJWTID();
        if (jti == null || jti.isBlank()) {
            throw fail(Reason.MISSING_CLAIM, "token has no jti claim (" + who + ")");
        }
        if (jti.length() > MAX_JTI_CHARS) {
            throw fail(Reason.MALFORMED, "jti longer than " + MAX_JTI_CHARS + " characters (" + who + ")");
        }
        Instant exp = expDate.toInstant();
        Instant iat = iatDate.toInstant();
        if (!now.isBefore(exp.plus(clockSkew))) {
            throw fail(Reason.EXPIRED, "token expired at " + exp + " (now " + now + ", skew " + clockSkew + "; "
                + who + ")");
        }
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && nbf.toInstant().isAfter(now.plus(clockSkew))) {
            throw fail(Reason.NOT_YET_VALID, "token not valid before " + nbf.toInstant() + " (now " + now + "; "
                + who + ")");
        }
        if (iat.isAfter(now.plus(clockSkew))) {
            throw fail(Reason.IAT_IN_FUTURE, "token issued in the future at " + iat + " (now " + now + ", skew "
                + clockSkew + "; " + who + ")");
        }
        if (!exp.isAfter(iat)) {
            throw fail(Reason.MALFORMED, "exp is not after iat (" + who + ")");
        }
        Duration lifetime = Duration.between(iat, exp);
        if (lifetime.compareTo(maxTokenLifetime.plus(clockSkew)) > 0) {
            throw fail(Reason.LIFETIME_TOO_LONG, "token lifetime " + lifetime + " exceeds " + maxTokenLifetime
                + " (+ skew " + clockSkew + "; " + who + ")");
        }
        String subject = claims.getSubject();
        if (requireSubject && (subject == null || subject.isBlank())) {
            throw fail(Reason.MISSING_CLAIM, "token has no sub claim (" + who + ")");
        }
        Object tenantClaim = claims.getClaim("tenant");
        if (tenantClaim != null && !(tenantClaim instanceof String)) {
            throw fail(Reason.MALFORMED, "tenant claim is not a string (" + who + ")");
        }
        String tenant = (String) tenantClaim;
        if (ehr.tenant() != null) {
            if (tenant == null) {
                throw fail(Reason.MISSING_CLAIM, "token has no tenant claim, required for this issuer (" + who + ")");
            }
            if (!ehr.tenant().equals(tenant)) {
                throw fail(Reason.WRONG_TENANT, "tenant does not match the tenant configured for this issuer ("
                    + who + ")");
            }
        }

        // 5. replay: recorded last, so forged or invalid tokens cannot burn jtis
        Instant forgetAt = exp.plus(clockSkew);
        switch (replayCache.record(iss, jti, forgetAt.toEpochMilli(), now.toEpochMilli())) {
            case REPLAYED -> throw fail(Reason.REPLAYED, "jti already used by this issuer (" + who + ")");
            case FULL -> {
                LOG.warn("replay cache full ({} unexpired jtis): refusing new tokens until entries expire",
                    replayCache.maxEntries());
                throw fail(Reason.REPLAY_CACHE_FULL, "replay cache is full (" + who + ")");
            }
            case RECORDED -> { }
        }
        return new AuthenticatedCaller(iss, subject, tenant, jti, kid, exp, ehr.configuredLocale().orElse(null));
    }

    private KeySet.VerificationKey findKey(TrustedEhr ehr, String jku, String kid, String who) {
        RemoteJwks remote;
        if (jku != null) {
            if (!ehr.jkuAllowed(jku)) {
                throw fail(Reason.JKU_NOT_ALLOWED, "jku header is not allow-listed for this issuer (" + who + ")");
            }
            remote = ehr.inlineKeys() != null ? null : remoteSources.get(jku);
        } else {
            remote = ehr.inlineKeys() != null ? null : remoteSources.get(ehr.jwksUrl());
        }
        KeySet.VerificationKey key;
        if (remote == null) {
            key = ehr.inlineKeys().find(kid);
        } else {
            KeySet keys = remote.keys();
            key = keys.find(kid);
            if (key == null) {
                key = remote.keysAfterUnknownKid(keys).find(kid);
            }
        }
        if (key == null) {
            throw fail(Reason.UNKNOWN_KEY, "kid is not in the issuer's keys"
                + (remote == null ? " configured in the trusted-EHR file" : " published at " + remote.url())
                + " (" + who + ")");
        }
        return key;
    }

    private static String bearerToken(String header) {
        if (header == null || header.isBlank()) {
            throw fail(Reason.MISSING_TOKEN, "no Authorization header");
        }
        String h = header.strip();
        int space = indexOfWhitespace(h);
        String scheme = space < 0 ? h : h.substring(0, space);
        if (!scheme.toLowerCase(Locale.ROOT).equals(BEARER)) {
            throw fail(Reason.MISSING_TOKEN, "Authorization header does not use the Bearer scheme");
        }
        String token = space < 0 ? "" : h.substring(space + 1).strip();
        if (token.isEmpty()) {
            throw fail(Reason.MISSING_TOKEN, "Bearer token is empty");
        }
        return token;
    }

    private static int indexOfWhitespace(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    private static JsonNode decodeHeader(String part) {
        try {
            byte[] bytes = Base64.getUrlDecoder().decode(part);
            JsonNode header = JSON.readTree(new String(bytes, StandardCharsets.UTF_8));
            if (header == null || !header.isObject()) {
                throw fail(Reason.MALFORMED, "JOSE header is not a JSON object");
            }
            return header;
        } catch (IllegalArgumentException | IOException e) {
            throw fail(Reason.MALFORMED, "JOSE header is not base64url-encoded JSON");
        }
    }

    private static String textOrNull(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.isTextual() ? v.asText() : null;
    }

    static String stripTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** Makes a token-supplied value safe to log: printable ASCII only, truncated. */
    static String safe(String value) {
        StringBuilder sb = new StringBuilder(Math.min(value.length(), MAX_LOGGED_CHARS) + 3);
        for (int i = 0; i < value.length() && i < MAX_LOGGED_CHARS; i++) {
            char c = value.charAt(i);
            sb.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        if (value.length() > MAX_LOGGED_CHARS) {
            sb.append("...");
        }
        return sb.toString();
    }

    /** A library exception's class, never its message (it may quote token contents). */
    private static String shortReason(Exception e) {
        return e.getClass().getSimpleName();
    }

    private static AuthenticationException fail(Reason reason, String message) {
        return new AuthenticationException(reason, message);
    }

    // for tests
    int replayCacheSize() {
        return replayCache.size();
    }

    RemoteJwks remoteSource(String url) {
        return remoteSources.get(url);
    }

    /** Settings with defaults; only {@link #trustedEhrs(TrustedEhrs)} is required. */
    public static final class Builder {
        private TrustedEhrs trustedEhrs;
        private Clock clock = Clock.systemUTC();
        private Duration clockSkew = Duration.ofSeconds(60);
        private Duration maxTokenLifetime = Duration.ofMinutes(5);
        private Duration jwksFetchTimeout = Duration.ofSeconds(2);
        private Duration jwksCacheTtl = Duration.ofMinutes(10);
        private Duration jwksRefetchMinInterval = Duration.ofSeconds(30);
        private int replayCacheMaxEntries = 1_000_000;
        private Set<String> allowedAlgorithms = SUPPORTED_ALGORITHMS;
        private boolean requireSubject = false;

        private Builder() {}

        /** The EHRs to trust (required). */
        public Builder trustedEhrs(TrustedEhrs trustedEhrs) {
            this.trustedEhrs = trustedEhrs;
            return this;
        }

        /** Default: system UTC clock. */
        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** Tolerance for exp, nbf, iat and lifetime checks; default 60 s, at most 5 min. */
        public Builder clockSkew(Duration clockSkew) {
            this.clockSkew = clockSkew;
            return this;
        }

        /** Tokens whose exp - iat exceeds this (plus skew) are refused; default 5 min. */
        public Builder maxTokenLifetime(Duration maxTokenLifetime) {
            this.maxTokenLifetime = maxTokenLifetime;
            return this;
        }

        /** Connect and response timeout of a JWKS fetch; default 2 s. */
        public Builder jwksFetchTimeout(Duration jwksFetchTimeout) {
            this.jwksFetchTimeout = jwksFetchTimeout;
            return this;
        }

        /** How long a fetched JWKS is used before it is refreshed; default 10 min. */
        public Builder jwksCacheTtl(Duration jwksCacheTtl) {
            this.jwksCacheTtl = jwksCacheTtl;
            return this;
        }

        /** Minimum time between two refetches of one JWKS URL caused by unknown kids; default 30 s. */
        public Builder jwksRefetchMinInterval(Duration jwksRefetchMinInterval) {
            this.jwksRefetchMinInterval = jwksRefetchMinInterval;
            return this;
        }

        /** Upper bound of remembered jtis; default 1,000,000. */
        public Builder replayCacheMaxEntries(int replayCacheMaxEntries) {
            this.replayCacheMaxEntries = replayCacheMaxEntries;
            return this;
        }

        /** Allowed JWS algorithms, a non-empty subset of {@link #SUPPORTED_ALGORITHMS} (the default). */
        public Builder allowedAlgorithms(Set<String> allowedAlgorithms) {
            this.allowedAlgorithms = allowedAlgorithms == null ? null : new LinkedHashSet<>(allowedAlgorithms);
            return this;
        }

        /** Whether the {@code sub} claim is required; default false (the HL7 sandbox sends none). */
        public Builder requireSubject(boolean requireSubject) {
            this.requireSubject = requireSubject;
            return this;
        }

        public CallerAuthenticator build() {
            if (trustedEhrs == null) {
                throw config("trustedEhrs is required (TrustedEhrs.load(file), or TrustedEhrs.sandboxDefault()"
                    + " for development)");
            }
            if (clock == null) {
                throw config("clock must not be null");
            }
            requirePositive(maxTokenLifetime, "maxTokenLifetime");
            requirePositive(jwksFetchTimeout, "jwksFetchTimeout");
            requirePositive(jwksCacheTtl, "jwksCacheTtl");
            if (jwksRefetchMinInterval == null || jwksRefetchMinInterval.isNegative()) {
                throw config("jwksRefetchMinInterval must be zero or positive, was " + jwksRefetchMinInterval);
            }
            if (clockSkew == null || clockSkew.isNegative() || clockSkew.compareTo(Duration.ofMinutes(5)) > 0) {
                throw config("clockSkew must be between 0 and 5 minutes, was " + clockSkew);
            }
            if (replayCacheMaxEntries < 1) {
                throw config("replayCacheMaxEntries must be positive, was " + replayCacheMaxEntries);
            }
            if (allowedAlgorithms == null || allowedAlgorithms.isEmpty()
                || !SUPPORTED_ALGORITHMS.containsAll(allowedAlgorithms)) {
                throw config("allowedAlgorithms must be a non-empty subset of " + SUPPORTED_ALGORITHMS + ", was "
                    + allowedAlgorithms);
            }
            return new CallerAuthenticator(this);
        }

        private static void requirePositive(Duration d, String name) {
            if (d == null || d.isZero() || d.isNegative()) {
                throw config(name + " must be positive, was " + d);
            }
        }

        private static DxGuardException config(String message) {
            return new DxGuardException(AuthErrors.INVALID_AUTH_CONFIG, message);
        }
    }

    @Override
    public String toString() {
        return "CallerAuthenticator" + trustedEhrs.issuers();
    }

    static boolean sameUrl(String a, String b) {
        return Objects.equals(stripTrailingSlash(a), stripTrailingSlash(b));
    }
}
