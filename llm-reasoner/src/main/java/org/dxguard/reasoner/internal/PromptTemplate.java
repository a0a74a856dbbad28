package org.dxguard.reasoner.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dxguard.model.DxGuardException;
import org.dxguard.reasoner.ReasonerErrors;

/**
 * A versioned prompt template loaded from the classpath resource {@code reasoner/prompts/<version>.txt}, with
 * {@code {{name}}} placeholders. Rendering fails when a placeholder is left without a value or a value is unused,
 * so a template and its code cannot drift apart silently.
 */
public final class PromptTemplate {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([a-z_]+)\\s*}}");
    private static final Pattern VERSION = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

    private final String version;
    private final String text;
    private final Set<String> placeholders;

    private PromptTemplate(String version, String text) {
        this.version = version;
        this.text = text;
        Set<String> names = new LinkedHashSet<>();
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            names.add(m.group(1));
        }
        this.placeholders = Set.copyOf(names);
    }

    /** Loads {@code reasoner/prompts/<version>.txt}. */
    public static PromptTemplate load(String version) {
        if (version == null || !VERSION.matcher(version).matches()) {
            throw new DxGuardException(ReasonerErrors.PROMPT_TEMPLATE,
                "prompt version must be a simple name like differential-v1, was " + version);
        }
        String resource = "reasoner/prompts/" + version + ".txt";
        try (InputStream in = PromptTemplate.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new DxGuardException(ReasonerErrors.PROMPT_TEMPLATE,
                    "prompt template " + resource + " is not on the classpath");
            }
            return new PromptTemplate(version, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new DxGuardException(ReasonerErrors.PROMPT_TEMPLATE, "cannot read prompt template " + resource, e);
        }
    }

    /** {@code reasoner/prompts/<version>.txt} when it is on the classpath, else empty (a language without its own version). */
    public static java.util.Optional<PromptTemplate> loadIfPresent(String version) {
        if (version == null || !VERSION.matcher(version).matches()
            || PromptTemplate.class.getClassLoader().getResource("reasoner/prompts/" + version + ".txt") == null) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(load(version));
    }

    /**
     * The version of {@code base} for answers in {@code language}: {@code <base>-zh} for Chinese when that file
     * exists (issue 20), else {@code base} itself, which names the language through its {@code {{language}}}
     * placeholder.
     */
    public static PromptTemplate forLanguage(String base, String language) {
        if ("zh".equals(language)) {
            java.util.Optional<PromptTemplate> zh = loadIfPresent(base + "-zh");
            if (zh.isPresent()) {
                return zh.get();
            }
        }
        return load(base);
    }

    public String version() {
        return version;
    }

    public Set<String> placeholders() {
        return placeholders;
    }

    /** The template with every placeholder replaced; values are inserted literally. */
    public String render(Map<String, String> values) {
        for (String name : placeholders) {
            if (values.get(name) == null) {
                throw new DxGuardException(ReasonerErrors.PROMPT_TEMPLATE,
                    "prompt " + version + " needs a value for {{" + name + "}}");
            }
        }
        for (String name : values.keySet()) {
            if (!placeholders.contains(name)) {
                throw new DxGuardException(ReasonerErrors.PROMPT_TEMPLATE,
                    "prompt " + version + " has no {{" + name + "}} placeholder");
            }
        }
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(values.get(m.group(1))));
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
