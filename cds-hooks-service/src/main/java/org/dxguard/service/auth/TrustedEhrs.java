package org.dxguard.service.auth;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyType;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.dxguard.model.DxGuardException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The EHRs this service trusts: for each {@code iss}, its public keys inline or the URL of its JWKS.
 *
 * <p>File format (JSON):
 * <pre>{@code
 * {"ehrs": [
 *   {"iss": "https://ehr.example.org", "jwks": {"keys": [ {public JWK with kid}, ... ]}},
 *   {"iss": "https://other.example.org", "jwksUrl": "https://other.example.org/.well-known/jwks.json",
 *    "jkuAllowlist": ["https://other.example.org/keys/jwks.json"], "tenant": "hospital-a"}
 * ]}
 * }</pre>
 * Per entry: {@code iss} (string, required, unique); exactly one of {@code jwks} (a JWK Set object of public
 * keys, each with a unique {@code kid}) or {@code jwksUrl} (https; plain http only for localhost/127.0.0.1);
 * optional {@code jkuAllowlist} (URLs, same rule; a token's {@code jku} header is accepted only if listed there or
 * equal to {@code jwksUrl}; for an inline entry a listed {@code jku} selects the inline keys, nothing is fetched);
 * optional {@code tenant} (if set, the token's {@code tenant} claim must equal it); optional {@code locale}
 * ({@code "en"} or {@code "zh-CN"}, default en: the language of the cards this EHR's clinicians see, unless a call
 * names another with the request extension {@code org.dxguard.locale}). Unknown fields are ignored
 * with a warning; wrong JSON types, duplicate fields or issuers, and private or symmetric key material are
 * refused with a {@link DxGuardException} ({@link AuthErrors#INVALID_TRUSTED_EHRS}) naming the file and entry.
 */
public final class TrustedEhrs {
    private static final Logger LOG = LoggerFactory.getLogger(TrustedEhrs.class);
    private static final ObjectMapper JSON = JsonMapper.builder()
        .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
        .build();
    private static final Set<String> ENTRY_FIELDS = Set.of("iss", "jwks", "jwksUrl", "jkuAllowlist", "tenant",
        "locale");

    static final String SANDBOX_ISSUER = "https://sandbox.cds-hooks.org";
    static final String SANDBOX_JKU = "https://sandbox.cds-hooks.org/.well-known/jwks.json";
    static final String SANDBOX_JWKS_RESOURCE = "/auth/cds-hooks-sandbox-jwks.json";

    private final Map<String, TrustedEhr> byIssuer;
    private final boolean developmentDefault;
    private final String sourceName;

    private TrustedEhrs(Map<String, TrustedEhr> byIssuer, boolean developmentDefault, String sourceName) {
        this.byIssuer = Collections.unmodifiableMap(byIssuer);
        this.developmentDefault = developmentDefault;
        this.sourceName = sourceName;
    }

    /** Reads and validates a trusted-EHR file. */
    public static TrustedEhrs load(Path file) {
        Objects.requireNonNull(file, "file");
        String json;
        try {
            json = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            throw invalid(file.toString(), "cannot be read (" + e.getClass().getSimpleName() + ": " + e.getMessage()
                + ")", e);
        }
        return parse(json, file.toString());
    }

    /** Parses and validates a trusted-EHR document; {@code sourceName} names it in error messages. */
    public static TrustedEhrs parse(String json, String sourceName) {
        String source = sourceName == null || sourceName.isBlank() ? "<trusted EHRs>" : sourceName;
        if (json == null || json.isBlank()) {
            throw invalid(source, "is empty; expected {\"ehrs\":[...]}", null);
        }
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                : " at line " + e.getLocation().getLineNr() + " column " + e.getLocation().getColumnNr();
            throw invalid(source, "is not valid JSON" + where + ": " + e.getOriginalMessage(), e);
        }
        return new TrustedEhrs(parseRoot(root, source), false, source);
    }

    /**
     * Trusts only the public HL7 CDS Hooks sandbox ({@code iss https://sandbox.cds-hooks.org}, its packaged public
     * key, {@code jku} allow-listed and served from the packaged copy). DEVELOPMENT ONLY: the sandbox's private
     * key is public, so anyone can sign as it.
     */
    public static TrustedEhrs sandboxDefault() {
        String jwks;
        try (InputStream in = TrustedEhrs.class.getResourceAsStream(SANDBOX_JWKS_RESOURCE)) {
            if (in == null) {
                throw invalid("classpath:" + SANDBOX_JWKS_RESOURCE, "is missing from the classpath", null);
            }
            jwks = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw invalid("classpath:" + SANDBOX_JWKS_RESOURCE, "cannot be read: " + e.getMessage(), e);
        }
        String doc = "{\"ehrs\":[{\"iss\":\"" + SANDBOX_ISSUER + "\",\"jwks\":" + jwks
            + ",\"jkuAllowlist\":[\"" + SANDBOX_JKU + "\"]}]}";
        String source = "sandbox default (classpath:" + SANDBOX_JWKS_RESOURCE + ")";
        try {
            return new TrustedEhrs(parseRoot(JSON.readTree(doc), source), true, source);
        } catch (JsonProcessingException e) {
            throw invalid(source, "is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** True for {@link #sandboxDefault()}: a development setting that must not be used in production. */
    public boolean developmentDefault() {
        return developmentDefault;
    }

    /** The trusted issuers, in file order. */
    public List<String> issuers() {
        return List.copyOf(byIssuer.keySet());
    }

    /** Where this configuration came from (file name or description). */
    public String sourceName() {
        return sourceName;
    }

    /**
     * The language configured for this issuer's clinicians ({@code "locale"}, English by default) when the issuer is
     * in a trusted-EHRs file; empty for an unknown issuer and for the development default (no file), where nothing
     * was configured.
     */
    public java.util.Optional<java.util.Locale> localeOf(String issuer) {
        TrustedEhr ehr = developmentDefault || issuer == null ? null : byIssuer.get(issuer);
        return java.util.Optional.ofNullable(ehr == null ? null : ehr.locale());
    }

    TrustedEhr find(String issuer) {
        return byIssuer.get(issuer);
    }

    Iterable<TrustedEhr> entries() {
        return byIssuer.values();
    }

    @Override
    public String toString() {
        return "TrustedEhrs" + issuers() + (developmentDefault ? " (development default)" : "");
    }

    // ---------------------------------------------------------------------------------------------- parsing

    private static Map<String, TrustedEhr> parseRoot(JsonNode root, String source) {
        if (!root.isObject()) {
            throw invalid(source, "must be a JSON object {\"ehrs\":[...]}, found " + kind(root), null);
        }
        warnUnknown(root, Set.of("ehrs"), source, "top level");
        JsonNode ehrs = root.get("ehrs");
        if (ehrs == null || ehrs.isNull()) {
            throw invalid(source, "has no \"ehrs\" array; expected {\"ehrs\":[{\"iss\":...,\"jwks\"|\"jwksUrl\":...}]}",
                null);
        }
        if (!ehrs.isArray()) {
            throw invalid(source, "\"ehrs\" must be an array, found " + kind(ehrs), null);
        }
        if (ehrs.isEmpty()) {
            throw invalid(source, "\"ehrs\" is empty: no caller could ever be authenticated", null);
        }
        Map<String, TrustedEhr> byIssuer = new LinkedHashMap<>();
        for (int i = 0; i < ehrs.size(); i++) {
            TrustedEhr ehr = parseEntry(ehrs.get(i), source, "ehrs[" + i + "]");
            if (byIssuer.putIfAbsent(ehr.issuer(), ehr) != null) {
                throw invalid(source, "ehrs[" + i + "]: duplicate iss '" + ehr.issuer()
                    + "'; each issuer may appear once", null);
            }
        }
        return byIssuer;
    }

    private static TrustedEhr parseEntry(JsonNode entry, String source, String where) {
        if (!entry.isObject()) {
            throw invalid(source, where + " must be an object, found " + kind(entry), null);
        }
        String iss = requiredText(entry, "iss", source, where);
        String at = where + " (iss " + iss + ")";
        warnUnknown(entry, ENTRY_FIELDS, source, at);
        JsonNode jwks = present(entry, "jwks");
        JsonNode jwksUrlNode = present(entry, "jwksUrl");
        if (jwks != null && jwksUrlNode != null) {
            throw invalid(source, at + ": has both \"jwks\" and \"jwksUrl\"; give exactly one", null);
        }
        if (jwks == null && jwksUrlNode == null) {
            throw invalid(source, at + ": has neither \"jwks\" nor \"jwksUrl\"; give exactly one", null);
        }
        KeySet keys = jwks == null ? null : parseJwks(jwks, source, at);
        String jwksUrl = jwksUrlNode == null ? null : fetchableUrl(jwksUrlNode, source, at + " jwksUrl");
        List<String> jkuAllowlist = new ArrayList<>();
        JsonNode jkus = present(entry, "jkuAllowlist");
        if (jkus != null) {
            if (!jkus.isArray()) {
                throw invalid(source, at + ": \"jkuAllowlist\" must be an array of URL strings, found " + kind(jkus),
                    null);
            }
            for (int j = 0; j < jkus.size(); j++) {
                jkuAllowlist.add(fetchableUrl(jkus.get(j), source, at + " jkuAllowlist[" + j + "]"));
            }
        }
        String tenant = null;
        JsonNode tenantNode = present(entry, "tenant");
        if (tenantNode != null) {
            if (!tenantNode.isTextual() || tenantNode.asText().isBlank()) {
                throw invalid(source, at + ": \"tenant\" must be a non-empty string, found " + kind(tenantNode), null);
            }
            tenant = tenantNode.asText();
        }
        java.util.Locale locale = null;
        JsonNode localeNode = present(entry, "locale");
        if (localeNode != null) {
            locale = localeNode.isTextual() ? org.dxguard.rules.Messages.supportedLocale(localeNode.asText()) : null;
            if (locale == null) {
                throw invalid(source, at + ": \"locale\" must be one of " + org.dxguard.rules.Messages.SUPPORTED
                    + ", found " + (localeNode.isTextual() ? "'" + localeNode.asText() + "'" : kind(localeNode)), null);
            }
        }
        return new TrustedEhr(iss, keys, jwksUrl, jkuAllowlist, tenant, locale);
    }

    private static KeySet parseJwks(JsonNode jwks, String source, String at) {
        if (!jwks.isObject()) {
            throw invalid(source, at + ": \"jwks\" must be a JWK Set object {\"keys\":[...]}, found " + kind(jwks),
                null);
        }
        JsonNode keys = jwks.get("keys");
        if (keys == null || !keys.isArray()) {
            throw invalid(source, at + ": \"jwks\" must have a \"keys\" array", null);
        }
        if (keys.isEmpty()) {
            throw invalid(source, at + ": \"jwks\".\"keys\" is empty; configure at least one public key", null);
        }
        List<JWK> parsed = new ArrayList<>();
        Set<String> kids = new HashSet<>();
        for (int k = 0; k < keys.size(); k++) {
            String keyAt = at + " jwks.keys[" + k + "]";
            JsonNode node = keys.get(k);
            if (!node.isObject()) {
                throw invalid(source, keyAt + " must be a JWK object, found " + kind(node), null);
            }
            JWK jwk;
            try {
                jwk = JWK.parse(node.toString());
            } catch (ParseException | RuntimeException e) {
                throw invalid(source, keyAt + " is not a valid JWK: " + e.getMessage(), e);
            }
            if (jwk.isPrivate()) {
                String what = KeyType.OCT.equals(jwk.getKeyType()) ? "a symmetric (oct) key"
                    : "private key material";
                throw invalid(source, keyAt + " (kid " + jwk.getKeyID() + ") holds " + what
                    + "; a trusted-EHR file must hold public keys only (remove it and rotate that key)", null);
            }
            if (jwk.getKeyID() == null || jwk.getKeyID().isBlank()) {
                throw invalid(source, keyAt + " has no \"kid\"; tokens name their key by kid", null);
            }
            if (!kids.add(jwk.getKeyID())) {
                throw invalid(source, keyAt + ": duplicate kid '" + jwk.getKeyID() + "'", null);
            }
            KeySet probe = KeySet.of(List.of(jwk));
            if (probe.find(jwk.getKeyID()).verifier() == null) {
                LOG.warn("{}: {} (kid {}) is a {} key that cannot verify ES256/ES384/RS256/RS384; tokens signed with"
                    + " it will be refused", source, keyAt, jwk.getKeyID(), jwk.getKeyType());
            } else if (jwk.getKeyType() == KeyType.RSA && jwk.size() < KeySet.MIN_RSA_BITS) {
                LOG.warn("{}: {} (kid {}) is an RSA key of {} bits; tokens signed with it will be refused (minimum {})",
                    source, keyAt, jwk.getKeyID(), jwk.size(), KeySet.MIN_RSA_BITS);
            }
            parsed.add(jwk);
        }
        return KeySet.of(parsed);
    }

    /** An https URL, or plain http to localhost / 127.0.0.1 / [::1] (tests, side-cars). */
    static String fetchableUrl(JsonNode node, String source, String at) {
        if (!node.isTextual()) {
            throw invalid(source, at + " must be a URL string, found " + kind(node), null);
        }
        String url = node.asText();
        String problem = urlProblem(url);
        if (problem != null) {
            throw invalid(source, at + " '" + url + "' " + problem, null);
        }
        return url;
    }

    static String urlProblem(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return "is not a valid URL (" + e.getReason() + ")";
        }
        if (!uri.isAbsolute() || uri.getHost() == null) {
            return "is not an absolute URL with a host";
        }
        if (uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
            return "must not carry user info or a fragment";
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        if (scheme.equals("https")) {
            return null;
        }
        if (scheme.equals("http")
            && (host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]"))) {
            return null;
        }
        return "must use https (plain http is allowed only for localhost and 127.0.0.1)";
    }

    private static String requiredText(JsonNode obj, String field, String source, String where) {
        JsonNode node = present(obj, field);
        if (node == null) {
            throw invalid(source, where + " has no \"" + field + "\"", null);
        }
        if (!node.isTextual() || node.asText().isBlank()) {
            throw invalid(source, where + ": \"" + field + "\" must be a non-empty string, found " + kind(node), null);
        }
        return node.asText();
    }

    private static JsonNode present(JsonNode obj, String field) {
        JsonNode node = obj.get(field);
        return node == null || node.isNull() ? null : node;
    }

    private static void warnUnknown(JsonNode obj, Set<String> known, String source, String where) {
        for (Iterator<String> it = obj.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!known.contains(name)) {
                LOG.warn("{}: {}: ignoring unknown field \"{}\" (known: {})", source, where, name, known);
            }
        }
    }

    private static String kind(JsonNode node) {
        if (node.isTextual()) {
            return "a string";
        }
        if (node.isNumber()) {
            return "a number";
        }
        if (node.isBoolean()) {
            return "a boolean";
        }
        if (node.isArray()) {
            return "an array";
        }
        if (node.isObject()) {
            return "an object";
        }
        return node.getNodeType().name().toLowerCase(Locale.ROOT);
    }

    private static DxGuardException invalid(String source, String what, Throwable cause) {
        return new DxGuardException(AuthErrors.INVALID_TRUSTED_EHRS, "trusted-EHR file '" + source + "' " + what,
            cause);
    }
}
