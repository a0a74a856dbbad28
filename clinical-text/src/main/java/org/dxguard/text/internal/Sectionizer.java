package org.dxguard.text.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.dxguard.model.DxGuardException;
import org.dxguard.text.SectionKind;
import org.dxguard.text.TextErrors;

/**
 * Finds section headings (English and Chinese, {@code sections.tsv}): a heading phrase at the start of a line, of
 * the text, or of a sentence, followed by a colon (: or ：), a closing bracket (【主诉】) or the end of its line; inside
 * a line, an upper-case heading of at least four letters followed by a colon (run-in report headings). A Markdown
 * heading's marks ({@code # Chief Complaint}, {@code ## Plan}, as Synthea writes its notes) belong to the heading.
 * A Latin bracket opens a heading only where a heading may start ({@code [HPI]} at a line start), never inside a
 * sentence ("acute pharyngitis (disorder), stress (finding)" has no heading); 【 and 〔 open one anywhere.
 */
public final class Sectionizer {
    /** A heading found at tokens {@code [from, to)} (colon/brackets included); content starts at token {@code to}. */
    public record Heading(SectionKind kind, int from, int to, int start, int end, String text) {}

    private static final Set<String> OPEN = Set.of("[", "【", "(", "〔");
    /** Brackets that mark a heading wherever they stand (Chinese notes: …。【查体】…). */
    private static final Set<String> HEADING_BRACKETS = Set.of("【", "〔");
    private static final Set<String> CLOSE = Set.of("]", "】", ")", "〕");
    private static final Set<String> ENDS = Set.of(".", "。", "!", "?", "！", "？", ";", "；");

    private final PhraseTrie<SectionKind> trie = new PhraseTrie<>();

    private Sectionizer(List<String[]> rows, String where) {
        for (String[] r : rows) {
            SectionKind kind;
            try {
                kind = SectionKind.valueOf(DataFiles.cell(r, 0).toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new DxGuardException(TextErrors.INVALID_DATA, where + ": unknown section kind '" + r[0] + "'");
            }
            for (String h : DataFiles.list(DataFiles.cell(r, 1))) {
                trie.add(Tokenizer.norms(h), kind);
            }
        }
        trie.freeze();
    }

    public static Sectionizer packaged() {
        return Holder.PACKAGED;
    }

    public List<Heading> headings(String text, List<Token> tokens) {
        List<Heading> out = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            boolean atBoundary = boundary(text, tokens, i);
            if (!atBoundary && !(tokens.get(i).isWord() && Character.isUpperCase(text.charAt(tokens.get(i).start())))) {
                continue;
            }
            int at = i;
            while (atBoundary && at + 1 < tokens.size() && isMarkdownMark(tokens.get(at).norm())) {
                at++; // "# Chief Complaint", "## Plan"
            }
            boolean bracket = OPEN.contains(tokens.get(at).norm());
            if (bracket) {
                at++;
            }
            PhraseTrie.Match<SectionKind> m = trie.longest(tokens, at, tokens.size());
            if (m == null) {
                continue;
            }
            int j = m.to();
            boolean ok;
            int to = j;
            if (!atBoundary && !upperCaseColon(text, tokens, at, j)) {
                continue; // inside a line only an upper-case heading with a colon counts (reports: "... None  DIAGNOSIS: ...")
            }
            if (j < tokens.size() && (tokens.get(j).norm().equals(":") || bracket && CLOSE.contains(tokens.get(j).norm()))) {
                to = j + 1;
                if (to < tokens.size() && tokens.get(to).norm().equals(":")) {
                    to++; // 【主诉】：
                }
                ok = true;
            } else {
                ok = j == tokens.size() || newlineBetween(text, tokens.get(j - 1).end(), tokens.get(j).start());
            }
            if (ok) {
                Token first = tokens.get(i);
                Token last = tokens.get(to - 1);
                out.add(new Heading(m.values().get(0), i, to, first.start(), last.end(),
                    text.substring(first.start(), last.end())));
                i = to - 1;
            }
        }
        return out;
    }

    private static boolean upperCaseColon(String text, List<Token> tokens, int from, int to) {
        if (to >= tokens.size() || !tokens.get(to).norm().equals(":")) {
            return false;
        }
        String h = text.substring(tokens.get(from).start(), tokens.get(to - 1).end());
        int letters = 0;
        for (int k = 0; k < h.length(); k++) {
            char c = h.charAt(k);
            if (Character.isLetter(c)) {
                if (!Character.isUpperCase(c)) {
                    return false;
                }
                letters++;
            }
        }
        return letters >= 4;
    }

    private static boolean boundary(String text, List<Token> tokens, int i) {
        if (i == 0) {
            return true;
        }
        Token prev = tokens.get(i - 1);
        return newlineBetween(text, prev.end(), tokens.get(i).start()) || ENDS.contains(prev.norm())
            || prev.norm().equals(":") && i >= 2
            || HEADING_BRACKETS.contains(tokens.get(i).norm()) && i + 1 < tokens.size()
            || CLOSE.contains(prev.norm());
    }

    private static boolean isMarkdownMark(String norm) {
        return !norm.isEmpty() && norm.chars().allMatch(c -> c == '#');
    }

    static boolean newlineBetween(String text, int from, int to) {
        for (int k = from; k < to; k++) {
            char c = text.charAt(k);
            if (c == '\n' || c == '\r') {
                return true;
            }
        }
        return false;
    }

    private static final class Holder {
        static final Sectionizer PACKAGED = new Sectionizer(DataFiles.packaged("sections.tsv"), "sections.tsv");
    }
}
