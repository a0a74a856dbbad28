package org.dxguard.rules.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A light textual scan of a DRL file: its package, its rule declarations with line numbers and annotation
 * values, and consequences that modify working memory. Used for precise error locations (the executable-model
 * compiler does not always give lines) and for authoring checks; the Drools compiler remains the judge of syntax.
 */
public final class DrlScanner {
    /** A rule declaration found in the text. */
    public record Decl(String name, int line, String ruleId, String version, int thenLine, String consequence,
                       int endLine) {}

    private static final Pattern PACKAGE = Pattern.compile("^[ \\t]*package\\s+([\\w.]+)\\s*;?", Pattern.MULTILINE);
    private static final Pattern RULE = Pattern.compile("^[ \\t]*rule\\s+(\"([^\"]+)\"|'([^']+)'|(\\S+))",
        Pattern.MULTILINE);
    private static final Pattern ANNOT = Pattern.compile("@(ruleId|version)\\s*\\(\\s*\"([^\"]*)\"\\s*\\)");
    private static final Pattern THEN = Pattern.compile("^[ \\t]*then\\b", Pattern.MULTILINE);
    private static final Pattern END = Pattern.compile("^[ \\t]*end\\b", Pattern.MULTILINE);
    private static final Pattern MUTATION = Pattern.compile(
        "(?<![\\w.])(insert|insertLogical|update|modify|delete|retract)\\s*\\(|drools\\s*\\.\\s*(insert|update|delete|retract|halt)");

    private DrlScanner() {}

    public static String packageName(String drl) {
        Matcher m = PACKAGE.matcher(stripComments(drl));
        return m.find() ? m.group(1) : "";
    }

    public static List<Decl> rules(String drl) {
        String text = stripComments(drl);
        List<Decl> out = new ArrayList<>();
        Matcher m = RULE.matcher(text);
        while (m.find()) {
            String name = m.group(2) != null ? m.group(2) : m.group(3) != null ? m.group(3) : m.group(4);
            int start = m.start();
            Matcher then = THEN.matcher(text);
            int thenPos = then.find(m.end()) ? then.start() : -1;
            Matcher end = END.matcher(text);
            int endPos = thenPos >= 0 && end.find(thenPos) ? end.start() : text.length();
            String header = text.substring(m.end(), thenPos >= 0 ? thenPos : endPos);
            String ruleId = null;
            String version = null;
            Matcher a = ANNOT.matcher(header);
            while (a.find()) {
                if (a.group(1).equals("ruleId")) {
                    ruleId = a.group(2);
                } else {
                    version = a.group(2);
                }
            }
            String consequence = thenPos >= 0 ? text.substring(thenPos, endPos) : "";
            out.add(new Decl(name, lineOf(text, start), ruleId, version, thenPos >= 0 ? lineOf(text, thenPos) : 0,
                consequence, lineOf(text, endPos)));
        }
        return out;
    }

    /** Line (1-based) of the first mutation call in the consequence, relative to the file, or 0. */
    public static int mutationLine(Decl d) {
        Matcher m = MUTATION.matcher(d.consequence());
        if (!m.find()) {
            return 0;
        }
        return d.thenLine() + (int) d.consequence().substring(0, m.start()).chars().filter(c -> c == '\n').count();
    }

    /** The 1-based line of the first occurrence of {@code fragment}, or 0. */
    public static int lineOfFragment(String drl, String fragment) {
        if (fragment == null || fragment.isBlank()) {
            return 0;
        }
        int i = drl.indexOf(fragment.strip());
        return i < 0 ? 0 : lineOf(drl, i);
    }

    /** The rule whose declaration encloses the given line, or null. */
    public static Decl enclosing(List<Decl> decls, int line) {
        Decl best = null;
        for (Decl d : decls) {
            if (d.line() <= line && line <= d.endLine()) {
                best = d;
            }
        }
        return best;
    }

    static int lineOf(String text, int pos) {
        int line = 1;
        for (int i = 0; i < pos && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    /** Replaces comments with spaces (keeping newlines, so line numbers stay right). */
    static String stripComments(String s) {
        StringBuilder b = new StringBuilder(s.length());
        int i = 0;
        boolean inString = false;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (inString) {
                b.append(c);
                if (c == '\\' && i + 1 < s.length()) {
                    b.append(s.charAt(i + 1));
                    i += 2;
                    continue;
                }
                if (c == '"') {
                    inString = false;
                }
                i++;
            } else if (c == '"') {
                inString = true;
                b.append(c);
                i++;
            } else if (c == '/' && i + 1 < s.length() && s.charAt(i + 1) == '/') {
                while (i < s.length() && s.charAt(i) != '\n') {
                    b.append(' ');
                    i++;
                }
            } else if (c == '/' && i + 1 < s.length() && s.charAt(i + 1) == '*') {
                int end = s.indexOf("*/", i + 2);
                end = end < 0 ? s.length() : end + 2;
                for (int k = i; k < end; k++) {
                    b.append(s.charAt(k) == '\n' ? '\n' : ' ');
                }
                i = end;
            } else if (c == '#' ) {
                while (i < s.length() && s.charAt(i) != '\n') {
                    b.append(' ');
                    i++;
                }
            } else {
                b.append(c);
                i++;
            }
        }
        return b.toString();
    }
}
