package org.dxguard.reasoner.claims;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.dxguard.model.DxGuardException;
import org.dxguard.reasoner.ReasonerErrors;

/**
 * A surface-form → canonical name table (drugs or diagnoses) matched in free text: case-insensitive on word
 * boundaries for Latin script, anywhere for Chinese; longest forms first, no overlaps. Optionally tolerates one
 * (two for long words) typing error in a Latin word of seven letters or more against the canonical names.
 */
final class Lexicon {
    /** One name found in a text: where, what was written and what it means. */
    record Mention(int start, int end, String surface, String canonical) {}

    private record Entry(String surface, String lower, String canonical, Pattern pattern) {}

    private static final Pattern CJK = Pattern.compile("[\\p{IsHan}]");
    private static final Pattern WORD = Pattern.compile("[A-Za-z]{7,}");

    /** The largest number of words whose fuzzy match is remembered; past it the memory starts over. */
    static final int MAX_REMEMBERED_WORDS = 20_000;

    private final List<Entry> entries;
    /**
     * Indexes into {@link #entries} by the first two characters of the lower-case form (one-character forms under
     * {@link #key(char, char) key(c, NONE)}), ascending: {@link #find} tries only the forms that start at some position
     * of the text, in the same order as before, so that a text no longer costs one search per form (issue 21).
     */
    private final Map<Integer, int[]> byStart;
    private final List<String> fuzzyTargets;
    /** A word's fuzzy match (the target, or "" for none): a function of the word and the immutable targets. */
    private final Map<String, String> fuzzyMatches = new java.util.concurrent.ConcurrentHashMap<>();

