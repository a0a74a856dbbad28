package org.dxguard.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.ibm.icu.text.MessageFormat;
import com.ibm.icu.text.MessagePattern;
import com.ibm.icu.util.ULocale;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.dxguard.model.DxGuardException;

/**
 * Message templates in several languages, kept as data: {@code messages.yaml} of a guideline package (or of a
 * module), one entry per key with one ICU MessageFormat pattern per language (BCP 47 tag) and optional sample
 * parameters for validation:
 * <pre>
 * ADA-MET-001.summary:
 *   en: "Metformin is contraindicated at eGFR {egfr} (below 30)"
 *   zh-CN: "eGFR {egfr}（低于30）时禁用{drug}"
 *   sample: {egfr: "28", drug: metformin}
 * </pre>
 * Parameters are named ({@code {egfr}}, {@code {n, number}}, {@code {n, plural, one {# day} other {# days}}},
 * {@code {draft, select, true {...} other {...}}}); formatting follows the language (ICU4J). Immutable and
 * thread-safe; formats are cached per pattern and language.
 */
public final class Messages {
    /** The language every message has and every fallback ends in. */
    public static final String EN = "en";
    /** The languages the service renders. */
    public static final List<String> SUPPORTED = List.of("en", "zh-CN");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Messages EMPTY = new Messages(Map.of(), Map.of());
    private static final String SAMPLE_TEXT = "XXXXXXXXXXXXXXXX";

    private final Map<String, Map<String, String>> patterns;
    private final Map<String, Map<String, Object>> samples;
    private final Map<String, MessageFormat> cache = new ConcurrentHashMap<>();

    private Messages(Map<String, Map<String, String>> patterns, Map<String, Map<String, Object>> samples) {
        this.patterns = patterns;
        this.samples = samples;
    }

    public static Messages empty() {
        return EMPTY;
    }

