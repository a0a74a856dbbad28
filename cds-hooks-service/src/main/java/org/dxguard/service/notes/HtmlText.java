package org.dxguard.service.notes;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * HTML (a {@code text/html} note or report, an XHTML narrative) → plain text for reading, never for showing: the
 * content of {@code script}, {@code style}, {@code head}, {@code template} and comments is dropped; block elements
 * ({@code p}, {@code div}, {@code br}, {@code li}, {@code tr}, headings …) end a line so that sections and
 * sentences survive; every other tag is removed; character references (named ones of the common set, decimal and
 * hexadecimal) are decoded, an unknown one is left as written. Nothing here is rendered, so no markup can act.
 */
public final class HtmlText {
    private static final Pattern DROPPED = Pattern.compile(
        "(?is)<!--.*?(?:-->|$)|<(script|style|head|template|noscript)\\b[^>]*>.*?(?:</\\1\\s*>|$)");
    private static final Pattern BLOCK = Pattern.compile(
        "(?i)<\\s*(?:br|/?p|/?div|/?li|/?ul|/?ol|/?tr|/?table|/?h[1-6]|/?section|/?article|/?pre|/?blockquote|hr"
            + "|/?dt|/?dd|/?dl|/?thead|/?tbody|/?caption)\\b[^>]*>");
    private static final Pattern CELL = Pattern.compile("(?i)<\\s*/?\\s*t[dh]\\b[^>]*>");
    private static final Pattern TAG = Pattern.compile("<[^>]*>|<[A-Za-z/!?][^<]*$");
    private static final Pattern ENTITY = Pattern.compile("&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,8});");
    private static final Map<String, String> NAMED = Map.ofEntries(Map.entry("amp", "&"), Map.entry("lt", "<"),
        Map.entry("gt", ">"), Map.entry("quot", "\""), Map.entry("apos", "'"), Map.entry("nbsp", " "),
        Map.entry("deg", "°"), Map.entry("micro", "µ"), Map.entry("plusmn", "±"), Map.entry("le", "≤"),
        Map.entry("ge", "≥"), Map.entry("times", "×"), Map.entry("middot", "·"), Map.entry("ndash", "–"),
        Map.entry("mdash", "—"), Map.entry("hellip", "…"), Map.entry("rsquo", "’"), Map.entry("lsquo", "‘"),
        Map.entry("rdquo", "”"), Map.entry("ldquo", "“"), Map.entry("sup2", "²"), Map.entry("sup3", "³"));

    private HtmlText() {}

    /** True when a content type says HTML or XHTML. */
    public static boolean isHtml(String contentType) {
        String c = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        return c.startsWith("text/html") || c.startsWith("application/xhtml");
    }

    public static String toText(String html) {
        String s = DROPPED.matcher(html).replaceAll(" ");
        s = BLOCK.matcher(s).replaceAll("\n");
        s = CELL.matcher(s).replaceAll(" ");
        s = TAG.matcher(s).replaceAll("");
        s = decode(s);
        // one space between words, one line per block
        s = s.replace('\u00a0', ' ').replaceAll("[ \\t\\x0B\\f\\r]+", " ").replaceAll(" *\\n[\\n ]*", "\n");
        return s.strip();
    }

    private static String decode(String s) {
        Matcher m = ENTITY.matcher(s);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String e = m.group(1);
            String r;
            if (e.startsWith("#")) {
                int cp;
                try {
                    cp = e.length() > 1 && (e.charAt(1) == 'x' || e.charAt(1) == 'X')
                        ? Integer.parseInt(e.substring(2), 16) : Integer.parseInt(e.substring(1));
                } catch (NumberFormatException ex) {
                    cp = -1;
                }
                r = cp > 0 && cp <= Character.MAX_CODE_POINT && !(cp >= 0xD800 && cp <= 0xDFFF) && cp != 0
                    ? new String(Character.toChars(cp)) : m.group();
            } else {
                r = NAMED.getOrDefault(e.toLowerCase(Locale.ROOT), m.group());
            }
            m.appendReplacement(out, Matcher.quoteReplacement(r));
        }
        m.appendTail(out);
        return out.toString();
    }
}