    Lexicon(Map<String, String> surfaceToCanonical, boolean fuzzy) {
        List<Entry> es = new ArrayList<>();
        surfaceToCanonical.forEach((surface, canonical) -> {
            String lower = surface.toLowerCase(Locale.ROOT);
            Pattern p = CJK.matcher(surface).find() ? null : Pattern.compile(
                "(?<![\\p{L}\\p{N}])" + Pattern.quote(lower) + "(?![\\p{L}\\p{N}])");
            es.add(new Entry(surface, lower, canonical, p));
        });
        es.sort(Comparator.comparingInt((Entry e) -> e.lower().length()).reversed().thenComparing(Entry::lower));
        this.entries = List.copyOf(es);
        Map<Integer, List<Integer>> starts = new java.util.HashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            String l = entries.get(i).lower();
            if (!l.isEmpty()) {
                starts.computeIfAbsent(key(l.charAt(0), l.length() > 1 ? l.charAt(1) : NONE), k -> new ArrayList<>())
                    .add(i);
            }
        }
        Map<Integer, int[]> index = new java.util.HashMap<>();
        starts.forEach((k, l) -> index.put(k, l.stream().mapToInt(Integer::intValue).toArray()));
        this.byStart = Map.copyOf(index);
        this.fuzzyTargets = fuzzy ? surfaceToCanonical.entrySet().stream()
            .filter(e -> e.getKey().equalsIgnoreCase(e.getValue()) && e.getKey().matches("[a-z]{7,}"))
            .map(Map.Entry::getKey).distinct().toList() : List.of();
    }

    List<Mention> find(String text) {
        List<Mention> out = new ArrayList<>();
        if (text == null || text.isEmpty()) {
            return out;
        }
        String lower = text.toLowerCase(Locale.ROOT);
        boolean[] taken = new boolean[text.length()];
        for (int index : occurring(lower)) {
            Entry e = entries.get(index);
            int from = 0;
            while (true) {
                int at = lower.indexOf(e.lower(), from);
                if (at < 0) {
                    break;
                }
                from = at + 1;
                int end = at + e.lower().length();
                if (e.pattern() != null && !boundary(lower, at, end)) {
                    continue;
                }
                if (free(taken, at, end)) {
                    mark(taken, at, end);
                    out.add(new Mention(at, end, text.substring(at, end), e.canonical()));
                }
            }
        }
        if (!fuzzyTargets.isEmpty()) {
            var m = WORD.matcher(text);
            while (m.find()) {
                if (!free(taken, m.start(), m.end())) {
                    continue;
                }
                String t = fuzzyMatch(m.group().toLowerCase(Locale.ROOT));
                if (!t.isEmpty()) {
                    mark(taken, m.start(), m.end());
                    out.add(new Mention(m.start(), m.end(), m.group(), t));
                }
            }
        }
        out.sort(Comparator.comparingInt(Mention::start));
        return out;
    }

    /** The indexes of the forms that occur somewhere in {@code lower}, ascending (the order of {@link #entries}). */
    private int[] occurring(String lower) {
        java.util.BitSet found = new java.util.BitSet(entries.size());
        for (int i = 0; i < lower.length(); i++) {
            char c = lower.charAt(i);
            int[] one = byStart.get(key(c, NONE));
            if (one != null) {
                for (int e : one) {
                    found.set(e);
                }
            }
            int[] two = i + 1 < lower.length() ? byStart.get(key(c, lower.charAt(i + 1))) : null;
            if (two != null) {
                for (int e : two) {
                    if (!found.get(e) && lower.startsWith(entries.get(e).lower(), i)) {
                        found.set(e);
                    }
                }
            }
        }
        return found.stream().toArray();
    }

    /** Not a character of a lower-case form's second position: marks the forms of one character. */
    private static final char NONE = '\uFFFF';

    private static int key(char first, char second) {
        return first << 16 | second;
    }

    /** The first fuzzy target within the allowed typing errors of a word, or "" (remembered per word). */
    String fuzzyMatch(String w) {
        String known = fuzzyMatches.get(w);
        if (known != null) {
            return known;
        }
        String match = "";
        for (String t : fuzzyTargets) {
            int allowed = t.length() >= 10 ? 2 : 1;
            if (Math.abs(t.length() - w.length()) <= allowed && distance(w, t, allowed) <= allowed) {
                match = t;
                break;
            }
        }
        if (fuzzyMatches.size() >= MAX_REMEMBERED_WORDS) {
            fuzzyMatches.clear();
        }
        fuzzyMatches.put(w, match);
        return match;
    }

    /** How many words' fuzzy matches are remembered now. */
    int rememberedWords() {
        return fuzzyMatches.size();
    }

    /** The canonical name of the whole text, or of the first name found in it; null when none. */
    String canonical(String text) {
        List<Mention> m = find(text);
        return m.isEmpty() ? null : m.get(0).canonical();
    }

    private static boolean boundary(String s, int start, int end) {
        return (start == 0 || !Character.isLetterOrDigit(s.charAt(start - 1)))
            && (end >= s.length() || !Character.isLetterOrDigit(s.charAt(end)));
    }

    private static boolean free(boolean[] taken, int a, int b) {
        for (int i = a; i < b; i++) {
            if (taken[i]) {
                return false;
            }
        }
        return true;
    }

    private static void mark(boolean[] taken, int a, int b) {
        for (int i = a; i < b; i++) {
            taken[i] = true;
        }
    }

    /** Levenshtein distance, stopping early above {@code max}. */
    static int distance(String a, String b, int max) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            int rowMin = cur[0];
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
                rowMin = Math.min(rowMin, cur[j]);
            }
            if (rowMin > max) {
                return max + 1;
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    // ---------------------------------------------------------------- loading

    static Map<String, String> csv(String resource, String keyColumn, String valueColumn) {
        Map<String, String> out = new LinkedHashMap<>();
        try (InputStream in = Lexicon.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new DxGuardException(ReasonerErrors.INVALID_CONFIG, "claim lexicon " + resource
                    + " is missing from the classpath");
            }
            String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\\R");
            String[] header = null;
            for (String line : lines) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] cols = line.split(",", -1);
                if (header == null) {
                    header = cols;
                    continue;
                }
                int k = indexOf(header, keyColumn);
                int v = indexOf(header, valueColumn);
                if (k < cols.length && v < cols.length && !cols[k].isBlank() && !cols[v].isBlank()) {
                    out.put(cols[k].strip(), cols[v].strip().toLowerCase(Locale.ROOT));
                }
            }
        } catch (IOException e) {
            throw new DxGuardException(ReasonerErrors.INVALID_CONFIG, "cannot read " + resource + ": " + e, e);
        }
        return out;
    }

    /**
     * The given columns of every row of a CSV resource (RFC 4180 quoting; lines starting with '#' and blank lines
     * skipped; the first other line is the header). A missing cell reads as "".
     */
    static List<String[]> rows(String resource, String... columns) {
        List<String[]> out = new ArrayList<>();
        try (InputStream in = Lexicon.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new DxGuardException(ReasonerErrors.INVALID_CONFIG, "claim lexicon " + resource
                    + " is missing from the classpath");
            }
            String[] header = null;
            int[] idx = null;
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\\R")) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                List<String> cells = cells(line);
                if (header == null) {
                    header = cells.toArray(String[]::new);
                    idx = new int[columns.length];
                    for (int i = 0; i < columns.length; i++) {
                        idx[i] = indexOf(header, columns[i]);
                    }
                    continue;
                }
                String[] row = new String[columns.length];
                for (int i = 0; i < columns.length; i++) {
                    row[i] = idx[i] < cells.size() ? cells.get(idx[i]).strip() : "";
                }
                out.add(row);
            }
        } catch (IOException e) {
            throw new DxGuardException(ReasonerErrors.INVALID_CONFIG, "cannot read " + resource + ": " + e, e);
        }
        return out;
    }

    /** The cells of one CSV line (double quotes around a cell, "" inside it). */
    static List<String> cells(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cur.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }

    private static int indexOf(String[] header, String col) {
        for (int i = 0; i < header.length; i++) {
            if (header[i].strip().equals(col)) {
                return i;
            }
        }
        throw new DxGuardException(ReasonerErrors.INVALID_CONFIG, "claim lexicon has no column '" + col + "'");
    }
}