    /**
     * Parses a messages file.
     *
     * @throws DxGuardException {@link MessageErrors#MESSAGES_INVALID} when it is not a map of key to languages, or
     *                          {@link MessageErrors#MESSAGE_PATTERN_INVALID} when a pattern does not parse
     */
    public static Messages parse(String source, String yamlText) {
        JsonNode root;
        try {
            root = yamlText == null || yamlText.isBlank() ? null : YAML.readTree(yamlText);
        } catch (IOException e) {
            throw new DxGuardException(MessageErrors.MESSAGES_INVALID, source + ": not valid YAML ("
                + e.getMessage().lines().findFirst().orElse("") + ")", e);
        }
        if (root == null || root.isNull() || root.isMissingNode()) {
            return EMPTY;
        }
        if (!root.isObject()) {
            throw new DxGuardException(MessageErrors.MESSAGES_INVALID, source + ": expected a map of message keys");
        }
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        Map<String, Map<String, Object>> samples = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            if (!e.getValue().isObject()) {
                throw new DxGuardException(MessageErrors.MESSAGES_INVALID, source + ": message '" + key
                    + "' must be a map of language to text ({en: \"...\", zh-CN: \"...\"})");
            }
            Map<String, String> byLang = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> f = e.getValue().fields(); f.hasNext();) {
                Map.Entry<String, JsonNode> l = f.next();
                if (l.getKey().equals("sample")) {
                    Map<String, Object> s = new LinkedHashMap<>();
                    l.getValue().fields().forEachRemaining(p -> s.put(p.getKey(),
                        p.getValue().isNumber() ? (Object) p.getValue().numberValue() : p.getValue().asText()));
                    samples.put(key, Map.copyOf(s));
                    continue;
                }
                if (!l.getValue().isTextual()) {
                    throw new DxGuardException(MessageErrors.MESSAGES_INVALID, source + ": message '" + key
                        + "' language '" + l.getKey() + "' must be text");
                }
                String tag = canonical(l.getKey());
                try {
                    new MessagePattern(l.getValue().asText());
                } catch (IllegalArgumentException ex) {
                    throw new DxGuardException(MessageErrors.MESSAGE_PATTERN_INVALID, source + ": message '" + key
                        + "' (" + tag + ") is not a valid ICU MessageFormat pattern: " + ex.getMessage(), ex);
                }
                byLang.put(tag, l.getValue().asText());
            }
            out.put(key, Collections.unmodifiableMap(byLang));
        }
        return new Messages(Collections.unmodifiableMap(out), Collections.unmodifiableMap(samples));
    }

    /** A messages file on the classpath (a module's own texts). */
    public static Messages resource(Class<?> owner, String name) {
        try (InputStream in = owner.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name + " next to " + owner.getName());
            }
            return parse(owner.getSimpleName() + "/" + name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Every pattern in a stable order (key, language, pattern): what the rule set's version hash reads, so that a
     * reworded message gives a new rule-set version in the decision records.
     */
    public String fingerprint() {
        StringBuilder b = new StringBuilder();
        new java.util.TreeMap<>(patterns).forEach((key, byLang) -> new java.util.TreeMap<>(byLang)
            .forEach((lang, pattern) -> b.append(key).append('\u0000').append(lang).append('\u0000').append(pattern)
                .append('\n')));
        return b.toString();
    }

    /** These messages and {@code other}'s; a key defined in both keeps this one's. */
    public Messages with(Messages other) {
        if (other.patterns.isEmpty()) {
            return this;
        }
        if (patterns.isEmpty()) {
            return other;
        }
        Map<String, Map<String, String>> p = new LinkedHashMap<>(other.patterns);
        p.putAll(patterns);
        Map<String, Map<String, Object>> s = new LinkedHashMap<>(other.samples);
        s.putAll(samples);
        return new Messages(Collections.unmodifiableMap(p), Collections.unmodifiableMap(s));
    }

    public boolean has(String key) {
        return key != null && patterns.containsKey(key);
    }

    public Set<String> keys() {
        return patterns.keySet();
    }

    /** The languages {@code key} has (empty when it is not defined). */
    public Set<String> languages(String key) {
        Map<String, String> m = patterns.get(key);
        return m == null ? Set.of() : m.keySet();
    }

    /** Every language some message has, English first. */
    public Set<String> languages() {
        Set<String> out = new LinkedHashSet<>();
        out.add(EN);
        patterns.values().forEach(m -> out.addAll(m.keySet()));
        return out;
    }

    /**
     * {@code key} formatted in {@code lang} (its language alone, then English, when the message lacks the exact
     * tag) with named parameters; null when the key is not defined.
     */
    public String format(String key, String lang, Map<String, ?> args) {
        Map<String, String> byLang = patterns.get(key);
        if (byLang == null) {
            return null;
        }
        String tag = pick(byLang.keySet(), lang);
        if (tag == null) {
            return null;
        }
        MessageFormat f = cache.computeIfAbsent(key + "\u0000" + tag,
            k -> new MessageFormat(byLang.get(tag), ULocale.forLanguageTag(tag)));
        Map<String, Object> a = new LinkedHashMap<>();
        if (args != null) {
            args.forEach((k, v) -> a.put(k, v instanceof Boolean b ? b.toString() : v));
        }
        synchronized (f) {
            return f.format(a);
        }
    }

    /** {@link #format} in the language of {@code locale}. */
    public String format(String key, Locale locale, Map<String, ?> args) {
        return format(key, locale == null ? EN : locale.toLanguageTag(), args);
    }

    /** Whether {@code key} has {@code lang} exactly or by its language alone ({@code zh} for {@code zh-CN}). */
    public boolean hasLanguage(String key, String lang) {
        Map<String, String> byLang = patterns.get(key);
        String tag = byLang == null ? null : pick(byLang.keySet(), lang);
        return tag != null && (!tag.equals(EN) || canonical(lang).equals(EN));
    }

    /**
     * What is wrong with these messages for a package declaring {@code languages}: a message lacking a declared
     * language, languages naming different parameters, and summaries ({@code *.summary} keys, or every key when
     * {@code allSummaries}) formatted with sample parameters at 140 characters or more. Empty when all is well.
     */
    public List<Problem> check(String source, List<String> languages, boolean allSummaries) {
        List<Problem> out = new ArrayList<>();
        for (Map.Entry<String, Map<String, String>> e : patterns.entrySet()) {
            String key = e.getKey();
            Map<String, String> byLang = e.getValue();
            for (String lang : languages) {
                if (!byLang.containsKey(canonical(lang))) {
                    out.add(new Problem(MessageErrors.MESSAGE_LANGUAGE_MISSING, source + ": message '" + key
                        + "' has no " + canonical(lang) + " text (the package declares languages " + languages
                        + "; it has " + byLang.keySet() + ")"));
                }
            }
            Set<String> names = null;
            for (Map.Entry<String, String> l : byLang.entrySet()) {
                Set<String> n = argumentNames(l.getValue());
                if (names == null) {
                    names = n;
                } else if (!names.equals(n)) {
                    out.add(new Problem(MessageErrors.MESSAGE_PATTERN_INVALID, source + ": message '" + key + "' ("
                        + l.getKey() + ") uses parameters " + n + " but another language uses " + names));
                }
            }
            if (allSummaries || key.endsWith(".summary")) {
                for (String lang : byLang.keySet()) {
                    String text = format(key, lang, sample(key, byLang.get(lang)));
                    if (text.length() > org.dxguard.model.RuleFinding.MAX_SUMMARY) {
                        out.add(new Problem(MessageErrors.SUMMARY_TOO_LONG, source + ": summary '" + key + "' (" + lang
                            + ") is " + text.length() + " characters with sample parameters (fewer than 140 "
                            + "allowed): " + text));
                    }
                }
            }
        }
        return out;
    }

    /** One problem {@link #check} found, with its error code. */
    public record Problem(org.dxguard.model.ErrorCode code, String message) {
        @Override
        public String toString() {
            return code.code() + ": " + message;
        }
    }

    /** The pattern of {@code key} in {@code lang} (its language alone, then English), or null. */
    public String patternText(String key, String lang) {
        Map<String, String> byLang = patterns.get(key);
        String tag = byLang == null ? null : pick(byLang.keySet(), lang);
        return tag == null ? null : byLang.get(tag);
    }

    /** Sample parameters for {@code key}: the file's {@code sample:} values, else one per parameter by its type. */
    public Map<String, Object> sample(String key, String pattern) {
        Map<String, Object> out = new LinkedHashMap<>();
        MessagePattern mp = new MessagePattern(pattern);
        for (int i = 0; i < mp.countParts(); i++) {
            MessagePattern.Part p = mp.getPart(i);
            if (p.getType() == MessagePattern.Part.Type.ARG_START) {
                MessagePattern.Part name = mp.getPart(i + 1);
                String n = mp.getSubstring(name);
                Object v = switch (p.getArgType()) {
                    case PLURAL, SELECTORDINAL, CHOICE -> 12;
                    case SELECT -> "other";
                    case SIMPLE -> 12345.5;
                    default -> SAMPLE_TEXT;
                };
                out.putIfAbsent(n, v);
            }
        }
        Map<String, Object> given = samples.get(key);
        if (given != null) {
            out.putAll(given);
        }
        return out;
    }

    /** The parameter names a pattern uses. */
    public static Set<String> argumentNames(String pattern) {
        Set<String> out = new TreeSet<>();
        MessagePattern mp = new MessagePattern(pattern);
        for (int i = 0; i < mp.countParts(); i++) {
            if (mp.getPart(i).getType() == MessagePattern.Part.Type.ARG_START) {
                out.add(mp.getSubstring(mp.getPart(i + 1)));
            }
        }
        return out;
    }

    /** The canonical BCP 47 tag ({@code zh-cn}, {@code zh_CN} → {@code zh-CN}). */
    public static String canonical(String tag) {
        return Locale.forLanguageTag(tag.strip().replace('_', '-')).toLanguageTag();
    }

    /**
     * The supported locale named by {@code tag} ({@code zh}, {@code zh-CN}, {@code zh-Hans-CN} → zh-CN; {@code en},
     * {@code en-US} → en), or null when the service has no messages in that language.
     */
    public static Locale supportedLocale(String tag) {
        if (tag == null || tag.isBlank()) {
            return null;
        }
        Locale l = Locale.forLanguageTag(tag.strip().replace('_', '-'));
        return switch (l.getLanguage()) {
            case "en" -> Locale.ENGLISH;
            case "zh" -> Locale.SIMPLIFIED_CHINESE;
            default -> null;
        };
    }

    private static String pick(Set<String> have, String lang) {
        String tag = lang == null ? EN : canonical(lang);
        if (have.contains(tag)) {
            return tag;
        }
        String language = Locale.forLanguageTag(tag).getLanguage();
        for (String h : have) {
            if (Locale.forLanguageTag(h).getLanguage().equals(language)) {
                return h;
            }
        }
        return have.contains(EN) ? EN : null;
    }
}
