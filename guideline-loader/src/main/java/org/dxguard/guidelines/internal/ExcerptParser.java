package org.dxguard.guidelines.internal;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.dxguard.model.GuidelineExcerpt;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads a package's {@code excerpts.yaml} (see guidelines/README.md) into {@link GuidelineExcerpt}s. Every problem
 * is reported as {@code <package>/excerpts.yaml:<line>: <what is wrong>} and the file's excerpts are then not used.
 * Ids must be unique across all packages; that is checked by the {@link Loader}.
 */
public final class ExcerptParser {
    public static final String FILE = "excerpts.yaml";
    /** Bounds of an excerpt's text: long enough to say something, short enough to fit several in a prompt. */
    public static final int MIN_TEXT = 40;
    public static final int MAX_TEXT = 700;
    public static final int MAX_TITLE = 120;
    static final Pattern ID = Pattern.compile("[A-Z][A-Z0-9]*(-[A-Z0-9]+)+");
    /** Bounds of a Chinese text (denser than English: the same passage takes about half the characters). */
    public static final int MIN_TEXT_ZH = 20;
    public static final int MAX_TEXT_ZH = 400;
    /** The other languages an excerpt may be written in, beside English, each a mapping with title and text. */
    public static final Set<String> LANGUAGES = Set.of("zh");
    private static final Set<String> KEYS = Set.of("id", "title", "text", "citation", "url", "needsClinicalReview",
        "zh");
    private static final Set<String> LOCALIZED_KEYS = Set.of("title", "text");

    /** One parsed excerpt and the line it starts on. */
    public record Parsed(GuidelineExcerpt excerpt, int line, boolean needsClinicalReview) {}

    private ExcerptParser() {}

    /**
     * @param where    the file as named in messages, e.g. {@code ada-diabetes/excerpts.yaml}
     * @param problems where problems are added
     * @return the excerpts; empty when the file has any problem
     */
    public static List<Parsed> parse(String packageId, String where, String yaml, List<String> problems) {
        Node root;
        try {
            root = new Yaml(new LoaderOptions()).compose(new StringReader(yaml));
        } catch (MarkedYAMLException e) {
            problems.add(where + ":" + (e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1)
                + ": not valid YAML: " + e.getProblem());
            return List.of();
        } catch (RuntimeException e) {
            problems.add(where + ": not valid YAML: " + e.getMessage());
            return List.of();
        }
        if (root == null) {
            problems.add(where + ": the file is empty (write 'excerpts:' followed by a list)");
            return List.of();
        }
        Node list = root;
        if (root instanceof MappingNode m) {
            Map<String, Node> top = map(m, where, Set.of("excerpts"), problems);
            list = top.get("excerpts");
            if (list == null) {
                problems.add(where + ":" + line(root) + ": missing 'excerpts' (a list of excerpts)");
                return List.of();
            }
        }
        if (!(list instanceof SequenceNode seq)) {
            problems.add(where + ":" + line(list) + ": 'excerpts' must be a list");
            return List.of();
        }
        int before = problems.size();
        List<Parsed> out = new ArrayList<>();
        for (Node n : seq.getValue()) {
            Parsed p = one(packageId, where, n, problems);
            if (p != null) {
                out.add(p);
            }
        }
        return problems.size() > before ? List.of() : out;
    }

    private static Parsed one(String packageId, String where, Node n, List<String> problems) {
        int line = line(n);
        if (!(n instanceof MappingNode m)) {
            problems.add(where + ":" + line + ": an excerpt must be a mapping with id, title, text and citation");
            return null;
        }
        int before = problems.size();
        Map<String, Node> f = map(m, where, KEYS, problems);
        String id = scalar(f, "id", where, problems);
        String at = where + ":" + line + ": excerpt " + (id == null ? "(no id)" : id);
        if (id == null) {
            problems.add(at + ": missing 'id'");
        } else if (!ID.matcher(id).matches()) {
            problems.add(at + ": id must look like ADA-EXC-003 (capitals, digits, dashes)");
        }
        String title = scalar(f, "title", where, problems);
        String text = scalar(f, "text", where, problems);
        checkTitleAndText(at, "", title, text, MIN_TEXT, MAX_TEXT, "; split a long excerpt in two", problems);
        String citation = scalar(f, "citation", where, problems);
        if (citation == null || citation.isBlank()) {
            problems.add(at + ": missing 'citation' (every excerpt names the source it summarises)");
        }
        String url = scalar(f, "url", where, problems);
        if (url != null && !url.isBlank() && !url.startsWith("https://") && !url.startsWith("http://")) {
            problems.add(at + ": url must start with https://");
        }
        String review = scalar(f, "needsClinicalReview", where, problems);
        if (review != null && !review.equals("true") && !review.equals("false")) {
            problems.add(at + ": needsClinicalReview must be true or false");
        }
        Map<String, GuidelineExcerpt.Localized> translations = new LinkedHashMap<>();
        for (String lang : LANGUAGES) {
            Node t = f.get(lang);
            if (t == null) {
                continue;
            }
            GuidelineExcerpt.Localized l = localized(lang, t, where, at, problems);
            if (l != null) {
                translations.put(lang, l);
            }
        }
        if (problems.size() > before) {
            return null;
        }
        return new Parsed(new GuidelineExcerpt(id, packageId, title, text, citation, url, translations), line,
            "true".equals(review));
    }

    /**
     * Every excerpt of a package has every language the package declares ({@code languages} in package.yaml, as for
     * messages, DXG-0541): an error ({@link org.dxguard.guidelines.GuidelineErrors#EXCERPT_LANGUAGE_MISSING},
     * DXG-0920), not a warning, because the declaration is the package's promise that its clinicians read it in that
     * language, and the cards and the explanation page would otherwise show them the English text (labelled as
     * such) without anyone having decided so. A package that declares only English is not checked.
     *
     * @param declared the package's languages ({@code en}, {@code zh-CN}, …)
     */
    static void checkLanguages(String where, List<Parsed> excerpts, List<String> declared, List<String> problems) {
        for (String tag : declared) {
            String lang = java.util.Locale.forLanguageTag(tag).getLanguage();
            if (lang.isEmpty() || lang.equals("en")) {
                continue;
            }
            for (Parsed p : excerpts) {
                if (!p.excerpt().hasLanguage(lang)) {
                    problems.add(org.dxguard.guidelines.GuidelineErrors.EXCERPT_LANGUAGE_MISSING.code() + ": " + where
                        + ":" + p.line() + ": excerpt " + p.excerpt().id() + " has no '" + lang + "' text, but the "
                        + "package declares " + tag + " (add a '" + lang + ":' block with title and text)");
                }
            }
        }
    }

    /** A title (at most {@link #MAX_TITLE}) and a text of {@code min}..{@code max} characters, both required. */
    private static void checkTitleAndText(String at, String prefix, String title, String text, int min, int max,
                                          String hint, List<String> problems) {
        if (title == null || title.isBlank()) {
            problems.add(at + ": missing '" + prefix + "title'");
        } else if (title.strip().length() > MAX_TITLE) {
            problems.add(at + ": " + prefix + "title is " + title.strip().length() + " characters (at most " + MAX_TITLE
                + ")");
        }
        if (text == null || text.isBlank()) {
            problems.add(at + ": missing '" + prefix + "text'");
        } else {
            int len = text.strip().length();
            if (len < min || len > max) {
                problems.add(at + ": " + prefix + "text is " + len + " characters (must be " + min + "-" + max + hint
                    + ")");
            }
        }
    }

    /** {@code zh: {title: …, text: …}}: the same passage in another language, bounded like the English one. */
    private static GuidelineExcerpt.Localized localized(String lang, Node n, String where, String at,
                                                        List<String> problems) {
        if (!(n instanceof MappingNode m)) {
            problems.add(at + ": '" + lang + "' must be a mapping with title and text");
            return null;
        }
        int before = problems.size();
        Map<String, Node> f = map(m, where, LOCALIZED_KEYS, problems);
        String title = scalar(f, "title", where, problems);
        String text = scalar(f, "text", where, problems);
        checkTitleAndText(at, lang + ".", title, text, MIN_TEXT_ZH, MAX_TEXT_ZH, "", problems);
        return problems.size() > before ? null : new GuidelineExcerpt.Localized(title, text);
    }

    private static Map<String, Node> map(MappingNode m, String where, Set<String> allowed, List<String> problems) {
        Map<String, Node> out = new LinkedHashMap<>();
        for (NodeTuple t : m.getValue()) {
            String key = t.getKeyNode() instanceof ScalarNode s ? s.getValue() : null;
            if (key == null || !allowed.contains(key)) {
                problems.add(where + ":" + line(t.getKeyNode()) + ": unknown key '" + key + "' (allowed: "
                    + allowed.stream().sorted().toList() + ")");
            } else if (out.put(key, t.getValueNode()) != null) {
                problems.add(where + ":" + line(t.getKeyNode()) + ": key '" + key + "' appears twice");
            }
        }
        return out;
    }

    private static String scalar(Map<String, Node> f, String key, String where, List<String> problems) {
        Node n = f.get(key);
        if (n == null) {
            return null;
        }
        if (!(n instanceof ScalarNode s)) {
            problems.add(where + ":" + line(n) + ": '" + key + "' must be text");
            return null;
        }
        return s.getValue();
    }

    private static int line(Node n) {
        return n == null || n.getStartMark() == null ? 0 : n.getStartMark().getLine() + 1;
    }
}
